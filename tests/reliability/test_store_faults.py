"""The embedded store under faults: a seed killed while writing leaves the previous
store intact and answering."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import graphmodel

pytestmark = pytest.mark.slow

GRAPHMODEL = str(Path(sys.executable).with_name("graphmodel"))


def test_seed_killed_while_writing_leaves_the_previous_store(tmp_path, province_dir):
    store = tmp_path / "store.gmz"
    graphmodel.seed("demo", store)
    before = store.read_bytes()
    answer = graphmodel.uncovered(graphmodel.open_store(store))

    # Seeding the province (the run's, already generated) takes seconds; its last step
    # writes a 140 MB temporary file beside the store. Kill the process the moment that
    # file appears.
    proc = subprocess.Popen([GRAPHMODEL, "seed", str(province_dir / "csv"), "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not list(tmp_path.glob(".store.gmz.*.tmp")):
        assert proc.poll() is None, "seed ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL

    assert store.read_bytes() == before
    assert graphmodel.uncovered(graphmodel.open_store(store)) == answer
    result = subprocess.run([GRAPHMODEL, "query", "uncovered", "-f", "json", "--store", str(store)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and [r["id"] for r in json.loads(result.stdout)] == \
        [r["id"] for r in answer]
    # The next successful write clears what the killed one left behind.
    graphmodel.seed("demo", store)
    assert [p.name for p in tmp_path.iterdir()] == ["store.gmz"]

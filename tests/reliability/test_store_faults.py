"""The embedded store under faults: a seed killed while writing leaves the previous
store intact and answering."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import graphmodel
from graphmodel.io.sources import INCOMPLETE_MARKER

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


@pytest.mark.parametrize("plain, column", [("ethnicity", "ethnicity\x00"),
                                           ("pocket", "pocket\x00"),
                                           ("hidden", "hid\u200bden"),
                                           ("floating", "floating\x1b[31m")])
def test_a_control_character_in_a_header_is_refused_and_the_good_store_kept(
        tmp_path, cli, seeded, plain, column):
    """A header cell such as ``ethnicity\\x00`` once became a column of its own whose
    array name the store could not hold: the seed said it succeeded and the good
    store before it was lost."""
    good = seeded.read_bytes()
    ds = tmp_path / "ds"
    shutil.copytree(graphmodel.bundled_dataset("demo"), ds)
    members = ds / "members.csv"
    first, rest = members.read_text(encoding="utf-8").split("\n", 1)
    cells = first.split(",")
    position = cells.index(plain) + 1
    cells[position - 1] = column
    members.write_text(",".join(cells) + "\n" + rest, encoding="utf-8")
    result = cli("seed", ds)
    assert result.exit_code == 1, result.output
    assert f"members.csv:1: column {position}: the name {column!r} holds a control" in result.stderr
    assert "Traceback" not in result.output and "\x00" not in result.output
    assert seeded.read_bytes() == good


def test_a_store_that_does_not_read_back_never_replaces_a_good_one(seeded):
    """Whatever slips past the dataset's checks: the store is read back before the
    rename (here a column name a zip member cannot hold, given straight to the writer)."""
    from graphmodel.io.store import write_store

    good = seeded.read_bytes()
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    arrays = {k: G.array(k) for k in G.keys()}
    arrays["member/x\x00"] = arrays["member/ethnicity"]
    columns = {k: list(v) for k, v in G.columns.items()}
    columns["member"].append("x\x00")
    H = type(G)(arrays, columns)
    H.meta = dict(G.meta)
    with pytest.raises(graphmodel.StoreError, match="does not read back, so the store there was kept"):
        write_store(H, seeded)
    assert seeded.read_bytes() == good
    assert [p.name for p in seeded.parent.iterdir()] == [seeded.name]  # no temporary left


# --- an export stopped part-way ------------------------------------------------------

def test_export_csv_killed_while_writing_leaves_the_previous_export(tmp_path):
    """An export over an older one, killed while it wrote, left a folder of files from
    both that validated as a dataset. Now the files are written beside, in a folder of
    their own, and renamed into place at the end."""
    from ..datasets import random_dataset

    old = tmp_path / "old.gmz"
    graphmodel.seed("demo", old)
    new = tmp_path / "new.gmz"
    graphmodel.seed(random_dataset(tmp_path / "big", seed=5, size=20_000), new)
    out = tmp_path / "out"
    assert subprocess.run([GRAPHMODEL, "export", "csv", str(out), "--store", str(old)],
                          capture_output=True).returncode == 0
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not the export's: kept
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    proc = subprocess.Popen([GRAPHMODEL, "export", "csv", str(out), "--store", str(new)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(".export-staging-") and any(p.iterdir())
                  for p in out.iterdir() if p.is_dir()):
        assert proc.poll() is None, "the export ended before it was stopped"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert graphmodel.digest(graphmodel.read_dataset(out)) == \
        graphmodel.digest(graphmodel.open_store(old))

    # The next export clears what the killed one left, and keeps the user's file.
    assert subprocess.run([GRAPHMODEL, "export", "csv", str(out), "--store", str(new)],
                          capture_output=True).returncode == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert graphmodel.digest(graphmodel.read_dataset(out)) == \
        graphmodel.digest(graphmodel.open_store(new))


def test_a_folder_whose_export_stopped_while_renaming_is_refused(cli, seeded, tmp_path):
    """Stopped in the moment the files are renamed into place, the folder says so."""
    out = tmp_path / "out"
    assert cli("export", "csv", out).exit_code == 0
    (out / INCOMPLETE_MARKER).write_text("stopped\n", encoding="utf-8")
    result = cli("validate", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "an export into this folder was stopped while it replaced the files" in result.stderr

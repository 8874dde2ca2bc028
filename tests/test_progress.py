"""Progress bars: drawn on a terminal (a real pseudo-terminal running the installed
console script), absent when output is piped and with --quiet."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

import graphmodel

SCRIPT = Path(sys.executable).parent / "graphmodel"
BAR = "━"  # rich's bar character


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "GRAPHMODEL_STORE": str(tmp_path / "store.gmz"), "TERM": "xterm",
            "COLUMNS": "100", "NO_COLOR": "1"}


def _on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run the command with stdout and stderr on a pseudo-terminal; all it wrote."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(SCRIPT), *args], stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=slave, env=env, cwd=cwd, close_fds=True)
    os.close(slave)
    out = bytearray()
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=60), out.decode("utf-8", "replace")


pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")


def test_seed_draws_a_bar_on_a_terminal(tmp_path):
    code, out = _on_a_terminal(["seed", "demo"], _env(tmp_path), tmp_path)
    assert code == 0, out
    assert BAR in out and "reading the dataset" in out and "writing the store" in out
    assert "seeded demo into" in out


def test_export_draws_a_bar_on_a_terminal_and_none_with_quiet(tmp_path):
    graphmodel.seed("demo", tmp_path / "store.gmz")
    code, out = _on_a_terminal(["export", "csv", "out"], _env(tmp_path), tmp_path)
    assert code == 0 and BAR in out and "writing CSV files" in out, out
    code, out = _on_a_terminal(["export", "csv", "out", "--quiet"], _env(tmp_path), tmp_path)
    assert code == 0 and BAR not in out and "writing CSV" not in out, out
    assert out.strip().startswith("wrote csv of")


def test_piped_output_has_no_bar(tmp_path):
    result = subprocess.run([str(SCRIPT), "seed", "demo"], capture_output=True, text=True,
                            env=_env(tmp_path), cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("seeded demo into") and BAR not in result.stdout

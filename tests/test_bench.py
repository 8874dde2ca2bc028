"""The benchmark script keeps working: CI runs it in its smoke mode (the demo data)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.neo4j
@pytest.mark.slow
def test_bench_smoke(tmp_path, neo4j_env):
    out = tmp_path / "RESULTS.md"
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke",
                             "--out", str(out)], capture_output=True, text=True,
                            env={**os.environ, **neo4j_env}, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text(encoding="utf-8")
    for step in ("seed (validate, build, write the store)", "query uncovered --format json",
                 "push (graphmodel push process", "one transaction per row",
                 "neo4j report (province), warm", "export graphml (the province)",
                 "export csv --region R-DA"):
        assert step in text

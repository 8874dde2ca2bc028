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
                 "export csv --region R-DA", "export parquet --region R-DA"):
        assert step in text


def test_bench_only_writes_one_part_in_a_section_of_its_own_and_replaces_it(tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n\n| table |\n\n<!-- notes: kept when the table is "
                   "rewritten -->\nHand-written notes.\n", encoding="utf-8")
    for _ in range(2):  # the second run replaces the first's section
        result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke",
                                 "--only", "record_checks", "--out", str(out)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("<!-- part: record_checks -->") == 1
    assert text.count("check (record checks, the store)") == 1
    assert text.startswith("# Benchmark results\n\n| table |")  # the main table is kept
    assert "Hand-written notes." in text

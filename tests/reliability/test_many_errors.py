"""A dataset with many bad rows gets all of them reported, never just the first."""

from __future__ import annotations

from ..test_bad_input import PROBLEM_LINE, append_row, problems_of, where


def test_a_thousand_bad_rows_are_all_reported(demo_dir):
    first = None
    for n in range(1000):
        line = append_row(demo_dir, "entities.csv", f"X{n:04d}", "某店", "shop", "R-DA",
                          "", "", "", "")
        first = first or line
    problems = problems_of(demo_dir)
    assert len(problems) == 1000
    assert [where(p) for p in problems] == [
        ("entities.csv", line, "type") for line in range(first, first + 1000)]


def test_validate_max_errors_prints_that_many_then_a_count(demo_dir, cli):
    for n in range(1000):
        append_row(demo_dir, "entities.csv", f"X{n:04d}", "某店", "shop", "R-DA",
                   "", "", "", "")
    result = cli("validate", demo_dir, "--max-errors", "10")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) >= 11, result.stderr
    assert all(PROBLEM_LINE.match(text) and ": type: " in text for text in lines[:10]), lines
    assert lines[10] == "... and 990 more"
    assert not any(text.startswith(str(demo_dir)) for text in lines[11:])
    assert "Traceback" not in result.output

"""--sort, --limit and --format jsonl on the row queries, and graphmodel.model.rows."""

from __future__ import annotations

import json

import pytest

import graphmodel
from graphmodel.model.rows import limit, sort_rows


def _ids(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def test_sort_descending_then_ascending_and_limit(cli, seeded):
    result = cli("query", "uncovered", "--sort", "-members", "--sort", "name", "-f", "jsonl")
    # members 2, then the two with 1 by name (定 before 第), then 0
    assert _ids(result) == ["E02", "E03", "E07", "E09"]
    limited = cli("query", "uncovered", "--sort=-members", "--limit", "2", "-f", "jsonl")
    assert _ids(limited) == ["E02", "E03"]


def test_sort_is_stable_rows_arrive_by_id(cli, seeded):
    # E03 and E07 share industry IND-CT: they keep their id order, also descending.
    assert _ids(cli("query", "uncovered", "--sort", "industry_id", "-f", "jsonl")) == \
        ["E02", "E03", "E07", "E09"]
    assert _ids(cli("query", "uncovered", "--sort", "-industry_id", "-f", "jsonl")) == \
        ["E09", "E03", "E07", "E02"]


def test_jsonl_has_the_keys_and_values_of_json(cli, seeded):
    for query in ("uncovered", "isolated"):
        as_json = json.loads(cli("query", query, "-f", "json").stdout)
        lines = cli("query", query, "-f", "jsonl").stdout.splitlines()
        assert [json.loads(line) for line in lines] == as_json
        assert [list(json.loads(line)) for line in lines] == [list(r) for r in as_json]


def test_unknown_sort_column_is_one_line_listing_the_columns(cli, seeded):
    result = cli("query", "isolated", "--sort", "size")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: --sort: cannot sort by 'size': no such column "
        "(columns: id, name, region_id, region_name, employer_id, employer_name, reasons)"]


@pytest.mark.parametrize("value", ["0", "-1", "1000001"])
def test_limit_out_of_range(cli, seeded, value):
    result = cli("query", "uncovered", "--limit", value)
    assert result.exit_code == 1 and "--limit" in result.stderr


def test_table_counts_the_rows_printed(cli, seeded):
    result = cli("query", "uncovered", "--limit", "1")
    assert result.stdout.strip().splitlines()[-1] == "1 uncovered entity"


def test_sort_rows_none_last_both_ways():
    rows = [{"id": "a", "v": None}, {"id": "b", "v": 2}, {"id": "c", "v": 1},
            {"id": "d", "v": None}, {"id": "e", "v": 2}]
    assert [r["id"] for r in sort_rows(rows, ["v"])] == ["c", "b", "e", "a", "d"]
    assert [r["id"] for r in sort_rows(rows, ["-v"])] == ["b", "e", "c", "a", "d"]
    assert [r["id"] for r in sort_rows(rows, [])] == ["a", "b", "c", "d", "e"]
    assert [r["id"] for r in limit(sort_rows(rows, "-v"), 2)] == ["b", "e"]


def test_sort_rows_mixed_types_do_not_fail():
    rows = [{"v": "x"}, {"v": 1}, {"v": [1]}]
    assert len(sort_rows(rows, "v")) == 3


def test_sort_rows_checks_columns():
    with pytest.raises(graphmodel.QueryError, match="columns: id, v"):
        sort_rows([], "w", ["id", "v"])
    with pytest.raises(graphmodel.QueryError):
        limit([], -1)

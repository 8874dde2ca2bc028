"""Regions by id, name or GB/T 2260 code; an ambiguous name lists its candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphmodel
from graphmodel.backends.embedded.tree import resolve_region


@pytest.fixture
def demo():
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


def _with_regions(demo_dir: Path, *lines: str) -> Path:
    with open(demo_dir / "regions.csv", "a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    return demo_dir


@pytest.mark.parametrize("value", ["R-DA", "定安县", "469021"])
def test_id_name_and_code_give_the_same_answers(demo, value):
    assert resolve_region(demo, value) == "R-DA"
    assert graphmodel.uncovered(demo, region=value) == graphmodel.uncovered(demo, region="R-DA")
    assert graphmodel.isolated(demo, region=value) == graphmodel.isolated(demo, region="R-DA")
    assert graphmodel.report(demo, region=value) == graphmodel.report(demo, region="R-DA")
    assert (graphmodel.region_subtree(demo, value) == graphmodel.region_subtree(demo, "R-DA")).all()


def test_unknown_region(demo):
    with pytest.raises(graphmodel.QueryError, match="^no region with id, name or code 'x'$"):
        graphmodel.uncovered(demo, region="x")


def test_ambiguous_name_lists_the_candidates(demo_dir):
    # A second 定城镇, in 吉阳区: hand-made, the Hainan generator has no repeated name.
    G = graphmodel.read_dataset(_with_regions(demo_dir, "R-SY-DC,定城镇,town,R-SY-JY,"))
    with pytest.raises(graphmodel.QueryError) as error:
        graphmodel.isolated(G, region="定城镇")
    assert str(error.value) == (
        "region '定城镇' matches 2 regions, give its id: "
        "R-DA-DC (定城镇, town, in 定安县); R-SY-DC (定城镇, town, in 吉阳区)")
    assert resolve_region(G, "R-SY-DC") == "R-SY-DC"
    assert resolve_region(G, "469021100") == "R-DA-DC"  # its code is still unique


def test_an_id_wins_over_another_regions_name(demo_dir):
    # A region whose *name* is another region's id: the id wins.
    G = graphmodel.read_dataset(_with_regions(demo_dir, "R-X,R-DA,town,R-SY-JY,"))
    assert resolve_region(G, "R-DA") == "R-DA"


def test_hainan_regions_have_no_repeated_names():
    from graphmodel.generate.hainan_regions import COUNTIES

    names = [c.name for c in COUNTIES] + [t for c in COUNTIES for t in c.towns]
    assert len(names) == len(set(names))


def test_cli_region_by_name_and_code(cli, seeded):
    by_id = cli("query", "uncovered", "--region", "R-DA", "-f", "json")
    for value in ("定安县", "469021"):
        assert cli("query", "uncovered", "--region", value, "-f", "json").stdout == by_id.stdout
    report = json.loads(cli("report", "--region", "定安县", "-f", "json").stdout)
    assert report["region"] == "R-DA"


def test_cli_ambiguous_region_is_one_line(cli, store, demo_dir):
    _with_regions(demo_dir, "R-SY-DC,定城镇,town,R-SY-JY,")
    assert cli("seed", str(demo_dir)).exit_code == 0
    result = cli("query", "isolated", "--region", "定城镇")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "R-DA-DC (定城镇, town, in 定安县); R-SY-DC" in result.stderr


# --- graphmodel regions / industries ---------------------------------------------------

def test_regions_library(demo):
    rows = graphmodel.regions(demo)
    assert [r["id"] for r in rows] == sorted(demo.ids("region").tolist())
    assert rows[0] == {"id": "HN", "name": "海南省", "level": "province", "code": "460000",
                       "parent_id": None, "parent_name": None}
    assert [r["id"] for r in graphmodel.regions(demo, under="469021")] == \
        ["R-DA", "R-DA-DC", "R-DA-LH"]
    assert [r["id"] for r in graphmodel.regions(demo, level="county")] == ["R-DA", "R-SY-JY"]
    with pytest.raises(graphmodel.QueryError, match="level: expected one of"):
        graphmodel.regions(demo, level="village")
    assert graphmodel.industries(demo) == [
        {"id": i, "name": n} for i, n in sorted(zip(demo.ids("industry").tolist(),
                                                    demo.column("industry", "name").tolist()))]


def test_regions_command(cli, seeded):
    result = cli("regions", "--under", "定安县", "--level", "town", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"id": "R-DA-DC", "name": "定城镇", "level": "town", "code": "469021100",
         "parent_id": "R-DA", "parent_name": "定安县"},
        {"id": "R-DA-LH", "name": "龙湖镇", "level": "town", "code": "469021106",
         "parent_id": "R-DA", "parent_name": "定安县"}]
    table = cli("regions", "--sort", "-level", "--limit", "2")
    assert table.exit_code == 0 and table.stdout.strip().splitlines()[-1] == "2 regions"
    assert cli("regions", "--sort", "size").exit_code == 1
    assert cli("regions", "--under", "nowhere").stderr == \
        "error: no region with id, name or code 'nowhere'\n"


def test_industries_command(cli, seeded):
    result = cli("industries", "--sort", "name", "-f", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "id,name" and len(lines) == 6
    assert json.loads(cli("industries", "-f", "json").stdout)[0] == \
        {"id": "IND-AP", "name": "农副产品加工"}

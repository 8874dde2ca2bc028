"""The CLI end to end: seed, then ask, in every output format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import typer.main

from graphmodel.cli import app


def test_seed_then_query_uncovered_table(cli, seeded):
    result = cli("query", "uncovered")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "name", "type", "region_id", "region_name", "county_name",
                                "industry_id", "industry_name", "market_id", "members"]
    assert [line.split()[0] for line in lines[2:-1]] == ["E02", "E03", "E07", "E09"]
    assert lines[-1] == "4 uncovered entities"


def test_query_uncovered_json_rows(cli, seeded):
    rows = json.loads(cli("query", "uncovered", "--type", "individual", "-f", "json").output)
    assert rows == [
        {"id": "E03", "name": "定城王记粉店", "type": "individual", "region_id": "R-DA-DC",
         "region_name": "定城镇", "county_name": "定安县", "industry_id": "IND-CT",
         "industry_name": "餐饮", "market_id": None, "members": 1},
        {"id": "E07", "name": "第一市场老陈海鲜排档", "type": "individual", "region_id": "R-SY-JY",
         "region_name": "吉阳区", "county_name": "吉阳区", "industry_id": "IND-CT",
         "industry_name": "餐饮", "market_id": "E10", "members": 1},
    ]


def test_query_uncovered_filters(cli, seeded):
    def ids(*args):
        return [r["id"] for r in json.loads(cli("query", "uncovered", "-f", "json", *args).output)]
    assert ids("--region", "R-DA") == ["E02", "E03", "E09"]
    assert ids("--industry", "IND-CT") == ["E03", "E07"]
    assert ids("--region", "R-DA-LH", "--type", "small_micro") == ["E02"]


def test_query_isolated_json_and_csv(cli, seeded):
    rows = json.loads(cli("query", "isolated", "--format", "json").output)
    assert [(r["id"], r["reasons"]) for r in rows] == [
        ("P05", ["unattached"]), ("P07", ["lost_contact"]), ("P09", ["lost_contact", "unattached"])]
    table = list(csv.DictReader(io.StringIO(cli("query", "isolated", "-f", "csv").output)))
    assert table[2] == {"id": "P09", "name": "郑勇", "region_id": "R-SY-JY", "region_name": "吉阳区",
                        "employer_id": "E07", "employer_name": "第一市场老陈海鲜排档",
                        "reasons": "lost_contact,unattached"}
    assert [r["id"] for r in json.loads(
        cli("query", "isolated", "--region", "R-SY", "-f", "json").output)] == ["P09"]


def test_report_json(cli, seeded):
    result = cli("report", "--as-of", "2016-06-16", "--format", "json")
    figures = json.loads(result.output)
    assert figures["entities"]["total"] == 10
    assert figures["covered_entities"] == 6 and figures["coverage_rate"] == 0.6
    assert figures["members"]["total"] == 12 and figures["members"]["org_life"] == 4


def test_report_table_with_region_and_types(cli, seeded):
    result = cli("report", "--region", "R-SY", "--type", "individual,market", "--as-of", "2016-06-16")
    assert result.exit_code == 0
    assert "Report: region 三亚市 (R-SY), individual, market, as of 2016-06-16" in result.output
    assert re.search(r"Coverage rate\s+75\.0%", result.output)


def test_bad_arguments_are_one_line_errors(cli, seeded):
    for args, message in [
        (("query", "uncovered", "--region", "X"), "error: no region with id, name or code 'X'"),
        (("query", "uncovered", "--type", "shop"), "error: unknown entity type 'shop'"),
        (("report", "--as-of", "16/06/2016"), "expected a date YYYY-MM-DD"),
    ]:
        result = cli(*args)
        assert result.exit_code in (1, 2), args
        assert message in result.output and "Traceback" not in result.output


def test_query_without_a_store_says_to_seed(cli):
    result = cli("query", "uncovered")
    assert result.exit_code == 1
    assert "no store at" in result.output and "graphmodel seed" in result.output


def test_store_option_beats_the_environment(cli, tmp_path):
    other = tmp_path / "other.gmz"
    assert cli("seed", "demo", "--store", other).exit_code == 0
    assert other.exists()
    assert cli("query", "isolated", "--store", other).exit_code == 0


def test_seed_and_validate_print_counts(cli, demo_dir):
    result = cli("validate", demo_dir)
    assert result.exit_code == 0 and "valid: 6 regions, 5 industries" in result.output
    result = cli("seed", demo_dir)
    assert result.exit_code == 0 and "seeded" in result.output and "12 member" in result.output


def test_csv_output_neutralises_formulas(cli, demo_dir):
    path = demo_dir / "members.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("吴芳", "=cmd|' /C calc'!A0"),
                    encoding="utf-8")
    assert cli("seed", demo_dir).exit_code == 0
    rows = list(csv.reader(io.StringIO(cli("query", "isolated", "-f", "csv").output)))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"


def _command_names(group, prefix=()):
    click_group = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            yield from _command_names(command, prefix + (name,))
        else:
            yield " ".join(prefix + (name,))


def test_every_command_has_help_and_is_in_the_readme(cli):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    names = sorted(_command_names(typer.main.get_command(app)))
    assert {"seed", "validate", "query uncovered", "query isolated", "report"} <= set(names)
    for name in names:
        result = cli(*name.split(), "--help")
        assert result.exit_code == 0 and "Usage" in result.output, name
        assert f"graphmodel {name}" in readme, f"README does not document `graphmodel {name}`"


def test_a_store_path_that_cannot_be_written_is_a_one_line_error(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = cli("seed", "demo", "--store", blocker / "store.gmz")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: cannot write the store at {blocker / 'store.gmz'}")
    assert blocker.read_text() == "not a directory"

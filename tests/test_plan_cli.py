"""`graphmodel plan` end to end: real store files, every format, the summary, the
hand-off files applied with `graphmodel seed`, and bad input."""

from __future__ import annotations

import csv
import io
import json
import os

import graphmodel

from .datasets import append_files, entity, member, organisation, region, write_dataset


def test_plan_rows_in_every_format(cli, seeded):
    table = cli("plan")
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[-1] == "3 entities to form or attach"
    rows = json.loads(cli("plan", "-f", "json").output)
    assert {"entity_id", "entity_name", "region_id", "members", "formation", "group",
            "organisation_id"} <= set(rows[0])
    assert [(r["entity_id"], r["formation"]) for r in rows] == \
        [("E02", "affiliated"), ("E03", "affiliated"), ("E07", "affiliated")]
    lines = cli("plan", "-f", "jsonl").output.splitlines()
    assert [json.loads(line) for line in lines] == rows
    parsed = list(csv.DictReader(io.StringIO(cli("plan", "-f", "csv").output)))
    assert [r["entity_id"] for r in parsed] == ["E02", "E03", "E07"]
    zh = cli("plan", "--lang", "zh")
    assert "挂靠组建" in zh.output and zh.output.splitlines()[-1] == "共 3 户拟组建或挂靠的市场主体"


def test_summary_table_has_before_after_and_a_total(cli, seeded):
    result = cli("plan", "--summary")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:7] == ["id", "name", "entities", "covered_before", "covered_after",
                                    "coverage_before", "coverage_after"]
    assert lines[-2].startswith("total") and "60.0%" in lines[-2] and "90.0%" in lines[-2]
    by_county = json.loads(cli("plan", "--by", "county", "-f", "json").output)
    assert json.loads(cli("plan", "--summary", "-f", "json").output) == by_county
    assert [(r["id"], r["covered_before"], r["covered_after"]) for r in by_county] == \
        [("R-DA", 2, 4), ("R-SY-JY", 4, 5)]
    by_type = json.loads(cli("plan", "--by", "type", "-f", "json").output)
    assert [r["id"] for r in by_type] == ["enterprise", "individual", "market", "small_micro"]
    ledong_like = cli("plan", "--region", "定安县", "--summary", "--sort", "-covered_after")
    assert ledong_like.exit_code == 0 and "定安县" in ledong_like.output


def test_out_files_applied_with_seed_give_the_summarys_after(cli, tmp_path, store):
    base = write_dataset(
        tmp_path / "ds",
        region=[region("P", level="province"), region("C", "P", "county"),
                region("T", "C", "town")],
        entity=[entity("BIG", "T"), *(entity(f"S{i}", "T", "individual") for i in range(4)),
                entity("ZERO", "T")],
        member=[member(f"MB{i}", "T", employer_id="BIG") for i in range(3)]
        + [member(f"MS{i}", "T", employer_id=f"S{i}", floating=True) for i in range(4)],
        organisation=[organisation("O1", "C")],
        agency=[{"id": "A", "name": "局", "kind": "bureau", "region_id": "C"}],
        instructor=[{"id": "N", "name": "甲", "agency_id": "A"}])
    assert cli("seed", base).exit_code == 0
    before = store.read_bytes()
    result = cli("plan", "--out", tmp_path / "out", "--summary", "-f", "json", "--station-threshold", "4")
    assert result.exit_code == 0, result.output
    assert store.read_bytes() == before                     # planning changes nothing
    (county,) = json.loads(result.stdout)
    assert (county["standalone"], county["regional_branches"], county["stations_proposed"]) == (1, 1, 1)
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["coverage.csv", "guidance.csv", "memberships.csv", "organisations.csv",
                     "registrations.csv", "stations.csv"]
    with open(tmp_path / "out" / "organisations.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["proposed"] for r in rows} == {"true"} and len(rows) == 2
    applied = append_files(base, tmp_path / "out", tmp_path / "applied")
    assert cli("seed", applied).exit_code == 0
    after = json.loads(cli("report", "--by", "county", "-f", "json").output)[0]
    assert after["covered_entities"] == county["covered_after"]
    assert after["organisations"] == county["organisations_after"]
    assert after["liaison_station"] == county["stations_proposed"]
    # Planning the applied graph again finds nothing left to form.
    assert json.loads(cli("plan", "-f", "json").output) == []


def test_bad_input_is_one_line_exit_1_and_writes_nothing(cli, seeded, tmp_path):
    out = tmp_path / "out"
    for args, message in [
            (["--station-threshold", "0"], "--station-threshold"),
            (["--max-load", "0"], "--max-load"), (["--max-load", "nan"], "--max-load"),
            (["--region", "nowhere"], "no region"), (["--type", "shop"], "shop"),
            (["--as-of", "2016-13-01"], "--as-of"), (["--sort", "colour"], "colour"),
            (["--limit", "0"], "--limit")]:
        result = cli("plan", "--out", out, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output and message in result.output, args
        assert result.output.count("\n") == 1
        assert not out.exists()
    assert cli("plan", "--out", out).exit_code == 0
    again = cli("plan", "--out", out)
    assert again.exit_code == 1 and "already holds" in again.output
    file = tmp_path / "a-file"
    file.write_text("x")
    assert cli("plan", "--out", file).exit_code == 1


def test_no_id_number_is_ever_printed(cli, tmp_path, store):
    number = "11010519491231002X"
    base = write_dataset(tmp_path / "ds", region=[region("C", level="county")],
                         entity=[entity("E", "C")],
                         member=[member(f"M{i}", "C", employer_id="E", id_number=number,
                                        floating=True) for i in range(3)])
    assert cli("seed", base).exit_code == 0
    for fmt in ("table", "json", "csv"):
        assert number not in cli("plan", "-f", fmt).output
    assert cli("plan", "--out", tmp_path / "out").exit_code == 0
    for name in os.listdir(tmp_path / "out"):
        assert number not in (tmp_path / "out" / name).read_text(encoding="utf-8")


def test_the_library_and_the_command_agree(cli, seeded):
    G = graphmodel.open_store(seeded)
    assert json.loads(cli("plan", "-f", "json").output) == list(graphmodel.plan(G).formations)

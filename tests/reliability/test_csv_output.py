"""Every CSV graphmodel writes makes cells that a spreadsheet would run as formulas
inert (a leading quote)."""

from __future__ import annotations

import csv
import io

import pytest

import graphmodel
from graphmodel.questions import catalogue

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def hostile_store(cli, demo_dir):
    # Names are free text: put a formula into every row the queries return.
    for file, column in (("entities.csv", "name"), ("members.csv", "name"),
                         ("regions.csv", "name"), ("industries.csv", "name"),
                         ("instructors.csv", "name"), ("stations.csv", "name")):
        path = demo_dir / file
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        for i, row in enumerate(rows):
            row[column] = FORMULAS[i % len(FORMULAS)] + f" row{i}"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    result = cli("seed", demo_dir)
    assert result.exit_code == 0, result.output


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_inert(text: str) -> None:
    names = [c for c in cells(text) if " row" in c]
    assert names, text
    for cell in names:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert cell.startswith("'")


def command_line(q) -> list[str]:
    """The command of question ``q`` (``report --by`` takes its default level)."""
    args = list(q.command)
    if args[-1].startswith("--"):
        args.append(q.parameter(args[-1][2:]).default)
    return args


ROW_QUESTIONS = [q for q in catalogue.questions().values() if q.columns and q.command]


@pytest.mark.parametrize("q", ROW_QUESTIONS, ids=[q.name for q in ROW_QUESTIONS])
@pytest.mark.parametrize("fmt", ["csv", "excel"])
def test_every_row_question_csv_is_inert(cli, hostile_store, q, fmt):
    result = cli(*command_line(q), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout.lstrip("\ufeff"))


@pytest.mark.neo4j
def test_cypher_csv_is_inert(cli, hostile_store, neo4j_env):
    assert cli("push", env=neo4j_env).exit_code == 0
    result = cli("cypher", "MATCH (m:PartyMember) RETURN m.name AS name", "-f", "csv", env=neo4j_env)
    assert_inert(result.stdout)


def test_plan_files_are_inert_and_seed_back_as_they_were(cli, store, tmp_path):
    """The plan's files are reviewed in a spreadsheet, then appended to the dataset: a
    proposed station named after its town, here ``=cmd|...``, is written with a
    leading quote, and the dataset reader drops that quote again."""
    from ..datasets import member, region, write_dataset

    hostile = FORMULAS[0] + " row"
    where = [region("P", level="province"), region("C", "P", "county"),
             region("T1", "C", "town", name=hostile)]
    ds = write_dataset(tmp_path / "ds", region=where,
                       member=[member(f"F{i}", "T1", floating=True) for i in range(5)])
    assert cli("seed", ds).exit_code == 0
    out = tmp_path / "plan"
    result = cli("plan", "--out", out)
    assert result.exit_code == 0, result.output
    stations = (out / "stations.csv").read_text(encoding="utf-8")
    assert_inert(stations)
    [row] = list(csv.DictReader(io.StringIO(stations)))
    assert row["name"].startswith("'" + hostile)
    # Appended to the dataset and seeded: the name comes back without the quote.
    target = ds / "stations.csv"
    header = next(csv.reader(target.open(encoding="utf-8"))) if target.exists() else \
        ["id", "name", "kind", "region_id"]
    with target.open("a", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header, extrasaction="ignore")
        if f.tell() == 0:
            writer.writeheader()
        writer.writerow(row)
    G = graphmodel.read_dataset(ds)
    names = {str(n) for n in G.column("station", "name")}
    assert row["name"][1:] in names and not [n for n in names if n.startswith("'")]

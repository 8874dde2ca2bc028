"""The offline importer's files (`graphmodel export neo4j-admin`) and the refusals of
`graphmodel neo4j import` that need no server."""

from __future__ import annotations

import csv
import os

import numpy as np

import graphmodel
from graphmodel.backends.neo4j import bulk


def test_export_writes_typed_files_and_prints_the_command(cli, seeded, tmp_path):
    out = tmp_path / "admin"
    result = cli("export", "neo4j-admin", out)
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full neo4j --overwrite-destination=true" in result.output
    assert f"--nodes=PartyMember={out / 'nodes-member.csv'}" in result.output
    assert f"cypher-shell -f {out / 'after-import.cypher'}" in result.output
    with open(out / "nodes-member.csv", encoding="utf-8", newline="") as fh:
        header, first = next(csv.reader(fh)), next(csv.reader(fh))
    assert header[:4] == ["id:ID(PartyMember)", "name", "ethnicity", "floating:boolean"]
    assert "last_org_life:date" in header and first[header.index("floating:boolean")] == "false"
    with open(out / "relationships-memberships.csv", encoding="utf-8") as fh:
        assert fh.readline() == ":START_ID(PartyMember),:END_ID(PartyOrganisation),role,since:date\n"
    after = (out / "after-import.cypher").read_text()
    assert ":param as_of => date('2016-06-16');" in after and "CREATE CONSTRAINT member_id" in after
    # Names and masked numbers: readable by their owner only.
    assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {"0o600"}


def test_every_row_and_value_is_written(tmp_path):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    files = bulk.write_import_files(G, tmp_path)
    for label, name in files.nodes:
        kind = next(k for k in graphmodel.model.schema.NODE_KINDS if k.label == label)
        with open(tmp_path / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert [r[f"id:ID({label})"] for r in rows] == G.ids(kind.name).tolist()
    assert files.rows == 144 and not files.multiline


def test_cells_that_need_quotes_are_quoted_and_missing_values_left_empty(tmp_path):
    values = ["plain", "a,b", 'say "hi"', "two\nlines", "", "定安"]
    cells = bulk._texts(np.array(values))
    assert cells == ["plain", '"a,b"', '"say ""hi"""', '"two\nlines"', "", "定安"]
    path = tmp_path / "x.csv"  # read back as CSV, each value comes back as it was
    path.write_text("name,n\n" + "".join(f"{c},1\n" for c in cells), encoding="utf-8")
    with open(path, encoding="utf-8", newline="") as fh:
        assert [r[0] for r in csv.reader(fh)][1:] == values
    dates = np.array(["2016-05-31", "NaT"], dtype="datetime64[D]")
    assert bulk._texts(dates) == ["2016-05-31", ""]
    assert bulk._texts(np.array([True, False])) == ["true", "false"]


def test_import_refuses_when_neo4j_uri_points_elsewhere(cli, seeded, tmp_path):
    target = tmp_path / "server"
    result = cli("neo4j", "import", "--dir", target,
                 env={"NEO4J_URI": "bolt://user:secret@db.example:7687"})
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("error: NEO4J_URI points at")
    assert "secret" not in result.output and "use graphmodel push" in result.output
    assert not target.exists()


def test_import_refuses_a_directory_of_something_else(cli, seeded, tmp_path):
    (tmp_path / "mine.txt").write_text("x")
    result = cli("neo4j", "import", "--dir", tmp_path)
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "is not the directory of a Neo4j graphmodel started" in result.output
    assert sorted(os.listdir(tmp_path)) == ["mine.txt", "store"]


def test_unwritable_places_give_one_line(cli, seeded, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for args in (["neo4j", "import", "--dir", blocker / "server"],
                 ["export", "neo4j-admin", blocker / "out"]):
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert result.output.count("\n") == 1 and "Not a directory" in result.output, result.output
        assert "Traceback" not in result.output

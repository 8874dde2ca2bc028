"""The CLI against a real Neo4j: push, the same printed answers, read-only cypher."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.neo4j


@pytest.fixture
def pushed(seeded, neo4j_demo):
    """The demo in Neo4j (pushed once for the readers of the run) and in the CLI's store."""
    return neo4j_demo


def test_push_into_an_empty_database_says_what_it_wrote(cli, seeded, neo4j_env):
    result = cli("push", "--batch-size", "3", env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert "pushed 144 rows" in result.output and "49 nodes and 95 relationships created" in result.output


@pytest.mark.parametrize("args", [
    ("query", "uncovered"),
    ("query", "uncovered", "--region", "R-DA", "-f", "json"),
    ("query", "uncovered", "--type", "individual", "-f", "csv"),
    ("query", "uncovered", "--industry", "IND-CT"),
    ("query", "isolated"),
    ("query", "isolated", "--region", "R-SY", "-f", "csv"),
    ("report", "--as-of", "2016-06-16"),
    ("report", "--region", "R-DA", "--type", "small_micro,individual", "--as-of", "2016-06-16",
     "-f", "json"),
    ("query", "uncovered", "--region", "nowhere"),
])
def test_neo4j_backend_prints_what_the_embedded_one_prints(cli, pushed, args):
    embedded = cli(*args)
    neo4j = cli(*args, "--backend", "neo4j", env=pushed)
    assert (neo4j.exit_code, neo4j.stdout, neo4j.stderr) == \
        (embedded.exit_code, embedded.stdout, embedded.stderr)


def test_push_from_a_dataset_directory(cli, neo4j_env, demo_dir):
    result = cli("push", "--from", demo_dir, env=neo4j_env)
    assert result.exit_code == 0 and "49 nodes" in result.output


def test_push_never_prints_the_password(cli, pushed):
    result = cli("push", env=pushed)
    assert pushed["NEO4J_PASSWORD"] not in result.output


def test_cypher_runs_reads_and_prints_rows(cli, pushed):
    result = cli("cypher", "MATCH (e:MarketEntity {type: $t}) RETURN e.id AS id ORDER BY id",
                 "--param", "t=market", "-f", "json", env=pushed)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"id": "E10"}]
    merge = cli("cypher", "MATCH (n:Merge) RETURN n", env=pushed)
    assert merge.exit_code == 0 and "0 rows" in merge.stdout


def test_cypher_runs_a_file_of_the_library(cli, pushed):
    from graphmodel.io.resources import shipped_dir

    path = shipped_dir("cypher") / "queries" / "coverage.cypher"
    result = cli("cypher", path, "-p", "by=city", "-p", "types=null", "-p", "region=null",
                 "-f", "json", env=pushed)
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["R-SY"]["entities"] == 5 and rows["R-SY"]["coverage_rate"] == 0.8


def test_cypher_runs_a_question_by_name_with_the_commands_defaults(cli, pushed):
    by_name = cli("cypher", "coverage", "-f", "json", env=pushed)          # by=county
    command = cli("query", "coverage", "-f", "json", "--backend", "neo4j", env=pushed)
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(by_name.stdout) == json.loads(command.stdout)
    towns = cli("cypher", "coverage", "-p", "by=town", "-p", "region=定安县", "-f", "json",
                env=pushed)
    assert [r["id"] for r in json.loads(towns.stdout)] == ["R-DA-DC", "R-DA-LH"]
    report = cli("cypher", "report_by", env=pushed)   # no file of its own: not a name here
    assert report.exit_code == 1
    wrong = cli("cypher", "coverage", "-p", "colour=red", env=pushed)
    assert wrong.exit_code == 1 and "coverage takes by, region, types" in wrong.stderr


def test_cypher_row_limit(cli, pushed):
    result = cli("cypher", "MATCH (n) RETURN n.id AS id", "--limit", "5", "-f", "json", env=pushed)
    assert len(json.loads(result.stdout)) == 5 and "--limit 5" in result.stderr


@pytest.mark.slow
def test_start_push_query_status_stop_with_no_flags(cli, seeded, tmp_path, neo4j_connection):
    """The README's sequence: `neo4j start && push && query --backend neo4j`, no flags."""
    env = {"GRAPHMODEL_NEO4J_DIR": str(tmp_path / "local-neo4j"), "NEO4J_URI": None,
           "NEO4J_USERNAME": None, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}
    started = cli("neo4j", "start", "--heap", "512m", env=env)
    try:
        assert started.exit_code == 0, started.output
        assert "bolt://127.0.0.1:" in started.stdout and "password: in" in started.stdout
        password = (tmp_path / "local-neo4j" / "password").read_text().strip()
        assert password not in started.output
        assert cli("push", env=env).exit_code == 0
        result = cli("query", "uncovered", "--backend", "neo4j", env=env)
        assert result.exit_code == 0 and result.stdout == cli("query", "uncovered").stdout
        assert cli("neo4j", "status", env=env).exit_code == 0
    finally:
        assert cli("neo4j", "stop", env=env).stdout.strip() == "stopped"
    stopped = cli("neo4j", "status", env=env)
    assert stopped.exit_code == 1 and "not running" in stopped.stdout
    assert "no Neo4j to connect to" in cli("push", env=env).stderr

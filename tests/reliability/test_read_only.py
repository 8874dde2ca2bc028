"""Ad-hoc analysis cannot change the data: `graphmodel cypher` refuses anything that
is not a read, and user text reaches Cypher only as values."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.neo4j


@pytest.fixture
def pushed(neo4j_demo):
    """The demo in Neo4j, pushed once for the run's readers: every test here only reads it."""
    return neo4j_demo


def everything(driver) -> tuple:
    records, _, _ = neo4j_counts(driver)
    return records


def neo4j_counts(driver):
    return driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels, "
        "collect(DISTINCT n.name)[0..5] AS sample")


@pytest.mark.parametrize("query, reason", [
    ("CREATE (n:X) RETURN n", "read-write"),
    ("MERGE (n:MarketEntity {id: 'E01'}) RETURN n", "read-write"),
    ("MATCH (n:MarketEntity) SET n.name = 'x'", "write"),
    ("MATCH (n:MarketEntity) REMOVE n.name", "write"),
    ("MATCH (n:PartyMember {id: 'P01'}) DELETE n", "write"),
    ("MATCH (n) DETACH DELETE n", "write"),
    ("CREATE INDEX x FOR (n:A) ON (n.b)", "schema"),
    ("DROP CONSTRAINT entity_id", "schema"),
    ("CALL db.createLabel('Sneaky')", "db.createLabel is not known to be read-only"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
    ("CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n", "IN TRANSACTIONS"),
    # Administration: other analysts' work, the server's configuration and statistics.
    ("SHOW TRANSACTIONS", "administration command"),
    ("SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t", "administration command"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "administration command"),
    ("CYPHER 5 SHOW SETTINGS", "administration command"),
    ("SHOW USERS", "administration command"),
    ("/* a comment */ show procedures", "administration command"),
    ("CALL db.stats.collect('QUERIES')", "db.stats.collect is not known to be read-only"),
    ("CALL db.prepareForReplanning()", "db.prepareForReplanning is not known to be read-only"),
    ("CALL db.resampleOutdatedIndexes()", "not known to be read-only"),
    ("MATCH (n) WITH n LIMIT 1 CALL db.stats.clear('QUERIES') YIELD section RETURN section",
     "db.stats.clear is not known to be read-only"),
    ("CALL dbms.listConfig()", "not known to be read-only"),
    ("CALL `db`.`stats`.retrieve('GRAPH COUNTS')", "not known to be read-only"),
])
def test_cypher_refuses_everything_that_is_not_a_read(cli, pushed, reading_driver, query, reason):
    before = everything(reading_driver)
    result = cli("cypher", query, env=pushed)
    assert result.exit_code == 1, result.output
    assert "refused" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output
    assert everything(reading_driver) == before
    labels, _, _ = reading_driver.execute_query("CALL db.labels() YIELD label RETURN collect(label) AS l")
    assert "Sneaky" not in labels[0]["l"] and "X" not in labels[0]["l"]


@pytest.mark.parametrize("query", ["MATCH (n:Merge) RETURN n", "MATCH (n:MarketEntity) RETURN count(n)",
                                   "CALL db.labels()", "RETURN 'CREATE (x)' AS text",
                                   "RETURN 'SHOW TRANSACTIONS' AS text // TERMINATE",
                                   "MATCH (show:MarketEntity) RETURN show.name LIMIT 1",
                                   "CALL db.schema.visualization()",
                                   "RETURN point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d",
                                   "RETURN toUpper('x') AS x, date.truncate('month', date()) AS d"])
def test_cypher_accepts_reads(cli, pushed, query):
    assert cli("cypher", query, env=pushed).exit_code == 0


def test_cypher_timeout_and_row_limit_can_be_raised(cli, pushed):
    slow = "UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 99 RETURN count(*) AS n"
    result = cli("cypher", slow, "--timeout", "1", env=pushed)
    assert result.exit_code == 1 and "longer than 1 s" in result.stderr and "--timeout" in result.stderr
    many = "UNWIND range(1, 1500) AS x RETURN x"
    limited = cli("cypher", many, "-f", "json", env=pushed)
    assert len(json.loads(limited.stdout)) == 1000 and "--limit 1000" in limited.stderr
    raised = cli("cypher", many, "-f", "json", "--limit", "2000", env=pushed)
    assert len(json.loads(raised.stdout)) == 1500 and raised.stderr == ""


def test_a_result_too_big_for_the_client_is_one_line_not_a_hang(cli, pushed):
    """``RETURN range(1, 5000000)`` took 477 MB in the client, and 30 million rows ended
    in a MemoryError, a panic, then a hang: the rows are measured as they arrive and the
    query stopped past --max-mb (256 by default), in one line."""
    for query, args, at in [("RETURN range(1, 2000000) AS xs", [], "row 1)"),
                            ("UNWIND range(1, 300000) AS i RETURN 'row number ' + i AS s",
                             ["--limit", "1000000"], "row 38,889)")]:  # 26 bytes a row
        result = cli("cypher", query, "--max-mb", "1", *args, env=pushed)
        assert result.exit_code == 1 and "Traceback" not in result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "larger than --max-mb 1 MB" in lines[0], result.stderr
        assert f"(at {at}" in lines[0]
    small = cli("cypher", "RETURN range(1, 1000) AS xs", "-f", "json", env=pushed)
    assert small.exit_code == 0 and len(json.loads(small.stdout)[0]["xs"]) == 1000
    for value in ("0", "65537", "-1"):
        refused = cli("cypher", "RETURN 1", "--max-mb", value, env=pushed)
        assert refused.exit_code == 1 and "--max-mb" in refused.stderr


INJECTIONS = ["x}) DETACH DELETE n //", "') MATCH (n) DETACH DELETE n //", "R-DA` DETACH DELETE n",
              "$region", "\" OR 1=1 --", "R-DA'}) RETURN 1 UNION MATCH (n) DETACH DELETE n //"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_through_every_parameter_is_a_value_or_refused(cli, pushed, reading_driver, text):
    before = everything(reading_driver)
    attempts = [
        ("query", "uncovered", "--backend", "neo4j", "--region", text),
        ("query", "uncovered", "--backend", "neo4j", "--type", text),
        ("query", "uncovered", "--backend", "neo4j", "--industry", text),
        ("query", "isolated", "--backend", "neo4j", "--region", text),
        ("report", "--backend", "neo4j", "--region", text),
        ("report", "--backend", "neo4j", "--type", text),
        ("report", "--backend", "neo4j", "--as-of", text),
        ("query", "uncovered", "--backend", "neo4j", "--min-members", text),
        ("cypher", "MATCH (e:MarketEntity {id: $id}) RETURN e.id", "--param", f"id={text}"),
        ("cypher", "RETURN $x AS x", "--param", f"x={text}", "-f", "json"),
    ]
    for args in attempts:
        result = cli(*args, env=pushed)
        assert "Traceback" not in result.output, args
        assert result.exit_code in (0, 1, 2), (args, result.output)
        if result.exit_code == 0 and args[-1] == "json":
            assert json.loads(result.stdout) == [{"x": text}]       # a value, unchanged
    for option in ("--database",):
        result = cli("query", "isolated", "--backend", "neo4j", option, text, env=pushed)
        assert result.exit_code == 1 and "Traceback" not in result.output
    assert everything(reading_driver) == before

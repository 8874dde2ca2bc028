"""The dataset's as-of date on Neo4j (recorded by push, the report's default), and the
library's arguments refused or accepted exactly as the embedded engine does."""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import pytest

import graphmodel
from graphmodel.backends.neo4j import pull, push
from graphmodel.backends.neo4j.source import Neo4jDatabase
from graphmodel.backends.neo4j.statements import DATASET_LABEL

from ..datasets import write_dataset
from ..test_arguments import REFUSED

pytestmark = pytest.mark.neo4j


@pytest.fixture
def demo():
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


def dataset_nodes(driver) -> list[dict]:
    records, _, _ = driver.execute_query(f"MATCH (d:{DATASET_LABEL}) RETURN properties(d) AS p")
    return [r["p"] for r in records]


def test_push_records_the_date_on_one_node_and_the_report_uses_it(neo4j_driver, demo):
    summary = push.push(demo, neo4j_driver)
    assert summary.nodes_created == 49                  # the dataset node is not counted
    push.push(demo, neo4j_driver)                       # again: still one node
    [node] = dataset_nodes(neo4j_driver)
    assert node["as_of"].to_native() == dt.date(2016, 6, 16)
    assert Neo4jDatabase(neo4j_driver).dataset_as_of() == dt.date(2016, 6, 16)
    assert graphmodel.report(Neo4jDatabase(neo4j_driver)) == graphmodel.report(demo)
    assert graphmodel.report(Neo4jDatabase(neo4j_driver))["as_of"] == "2016-06-16"
    assert graphmodel.report(Neo4jDatabase(neo4j_driver), as_of="2016-01-01")["as_of"] == "2016-01-01"
    # The node is none of the model's: pull gives back exactly the graph.
    pulled, expected = pull.pull(neo4j_driver), graphmodel.to_networkx(demo)
    assert nx.utils.graphs_equal(pulled, expected)


def test_a_dataset_without_a_date_removes_it_and_the_report_says_today(neo4j_driver, demo, tmp_path):
    push.push(demo, neo4j_driver)
    undated = graphmodel.read_dataset(write_dataset(
        tmp_path / "ds", region=[{"id": "R", "name": "r", "level": "province"}]))
    push.push(undated, neo4j_driver)
    assert dataset_nodes(neo4j_driver) == []
    assert Neo4jDatabase(neo4j_driver).dataset_as_of() is None
    assert graphmodel.report(Neo4jDatabase(neo4j_driver))["as_of"] == dt.date.today().isoformat()


def test_an_empty_database_reports_as_of_today(neo4j_driver):
    assert graphmodel.report(Neo4jDatabase(neo4j_driver))["as_of"] == dt.date.today().isoformat()


def test_a_date_that_is_not_one_is_a_query_error(neo4j_driver, demo):
    push.push(demo, neo4j_driver)
    neo4j_driver.execute_query(f"MATCH (d:{DATASET_LABEL}) SET d.as_of = 'soon'")
    with pytest.raises(graphmodel.QueryError, match="run `graphmodel push` again"):
        graphmodel.report(Neo4jDatabase(neo4j_driver))


def test_wrong_arguments_fail_as_on_the_embedded_engine(neo4j_driver, demo):
    push.push(demo, neo4j_driver)  # once: every refusal is checked against the same data
    db = Neo4jDatabase(neo4j_driver)
    for call, kwargs, message in REFUSED:
        if call == "region_subtree":
            continue
        with pytest.raises(graphmodel.QueryError) as embedded:
            getattr(graphmodel, call)(demo, **kwargs)
        with pytest.raises(graphmodel.QueryError) as neo4j:
            getattr(graphmodel, call)(db, **kwargs)
        assert str(neo4j.value) == str(embedded.value), (call, kwargs)


@pytest.mark.parametrize("kwargs", [
    {"types": "small_micro,individual"}, {"types": ["market", "individual"]},
    {"type": "individual"}, {"types": {"individual", "small_micro"}}, {"min_members": 1},
])
def test_uncovered_takes_types_as_the_embedded_engine_does(neo4j_driver, demo, kwargs):
    push.push(demo, neo4j_driver)
    assert graphmodel.uncovered(Neo4jDatabase(neo4j_driver), **kwargs) == graphmodel.uncovered(demo, **kwargs)


def test_report_takes_dates_and_types_as_strings(neo4j_driver, demo):
    push.push(demo, neo4j_driver)
    for kwargs in ({"types": "small_micro"}, {"types": "market,individual", "as_of": "2016-05-31"},
                   {"region": "R-SY", "as_of": dt.date(2015, 12, 31)}):
        assert graphmodel.report(Neo4jDatabase(neo4j_driver), **kwargs) == graphmodel.report(demo, **kwargs)


def test_cli_report_without_as_of_and_uncovered_with_a_type_list_match(cli, seeded, neo4j_env):
    assert cli("push", env=neo4j_env).exit_code == 0
    for args in (("report",), ("report", "-f", "json"),
                 ("query", "uncovered", "--type", "small_micro,individual", "-f", "json")):
        embedded = cli(*args)
        neo4j = cli(*args, "--backend", "neo4j", env=neo4j_env)
        assert embedded.exit_code == 0, embedded.output
        assert (neo4j.exit_code, neo4j.stdout, neo4j.stderr) == \
            (embedded.exit_code, embedded.stdout, embedded.stderr)
    assert json.loads(cli("report", "--backend", "neo4j", "-f", "json", env=neo4j_env).stdout
                      )["as_of"] == "2016-06-16"

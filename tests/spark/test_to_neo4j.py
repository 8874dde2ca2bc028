"""Loading Neo4j from the Parquet with the Neo4j Connector for Apache Spark gives the
graph ``push`` gives: the same digest of every label and relationship type."""

from __future__ import annotations

import pytest

import graphmodel
from graphmodel.backends.neo4j.digest import digest
from graphmodel.backends.neo4j.push import push
from graphmodel.backends.neo4j.statements import DATASET_LABEL
from graphmodel.model.schema import EDGE_KINDS, NODE_KINDS
from graphmodel.spark_to_neo4j import load_neo4j

from ..datasets import random_dataset

pytestmark = pytest.mark.neo4j

_MODEL = {k.label for k in NODE_KINDS} | {e.type for e in EDGE_KINDS} | {DATASET_LABEL}


def _graph(driver, database):
    """The model's part of the database (not push's batch fingerprints)."""
    return {k: v for k, v in digest(driver, database).items() if k in _MODEL}


def _empty(driver, database):
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()


@pytest.mark.parametrize("source", ["demo", "random"])
def test_connector_load_equals_push(spark, neo4j_driver, neo4j_connection, tmp_path, source):
    path = graphmodel.bundled_dataset("demo") if source == "demo" else \
        random_dataset(tmp_path / "data", 5)
    G = graphmodel.read_dataset(path)
    data = graphmodel.export(G, "parquet", tmp_path / "pq").path
    database = neo4j_connection.database
    loaded = load_neo4j(spark, data, neo4j_connection)
    assert loaded.nodes == {k.name: G.count(k.name) for k in NODE_KINDS}
    got = _graph(neo4j_driver, database)
    load_neo4j(spark, data, neo4j_connection)  # MERGEs: loading again changes nothing
    assert _graph(neo4j_driver, database) == got
    _empty(neo4j_driver, database)
    push(G, neo4j_driver, database=database)
    assert got == _graph(neo4j_driver, database)

"""Parity: every gap query and the report answer the same from Neo4j as from the
embedded engine, on the demo dataset and on many random ones."""

from __future__ import annotations

import datetime as dt

import pytest

import graphmodel
from graphmodel.neo4j import push, queries as cypher_queries

from ..datasets import random_dataset

pytestmark = pytest.mark.neo4j

AS_OF = dt.date(2016, 6, 16)
TYPE_SCOPES = [None, ["small_micro"], ["individual", "market"], ["small_micro", "enterprise"]]


def assert_same_answers(G, driver):
    regions = [None, *G.ids("region").tolist()]
    industries = [None, *G.ids("industry").tolist()]
    for region in regions:
        assert cypher_queries.isolated(driver, region=region) == graphmodel.isolated(G, region=region)
        for type in (None, "small_micro", "individual", "market", "enterprise"):
            assert cypher_queries.uncovered(driver, region=region, type=type) == \
                graphmodel.uncovered(G, region=region, type=type), (region, type)
        for types in TYPE_SCOPES[1:]:  # several types at once, as --type a,b asks
            assert cypher_queries.uncovered(driver, region=region, types=types) == \
                graphmodel.uncovered(G, region=region, types=types), (region, types)
        for types in TYPE_SCOPES:
            assert cypher_queries.report(driver, region=region, types=types, as_of=AS_OF) == \
                graphmodel.report(G, region=region, types=types, as_of=AS_OF), (region, types)
    for n in (1, 2, 3):
        assert cypher_queries.uncovered(driver, min_members=n) == graphmodel.uncovered(G, min_members=n)
    for industry in industries:
        assert cypher_queries.uncovered(driver, industry=industry) == \
            graphmodel.uncovered(G, industry=industry)


def test_demo_parity(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    assert_same_answers(G, neo4j_driver)
    # No as_of: both default to the dataset's date (push recorded it in Neo4j).
    assert cypher_queries.report(neo4j_driver) == graphmodel.report(G)


@pytest.mark.parametrize("seed", range(12))
def test_random_dataset_parity(neo4j_driver, tmp_path, seed):
    G = graphmodel.read_dataset(random_dataset(tmp_path / "ds", seed))
    push.push(G, neo4j_driver, batch_size=7)  # small batches: many transactions per kind
    assert_same_answers(G, neo4j_driver)


def test_unknown_names_fail_the_same_way(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    for call, kwargs in [("uncovered", {"region": "X"}), ("uncovered", {"industry": "X"}),
                         ("uncovered", {"type": "shop"}), ("isolated", {"region": "X"}),
                         ("report", {"region": "X"}), ("report", {"types": ["shop"]})]:
        with pytest.raises(graphmodel.QueryError) as embedded:
            getattr(graphmodel, call)(G, **kwargs)
        with pytest.raises(graphmodel.QueryError) as neo4j:
            getattr(cypher_queries, call)(neo4j_driver, **kwargs)
        assert str(embedded.value) == str(neo4j.value)

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


def test_regions_by_name_and_code_and_sorting(neo4j_driver, tmp_path):
    from graphmodel.rows import sort_rows

    ds = tmp_path / "ds"
    import shutil
    shutil.copytree(graphmodel.bundled_dataset("demo"), ds)
    with open(ds / "regions.csv", "a", encoding="utf-8") as f:  # a second 定城镇
        f.write("R-SY-DC,定城镇,town,R-SY-JY,\n")
    G = graphmodel.read_dataset(ds)
    push.push(G, neo4j_driver)
    for region in G.ids("region").tolist():
        for value in (region, *[r[k] for r in graphmodel.regions(G) if r["id"] == region
                                for k in ("name", "code") if r[k]]):
            if value == "定城镇":
                continue
            assert cypher_queries.resolve_region(neo4j_driver, value) == region, value
            assert cypher_queries.uncovered(neo4j_driver, region=value) == \
                graphmodel.uncovered(G, region=region)
            assert cypher_queries.report(neo4j_driver, region=value, as_of=AS_OF) == \
                graphmodel.report(G, region=region, as_of=AS_OF)
        assert cypher_queries.regions(neo4j_driver, under=region) == \
            graphmodel.regions(G, under=region)
    for level in ("province", "city", "county", "town"):
        assert cypher_queries.regions(neo4j_driver, level=level) == graphmodel.regions(G, level=level)
    assert cypher_queries.industries(neo4j_driver) == graphmodel.industries(G)
    for call in ("isolated", "uncovered", "regions"):
        kwargs = {"under" if call == "regions" else "region": "定城镇"}
        with pytest.raises(graphmodel.QueryError) as embedded:
            getattr(graphmodel, call)(G, **kwargs)
        with pytest.raises(graphmodel.QueryError) as neo4j:
            getattr(cypher_queries, call)(neo4j_driver, **kwargs)
        assert str(embedded.value) == str(neo4j.value)
        assert "R-DA-DC (定城镇, town, in 定安县); R-SY-DC (定城镇, town, in 吉阳区)" in str(neo4j.value)
    for keys in (["-members", "name"], ["industry_id"], ["-region_id", "-type"]):
        assert sort_rows(cypher_queries.uncovered(neo4j_driver), keys) == \
            sort_rows(graphmodel.uncovered(G), keys)
    assert sort_rows(cypher_queries.isolated(neo4j_driver), ["-reasons"]) == \
        sort_rows(graphmodel.isolated(G), ["-reasons"])


def test_cli_sort_and_region_by_name_match(cli, seeded, neo4j_env):
    assert cli("push", env=neo4j_env).exit_code == 0
    for args in (("query", "uncovered", "--region", "定安县", "--sort=-members", "--limit", "2"),
                 ("query", "isolated", "--region", "469021", "--sort", "-reasons"),
                 ("regions", "--under", "定安县", "--sort", "name"),
                 ("industries", "--sort", "-name")):
        embedded = cli(*args, "-f", "jsonl")
        neo4j = cli(*args, "-f", "jsonl", "--backend", "neo4j", env=neo4j_env)
        assert embedded.exit_code == 0 and neo4j.exit_code == 0, (args, neo4j.output)
        assert embedded.stdout == neo4j.stdout, args
    cypher = cli("cypher", "MATCH (r:Region) RETURN r.id AS id, r.code AS code", "--sort=-id",
                 "-f", "jsonl", env=neo4j_env)
    ids = [__import__("json").loads(line)["id"] for line in cypher.stdout.splitlines()]
    assert cypher.exit_code == 0 and ids == sorted(ids, reverse=True) and len(ids) == 6
    refused = cli("cypher", "RETURN 1 AS x", "--sort", "y", env=neo4j_env)
    assert refused.exit_code == 1 and "(columns: x)" in refused.stderr

"""Parity: every question of the catalogue answers the same from Neo4j as from the
embedded engine, on the demo dataset and on many random ones. The questions and
their arguments come from the catalogue: a new question is covered without a line
here."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

import graphmodel
from graphmodel.questions import catalogue
from graphmodel.questions.asking import answer
from graphmodel.backends.neo4j import push
from graphmodel.backends.neo4j.source import Neo4jDatabase

from ..datasets import random_dataset

pytestmark = pytest.mark.neo4j

AS_OF = dt.date(2016, 6, 16)
TYPE_SCOPES = [None, ["small_micro"], ["individual", "market"], ["small_micro", "enterprise"]]


def values(p: catalogue.Parameter, G) -> list:
    """The values a parity run tries for parameter ``p`` on the data ``G``."""
    return {
        "region": lambda: [None, *G.ids("region").tolist()],
        "types": lambda: TYPE_SCOPES,
        "industry": lambda: [None, *G.ids("industry").tolist()],
        "count": lambda: [0, 1, 2, 3],
        "date": lambda: [AS_OF, None],
        "flag": lambda: [False, True],
        "choice": lambda: ([None] if p.default is None else []) + list(p.choices),
    }[p.kind]()


def argument_sets(q: catalogue.Question, G) -> list[dict]:
    """Every combination of the scope parameters (region, types, and a choice with a
    default, such as the level to group by), and each other parameter's values one
    at a time."""
    scoped = [p for p in q.parameters if p.kind in ("region", "types")
              or (p.kind == "choice" and p.default is not None)]
    others = [p for p in q.parameters if p not in scoped]
    sets = [dict(zip([p.name for p in scoped], combo))
            for combo in itertools.product(*(values(p, G) for p in scoped))]
    for p in others:
        sets += [{p.name: v} for v in values(p, G)]
    return sets


def same(a, b) -> bool:
    if isinstance(a, graphmodel.Table):
        return a.columns == b.columns
    return a == b


def assert_same_answers(G, db):
    for q in catalogue.questions().values():
        for args in argument_sets(q, G):
            embedded = answer(G, q, **args)
            neo4j = answer(db, q, **args)
            assert same(embedded, neo4j), (q.name, args)


def test_every_question_is_tried():
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    for q in catalogue.questions().values():
        assert argument_sets(q, G), q.name


def test_demo_parity(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    assert_same_answers(G, Neo4jDatabase(neo4j_driver))
    # The public functions take either source and return the same rows.
    db = Neo4jDatabase(neo4j_driver)
    assert graphmodel.uncovered(db, type="individual") == graphmodel.uncovered(G, type="individual")
    # No as_of: both default to the dataset's date (push recorded it in Neo4j).
    assert graphmodel.report(db) == graphmodel.report(G)


@pytest.mark.parametrize("seed", range(12))
def test_random_dataset_parity(neo4j_driver, tmp_path, seed):
    G = graphmodel.read_dataset(random_dataset(tmp_path / "ds", seed))
    # A third of the seeds in small batches (many transactions per kind, each a
    # round trip): the others in the default's one batch per kind.
    push.push(G, neo4j_driver, batch_size=7 if seed % 3 == 0 else push.DEFAULT_BATCH_SIZE)
    assert_same_answers(G, Neo4jDatabase(neo4j_driver))


def test_unknown_names_fail_the_same_way(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    db = Neo4jDatabase(neo4j_driver)
    wrong = {"region": "X", "industry": "X", "types": "shop", "count": -1, "date": "2016",
             "flag": "yes", "choice": "X"}
    for q in catalogue.questions().values():
        for p in q.parameters:
            with pytest.raises(graphmodel.QueryError) as embedded:
                answer(G, q, **{p.name: wrong[p.kind]})
            with pytest.raises(graphmodel.QueryError) as neo4j:
                answer(db, q, **{p.name: wrong[p.kind]})
            assert str(embedded.value) == str(neo4j.value), (q.name, p.name)


def test_regions_by_name_and_code_and_sorting(neo4j_driver, tmp_path):
    from graphmodel.model.rows import sort_rows

    ds = tmp_path / "ds"
    import shutil
    shutil.copytree(graphmodel.bundled_dataset("demo"), ds)
    with open(ds / "regions.csv", "a", encoding="utf-8") as f:  # a second 定城镇
        f.write("R-SY-DC,定城镇,town,R-SY-JY,\n")
    G = graphmodel.read_dataset(ds)
    push.push(G, neo4j_driver)
    db = Neo4jDatabase(neo4j_driver)
    for region in G.ids("region").tolist():
        for value in (region, *[r[k] for r in graphmodel.regions(G) if r["id"] == region
                                for k in ("name", "code") if r[k]]):
            if value == "定城镇":
                continue
            assert db.resolve_region(value) == region, value
            assert graphmodel.uncovered(db, region=value) == \
                graphmodel.uncovered(G, region=region)
            assert graphmodel.report(db, region=value, as_of=AS_OF) == \
                graphmodel.report(G, region=region, as_of=AS_OF)
        assert graphmodel.regions(db, under=region) == \
            graphmodel.regions(G, under=region)
    for level in ("province", "city", "county", "town"):
        assert graphmodel.regions(db, level=level) == graphmodel.regions(G, level=level)
    assert graphmodel.industries(db) == graphmodel.industries(G)
    for call in ("isolated", "uncovered", "regions"):
        kwargs = {"under" if call == "regions" else "region": "定城镇"}
        with pytest.raises(graphmodel.QueryError) as embedded:
            getattr(graphmodel, call)(G, **kwargs)
        with pytest.raises(graphmodel.QueryError) as neo4j:
            getattr(graphmodel, call)(db, **kwargs)
        assert str(embedded.value) == str(neo4j.value)
        assert "R-DA-DC (定城镇, town, in 定安县); R-SY-DC (定城镇, town, in 吉阳区)" in str(neo4j.value)
    for keys in (["-members", "name"], ["industry_id"], ["-region_id", "-type"]):
        assert sort_rows(graphmodel.uncovered(db), keys) == \
            sort_rows(graphmodel.uncovered(G), keys)
    assert sort_rows(graphmodel.isolated(db), ["-reasons"]) == \
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

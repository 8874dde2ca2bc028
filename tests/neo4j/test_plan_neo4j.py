"""The plan is computed from the questions' rows, so Neo4j gives the same plan as the
embedded store: on the demo, on random datasets, and through the CLI."""

from __future__ import annotations

import pytest

import graphmodel
from graphmodel.backends.neo4j import push
from graphmodel.backends.neo4j.source import Neo4jDatabase

from ..datasets import random_dataset

pytestmark = pytest.mark.neo4j


def test_demo_plan_parity(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    db = Neo4jDatabase(neo4j_driver)
    for kwargs in ({}, {"region": "定安县"}, {"types": "individual", "by": "type"},
                   {"by": "town", "station_threshold": 1, "max_load": 1}):
        assert graphmodel.plan(db, **kwargs) == graphmodel.plan(G, **kwargs), kwargs


@pytest.mark.parametrize("seed", range(4))
def test_random_dataset_plan_parity(neo4j_driver, tmp_path, seed):
    G = graphmodel.read_dataset(random_dataset(tmp_path / "ds", seed, size=30, members=90))
    push.push(G, neo4j_driver)
    db = Neo4jDatabase(neo4j_driver)
    assert graphmodel.plan(db, by="city") == graphmodel.plan(G, by="city")


def test_plan_command_prints_the_same_on_both_backends(cli, seeded, neo4j_env):
    assert cli("push", env=neo4j_env).exit_code == 0
    for args in (("plan", "-f", "json"), ("plan", "--summary"), ("plan", "--by", "type", "-f", "csv")):
        embedded = cli(*args)
        neo4j = cli(*args, "--backend", "neo4j", env=neo4j_env)
        assert (neo4j.exit_code, neo4j.stdout) == (embedded.exit_code, embedded.stdout), args

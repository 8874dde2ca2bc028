"""The bulk import (Neo4j's offline importer, into the local server) gives the database
``push`` gives: the same nodes, relationships and properties with their types, the same
constraints and indexes, and answers to every question of the catalogue. (The same
nodes and properties give the same answers to every argument set: test_parity asks all of
them of a pushed database. Here each question is asked once, its first argument set,
since a fresh server plans each shape of a query cold.)"""

from __future__ import annotations

import shutil

import pytest
from neo4j import GraphDatabase

import graphmodel
from graphmodel.errors import BulkImportError
from graphmodel.backends.neo4j import bulk, connection, push, server
from graphmodel.backends.neo4j.source import Neo4jDatabase
from graphmodel.questions import catalogue
from graphmodel.questions.asking import answer
from graphmodel.model.schema import EDGE_KINDS, NODE_KINDS

from ..conftest import _unavailable
from ..datasets import random_dataset
from graphmodel.backends.neo4j.digest import digest, schema
from .test_parity import argument_sets, same

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def import_dir(tmp_path_factory):
    """The directory of a local server that the tests bulk-import into (stopped at the end)."""
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            _unavailable(f"`{tool}` is not on PATH, so the local Neo4j cannot start")
    data_dir = tmp_path_factory.mktemp("imported")
    yield data_dir
    server.stop(data_dir)


def bulk_import(G, data_dir):
    return bulk.bulk_import(G, data_dir, cache_dir=connection.maven_cache_dir())


def pushed(G, driver):
    push.push(G, driver)
    return digest(driver), schema(driver)


def imported(G, data_dir):
    summary = bulk_import(G, data_dir)
    with GraphDatabase.driver(summary.info.uri, auth=summary.info.auth) as driver:
        return digest(driver), schema(driver)


def test_demo_imported_equals_pushed_and_answers_alike(import_dir, neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    summary = bulk_import(G, import_dir)
    assert summary.rows == sum(len(G.ids(k.name)) for k in NODE_KINDS) + sum(
        len(G.edges(e)[0]) for e in EDGE_KINDS)
    assert set(summary.seconds) == {"files", "import", "stop", "start", "schema"}
    with GraphDatabase.driver(summary.info.uri, auth=summary.info.auth) as driver:
        assert (digest(driver), schema(driver)) == pushed(G, neo4j_driver)
        db = Neo4jDatabase(driver)
        for q in catalogue.questions().values():
            args = argument_sets(q, G)[0]
            assert same(answer(G, q, **args), answer(db, q, **args)), (q.name, args)
        # The import recorded the batches push would have: a push after it writes nothing.
        after = push.push(G, driver)
        assert after.skipped == after.batches and after.properties_set == 0


@pytest.mark.parametrize("seed", [3, 11])
def test_random_dataset_imported_into_a_running_server_equals_pushed(import_dir, neo4j_driver,
                                                                      tmp_path, seed):
    G = graphmodel.read_dataset(random_dataset(tmp_path / "ds", seed=seed))
    before = server.start_options(import_dir)
    assert before, "the server of the previous test is running"
    got = imported(G, import_dir)
    after = server.start_options(import_dir)
    assert after == before  # the same port, heap and page cache
    assert got == pushed(G, neo4j_driver)


def test_a_directory_that_is_not_a_local_servers_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    with pytest.raises(BulkImportError, match="not the directory of a Neo4j graphmodel started"):
        bulk_import(G, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]

"""Shared pieces of the fault tests: private Neo4j servers that a test may kill."""

from __future__ import annotations

import contextlib
import shutil

import pytest

from graphmodel.errors import Neo4jServerError
from graphmodel.backends.neo4j import connection, server

from ..conftest import _unavailable


@pytest.fixture
def private_neo4j(tmp_path):
    """Start Neo4j servers of the test's own (they may be killed); all stopped at the end.

    ``private_neo4j(**limits)`` returns ``(info, data_dir)``."""
    if shutil.which("java") is None or shutil.which("mvn") is None:
        _unavailable("java or mvn is not on PATH: no Neo4j can start")
    started = []

    def start(name: str = "neo4j", **options):
        data_dir = tmp_path / name
        try:
            info = server.start(data_dir, cache_dir=connection.maven_cache_dir(), **options)
        except Neo4jServerError as exc:
            _unavailable(f"a Neo4j for this test did not start: {exc}")
        started.append(data_dir)
        return info, data_dir

    yield start
    for data_dir in started:
        server.stop(data_dir)


def env_for(info) -> dict:
    return {"NEO4J_URI": info.uri, "NEO4J_USERNAME": info.user, "NEO4J_PASSWORD": info.password}


@contextlib.contextmanager
def driver_for(info):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        yield driver

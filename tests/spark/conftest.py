"""One SparkSession in local[2] for every Spark test of the run (a session costs many
seconds to start): its temporary files under pytest's own temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark")  # the test extra installs it; without it, say so
    from graphmodel.spark.session import spark_session
    from graphmodel.spark.to_neo4j import CONNECTOR_SETTINGS

    # With the Neo4j connector on the classpath (Spark fetches it from Maven Central
    # once): a run has one session, so every test gets the one that can load Neo4j.
    session = spark_session("local[2]", local_dir=tmp_path_factory.mktemp("spark"),
                            config=CONNECTOR_SETTINGS)
    yield session
    session.stop()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/spark/" in str(item.fspath):
            item.add_marker(pytest.mark.spark)

"""One SparkSession in local[2] for every Spark test of the run (a session costs many
seconds to start): its temporary files under pytest's own temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark")  # the test extra installs it; without it, say so
    from graphmodel.spark.session import spark_session

    session = spark_session("local[2]", local_dir=tmp_path_factory.mktemp("spark"))
    yield session
    session.stop()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/spark/" in str(item.fspath):
            item.add_marker(pytest.mark.spark)

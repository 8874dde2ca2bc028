"""Apache Spark as a third backend: the catalogue's questions over the partitioned
Parquet of ``graphmodel export parquet`` (or ``generate --provinces N --format
parquet``), in local mode or on a cluster.

* :func:`~graphmodel.backends.spark.session.spark_session` -- a SparkSession from a master URL
  and settings passed in (nothing is read from the environment at import time);
* :class:`~graphmodel.backends.spark.source.SparkDataset` -- the Parquet folder as a source of
  answers: ``graphmodel.uncovered(SparkDataset(spark, path), region=...)``;
* :mod:`~graphmodel.backends.spark.tree` -- the region tree as a small broadcast table;
* :mod:`~graphmodel.backends.spark.gaps`, :mod:`~graphmodel.backends.spark.lists`,
  :mod:`~graphmodel.backends.spark.breakdowns`, :mod:`~graphmodel.backends.spark.people`
  -- the answers, registered in :mod:`~graphmodel.backends.spark.registry`.

pyspark is an optional extra: ``pip install 'graphmodel[spark]'``.
"""

from __future__ import annotations

from ...questions.backend import Backend, Registration
from . import breakdowns, gaps, lists, people  # noqa: F401  (they register their answers)
from .session import spark_session
from .source import SparkDataset

__all__ = ["BACKEND", "SparkDataset", "spark_session"]


def _wrap(source: object) -> Backend | None:
    return source if isinstance(source, SparkDataset) else None


#: The registration its entry point names.
BACKEND = Registration("spark", _wrap, "a graphmodel.SparkDataset")

"""Apache Spark as a third backend: the catalogue's questions over the partitioned
Parquet of ``graphmodel export parquet`` (or ``generate --provinces N --format
parquet``), in local mode or on a cluster.

* :func:`~graphmodel.spark.session.spark_session` -- a SparkSession from a master URL
  and settings passed in (nothing is read from the environment at import time);
* :class:`~graphmodel.spark.source.SparkDataset` -- the Parquet folder as a source of
  answers: ``graphmodel.uncovered(SparkDataset(spark, path), region=...)``;
* :mod:`~graphmodel.spark.tree` -- the region tree as a small broadcast table;
* :mod:`~graphmodel.spark.gaps`, :mod:`~graphmodel.spark.lists` -- the questions.

pyspark is an optional extra: ``pip install 'graphmodel[spark]'``.
"""

__all__ = ["SparkDataset", "spark_session"]


def __getattr__(name: str):  # pyspark is imported only when used
    if name == "SparkDataset":
        from .source import SparkDataset

        return SparkDataset
    if name == "spark_session":
        from .session import spark_session

        return spark_session
    raise AttributeError(name)

"""The partitioned Parquet as a source of answers, read by Spark.

>>> from graphmodel.backends.spark.source import SparkDataset
>>> SparkDataset(None, "/data/pq")
<SparkDataset /data/pq>
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from ...questions import arguments
from ...questions.backend import Answer
from ...questions.catalogue import Question
from ...questions.regions import choose_region
from .registry import ANSWERS
from ...errors import SparkError
from ...io.dataset import DATASET_FILE
from ...io.tables import layouts

__all__ = ["SparkDataset"]


class SparkDataset:
    """A folder of partitioned Parquet (``graphmodel export parquet``) to ask questions
    of on Spark: ``graphmodel.uncovered(SparkDataset(spark, path), region=...)``.

    Parameters
    ----------
    spark : pyspark.sql.SparkSession
        The session (see :func:`graphmodel.backends.spark.spark_session`); the caller stops it.
    path : str or Path
        The folder: one subfolder per table, partitioned by province. A path Spark
        reads (``hdfs://``, ``s3a://``...) works as well for the tables.
    """

    name = "spark"

    def __init__(self, spark: Any, path: str | Path):
        self.spark = spark
        self.path = str(path).rstrip("/")
        self._tables: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<SparkDataset {self.path}>"

    # -- the tables -------------------------------------------------------------------
    def table(self, rows: str) -> Any:
        """The DataFrame of a node kind or link file (``"entity"``, ``"coverage"``),
        read once and cached for the questions that follow."""
        if rows not in self._tables:
            layout = next(t for t in layouts() if t.rows == rows)
            where = f"{self.path}/{layout.name}"
            try:
                # Cached: every question reads the same few tables again, and Spark
                # spills a cached table to disk rather than fail for memory.
                self._tables[rows] = self.spark.read.option("basePath", where) \
                    .parquet(where).cache()
            except Exception as exc:  # AnalysisException: the folder is not there
                if _not_found(exc):
                    raise SparkError(f"no table {layout.name} in {self.path} "
                                     "(write one with graphmodel export parquet)") from None
                raise _unreadable(where, exc) from None
        return self._tables[rows]

    @cached_property
    def regions(self) -> list[dict[str, Any]]:
        """Every region as a dict (the tree is small: it is read to the driver once)."""
        from .tree import region_rows

        return region_rows(self.table("region"))

    @cached_property
    def tree(self) -> Any:
        """The region tree as a broadcast DataFrame (see :mod:`graphmodel.backends.spark.tree`)."""
        from .tree import tree_frame

        return tree_frame(self.spark, self.regions)

    # -- what the catalogue needs of a backend ------------------------------------------
    def resolve_region(self, value: str | None) -> str | None:
        if value is None:
            return None
        by_id = {r["id"]: r for r in self.regions}
        if value in by_id:
            return value
        found = [{"id": r["id"], "name": r["name"], "level": r["level"],
                  "parent_name": by_id[r["parent_id"]]["name"]
                  if r["parent_id"] in by_id else None}
                 for r in self.regions if value in (r["name"], r["code"])]
        return choose_region(value, False, found)

    def has_industry(self, industry: str) -> bool:
        from pyspark.sql import functions as F

        return bool(self.table("industry").filter(F.col("id") == industry).limit(1).count())

    def dataset_as_of(self) -> _dt.date | None:
        text = self.read_meta()
        value = json.loads(text).get("as_of") if text else None
        return arguments.as_of_date(value, "as_of") if value else None

    def read_meta(self) -> str | None:
        """The text of the folder's ``dataset.json`` (None: there is none); through
        Spark when the folder is a URL (``hdfs://``...), which this process cannot open."""
        if "://" not in self.path or self.path.startswith("file://"):
            meta = Path(self.path.removeprefix("file://")) / DATASET_FILE
            return meta.read_text(encoding="utf-8") if meta.is_file() else None
        try:
            lines = self.spark.read.text(f"{self.path}/{DATASET_FILE}", wholetext=True).collect()
        except Exception as exc:  # Spark's AnalysisException: the file is not there
            if _not_found(exc):
                return None
            raise _unreadable(f"{self.path}/{DATASET_FILE}", exc) from None
        return lines[0][0] if lines else None

    def answer(self, question: Question, arguments: Mapping[str, object]) -> Answer:
        return ANSWERS.get(question)(self, **arguments)


def _not_found(exc: Exception) -> bool:
    return "PATH_NOT_FOUND" in str(exc) or "Path does not exist" in str(exc)


def _unreadable(where: str, exc: Exception) -> SparkError:
    """Spark's error (a Java exception's text, many lines) as one line naming the path:
    an unknown host, no HDFS, a refused connection..."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return SparkError(f"Spark cannot read {where}: {lines[0] if lines else type(exc).__name__}")

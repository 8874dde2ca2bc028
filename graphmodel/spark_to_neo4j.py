"""Loading Neo4j from the partitioned Parquet with the Neo4j Connector for Apache Spark.

For graphs one machine cannot build in memory: Spark's executors read the Parquet
(``graphmodel export parquet``, ``generate --provinces N --format parquet``) and
write nodes and relationships to Neo4j over Bolt, in parallel, through Neo4j's own
connector. The graph written is the one ``graphmodel push`` writes (same labels,
relationship types and properties, from :mod:`graphmodel.model.schema`; a test compares
the two by :func:`graphmodel.backends.neo4j.digest.digest`).

The connector is a Spark package: :data:`CONNECTOR_SETTINGS` has Spark fetch it from
Maven Central when the session starts (pass them to
:func:`graphmodel.backends.spark.spark_session`'s ``config``). The build is the one for
Scala 2.12 and Spark 3 (``5.0.3_for_spark_3``, the last on Maven Central as reached
here; it works with the Spark 3.5 graphmodel pins). Its pom names two modules Maven
Central does not have (``_common``, ``_test-support``); the jar holds their classes
itself, so they are excluded.

How the writes avoid deadlocks: creating a relationship locks both its end nodes.
Nodes are written in parallel (every row a different node). A reference column
(``region_id``...) gives each source one relationship, so its rows are partitioned
by target: no two partitions touch the same node. A link file (``memberships``...)
or a reference between nodes of one kind (``parent_id``) can meet a node from two
sides: those are written by one partition, in target order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model.schema import EDGE_KINDS, LINK_FILES, NODE_KINDS, EdgeKind, NodeKind, reference_columns
from .backends.neo4j.connection import Connection

__all__ = ["CONNECTOR", "CONNECTOR_SETTINGS", "load_neo4j", "Loaded"]

#: The connector's Maven coordinates (Scala 2.12, Spark 3).
CONNECTOR = "org.neo4j:neo4j-connector-apache-spark_2.12:5.0.3_for_spark_3"
#: Session settings that put the connector on Spark's classpath (fetched by Spark's
#: own resolver from Maven Central on first use, then cached under ``~/.ivy2``).
CONNECTOR_SETTINGS: dict[str, str] = {
    "spark.jars.packages": CONNECTOR,
    "spark.jars.excludes": "org.neo4j:neo4j-connector-apache-spark_2.12_common,"
                           "org.neo4j:neo4j-connector-apache-spark_2.12_test-support",
}
_FORMAT = "org.neo4j.spark.DataSource"


@dataclass
class Loaded:
    """What :func:`load_neo4j` wrote: rows per node kind and per edge kind."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.nodes.values()) + sum(self.edges.values())


def _table(link: str) -> str:
    return next(f.file for f in LINK_FILES if f.name == link).removesuffix(".csv")


def _writer(frame: Any, conn: Connection, batch_size: int) -> Any:
    writer = (frame.write.format(_FORMAT).mode("Overwrite")  # Overwrite: MERGE by keys
              .option("url", conn.uri)
              .option("authentication.type", "basic")
              .option("authentication.basic.username", conn.user)
              .option("authentication.basic.password", conn.password)
              .option("batch.size", str(batch_size)))
    return writer.option("database", conn.database) if conn.database else writer


def _node_frame(spark: Any, data: str, kind: NodeKind, partitions: int) -> Any:
    frame = spark.read.parquet(f"{data}/{kind.file.removesuffix('.csv')}")
    # References become relationships and the partition column is Parquet's own:
    # neither is a property (push writes the same properties).
    dropped = {*reference_columns(kind.name), "province"}
    return frame.select(*[c for c in frame.columns if c not in dropped]).repartition(partitions)


def _edge_frame(spark: Any, data: str, edge: EdgeKind, partitions: int) -> tuple[Any, str, str]:
    """The edge kind's rows as (frame, source column, target column)."""
    from pyspark.sql import functions as F

    if edge.link is None:
        table = next(k for k in NODE_KINDS if k.name == edge.source).file.removesuffix(".csv")
        frame = (spark.read.parquet(f"{data}/{table}").select("id", edge.column)
                 .filter(F.col(edge.column).isNotNull()))
        source, target = "id", edge.column
    else:
        link = next(f for f in LINK_FILES if f.name == edge.link)
        frame = spark.read.parquet(f"{data}/{_table(edge.link)}").select(
            link.source_column, link.target_column, *edge.properties)
        source, target = link.source_column, link.target_column
    if edge.link is None and edge.source != edge.target.kind:
        frame = frame.repartition(partitions, target)  # each source once: no shared node
    else:
        frame = frame.coalesce(1).sortWithinPartitions(target)
    return frame, source, target


def load_neo4j(spark: Any, data: str | Path, conn: Connection, *, partitions: int = 2,
               batch_size: int = 5000,
               progress: Callable[[str, int, int], None] | None = None) -> Loaded:
    """Write the graph held in the Parquet folder ``data`` to the Neo4j of ``conn``.

    Parameters
    ----------
    spark : SparkSession
        Started with :data:`CONNECTOR_SETTINGS` in its settings.
    data : str or Path
        A folder :func:`graphmodel.export` (``"parquet"``) or ``generate --provinces``
        wrote: a local path or a URL Spark reads (``hdfs://...``).
    conn : graphmodel.backends.neo4j.connection.Connection
        Where to write; the constraints and indexes are created first, as ``push``
        does, and the dataset's as-of date is recorded.
    partitions : int
        Spark partitions (parallel writers) for nodes and for references.
    batch_size : int
        Rows per transaction.

    Writes are MERGEs by id, so loading again changes nothing; unlike ``push`` it does
    not delete what the data no longer has (load into an empty database).
    """
    from .backends.neo4j.connection import connect
    from .backends.neo4j.push import apply_schema
    from .backends.neo4j.statements import dataset_statement
    from .backends.spark.source import SparkDataset

    parquet = SparkDataset(spark, data)
    folder, as_of = parquet.path, parquet.dataset_as_of()
    with connect(conn) as driver:
        apply_schema(driver, conn.database)
        if as_of is not None:
            driver.execute_query(dataset_statement().text, {"as_of": as_of},
                                 database_=conn.database)
    loaded = Loaded()
    steps = len(NODE_KINDS) + len(EDGE_KINDS)
    for done, kind in enumerate(NODE_KINDS):
        if progress:
            progress("nodes", done, steps)
        frame = _node_frame(spark, folder, kind, partitions)
        (_writer(frame, conn, batch_size).option("labels", f":{kind.label}")
         .option("node.keys", "id").save())
        loaded.nodes[kind.name] = frame.count()
    labels = {k.name: k.label for k in NODE_KINDS}
    for done, edge in enumerate(EDGE_KINDS, start=len(NODE_KINDS)):
        if progress:
            progress("relationships", done, steps)
        frame, source, target = _edge_frame(spark, folder, edge, partitions)
        writer = (_writer(frame, conn, batch_size)
                  .option("relationship", edge.type)
                  .option("relationship.save.strategy", "keys")
                  .option("relationship.source.labels", f":{labels[edge.source]}")
                  .option("relationship.source.save.mode", "Match")
                  .option("relationship.source.node.keys", f"{source}:id")
                  .option("relationship.target.labels", f":{labels[edge.target.kind]}")
                  .option("relationship.target.save.mode", "Match")
                  .option("relationship.target.node.keys", f"{target}:id"))
        if edge.properties:
            writer = writer.option("relationship.properties", ",".join(edge.properties))
        writer.save()
        loaded.edges[edge.key] = frame.count()
    if progress:
        progress("relationships", steps, steps)
    return loaded

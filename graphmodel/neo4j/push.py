"""Loading a :class:`~graphmodel.graph.Graph` into Neo4j: idempotent, in batches.

Constraints first (so that concurrent MERGEs cannot duplicate a node), then nodes,
then relationships, each as ``UNWIND $rows`` batches inside managed write
transactions (``execute_write``), which the driver retries on transient errors. A
re-run converges to the same graph: nodes and relationships are MERGEd on their
keys and their properties replaced. A node's reference (its region, employer,
parent...) is single-valued, so an edge it no longer makes is deleted. Beyond that,
only ``replace=True`` deletes: the nodes with the model's labels, and the
relationships of link files, that are no longer in the dataset. Nothing with other
labels is ever touched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..graph import Graph
from ..schema import EDGE_KINDS, NODE_KINDS, EdgeKind, NodeKind, node_kind
from .statements import (
    Statement, delete_edges_statement, delete_nodes_statement, edge_statement,
    existing_edges_statement, existing_ids_statement, node_statement, schema_statements,
)

__all__ = ["push", "PushSummary", "node_rows", "edge_rows", "DEFAULT_BATCH_SIZE"]

DEFAULT_BATCH_SIZE = 10_000

#: progress(step, done, total): step names a label or relationship kind.
Progress = Callable[[str, int, int], None]


@dataclass
class PushSummary:
    """What a push sent and what it changed in the database."""

    rows: dict[str, int] = field(default_factory=dict)
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def add(self, counters) -> None:
        self.nodes_created += counters.nodes_created
        self.relationships_created += counters.relationships_created
        self.properties_set += counters.properties_set
        self.nodes_deleted += counters.nodes_deleted
        self.relationships_deleted += counters.relationships_deleted


def _plain(values: list) -> list:
    """Column values for the driver: ``""`` (missing) becomes ``None``."""
    return [None if v == "" else v for v in values]


def node_rows(G: Graph, kind: NodeKind) -> list[dict]:
    """One property map per node, ``id`` first, missing values left out."""
    names = ["id", *G.columns[kind.name]]
    columns = [_plain(G.column(kind.name, n).tolist()) for n in names]
    return [{k: v for k, v in zip(names, values) if v is not None} for values in zip(*columns)]


def edge_rows(G: Graph, edge: EdgeKind) -> list[dict]:
    """``{source, target, props}`` per edge of one kind."""
    sources = G.ids(edge.source).tolist()
    targets = G.ids(edge.target.kind).tolist()
    src, dst = G.edges(edge)
    if edge.link is None:
        return [{"source": sources[s], "target": targets[t], "props": {}}
                for s, t in zip(src.tolist(), dst.tolist())]
    props = list(edge.properties)
    columns = [_plain(G.column(edge.link, p).tolist()) for p in props]
    return [{"source": sources[s], "target": targets[t],
             "props": {p: v for p, v in zip(props, values) if v is not None}}
            for s, t, *values in zip(src.tolist(), dst.tolist(), *columns)]


def _batches(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _write(session, statement: Statement, rows: list, batch_size: int, step: str,
           summary: PushSummary, progress: Progress | None) -> None:
    done = 0
    for batch in _batches(rows, batch_size):
        counters = session.execute_write(
            lambda tx, b=batch: tx.run(statement.text, rows=b).consume().counters)
        summary.add(counters)
        done += len(batch)
        if progress:
            progress(step, done, len(rows))


def push(G: Graph, driver, *, database: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, replace: bool = False,
         progress: Progress | None = None) -> PushSummary:
    """Load ``G`` into the Neo4j behind ``driver``; safe to run again.

    Parameters
    ----------
    G : Graph
    driver : neo4j.Driver
    database : str, optional
        The database to write to (default: the server's default database).
    batch_size : int
        Rows per ``UNWIND`` transaction.
    replace : bool
        Also delete nodes (with the model's labels) and link-file relationships
        that are not in ``G``.
    progress : callable, optional
        Called as ``progress(step, done, total)`` after each batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    summary = PushSummary()
    for statement in schema_statements():
        driver.execute_query(statement.text, database_=database)
    with driver.session(database=database) as session:
        for kind in NODE_KINDS:
            rows = node_rows(G, kind)
            summary.rows[kind.label] = len(rows)
            _write(session, node_statement(kind), rows, batch_size, kind.label, summary, progress)
        for edge in EDGE_KINDS:
            rows = edge_rows(G, edge)
            step = f"{node_kind(edge.source).label}-{edge.type}"
            summary.rows[step] = len(rows)
            _write(session, edge_statement(edge), rows, batch_size, step, summary, progress)
            # A reference is single-valued: an edited or cleared one leaves a stale
            # edge behind, which goes now. Link-file edges go only with replace.
            if edge.link is None or replace:
                _delete_stale_edges(session, edge, rows, batch_size, summary, progress)
        if replace:
            _delete_missing_nodes(G, session, batch_size, summary, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _delete_stale_edges(session, edge: EdgeKind, rows: list[dict], batch_size: int,
                        summary: PushSummary, progress: Progress | None) -> None:
    wanted = {(r["source"], r["target"]) for r in rows}
    found = session.execute_read(
        lambda tx: [tuple(r) for r in tx.run(existing_edges_statement(edge).text)])
    stale = [{"source": s, "target": t} for s, t in found if (s, t) not in wanted]
    _write(session, delete_edges_statement(edge), stale, batch_size,
           f"delete {edge.type}", summary, progress)


def _delete_missing_nodes(G: Graph, session, batch_size: int, summary: PushSummary,
                          progress: Progress | None) -> None:
    for kind in NODE_KINDS:
        wanted = set(G.ids(kind.name).tolist())
        found = session.execute_read(
            lambda tx, k=kind: [r[0] for r in tx.run(existing_ids_statement(k).text)])
        stale = [i for i in found if i not in wanted]
        _write(session, delete_nodes_statement(kind), stale, batch_size,
               f"delete {kind.label}", summary, progress)

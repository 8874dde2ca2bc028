"""Loading a :class:`~graphmodel.graph.Graph` into Neo4j: idempotent, in batches.

Constraints first (so that concurrent MERGEs cannot duplicate a node), then nodes,
then relationships, each as ``UNWIND $rows`` batches in write transactions retried on
transient errors as the driver's managed transactions are (and split in two when
the server runs out of transaction memory, rather than retried unchanged). A
re-run converges to the same graph: nodes and relationships are MERGEd on their
keys and their properties replaced. A node's reference (its region, employer,
parent...) is single-valued, so an edge it no longer makes is deleted. Beyond that,
only ``replace=True`` deletes: the nodes with the model's labels, and the
relationships of link files, that are no longer in the dataset. Nothing with other
labels is ever touched, but for graphmodel's own dataset node
(:data:`~graphmodel.neo4j.statements.DATASET_LABEL`): once the data is in, it records
the dataset's as-of date (``G.meta["as_of"]``), which the Neo4j report defaults to, or
is removed when the dataset has none.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import PushError
from ..graph import Graph
from ..schema import EDGE_KINDS, NODE_KINDS, EdgeKind, NodeKind, node_kind
from .statements import (
    Statement, dataset_statement, delete_dataset_statement, delete_edges_statement,
    delete_nodes_statement, edge_statement, existing_edges_statement, existing_ids_statement,
    node_statement, schema_statements,
)

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = ["push", "PushSummary", "node_rows", "edge_rows", "DEFAULT_BATCH_SIZE",
           "DEFAULT_WORKERS"]

DEFAULT_BATCH_SIZE = 10_000
#: Two transactions in flight keep both the client and the server busy.
DEFAULT_WORKERS = 2

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
    splits: int = 0  # batches split in two because the server ran out of transaction memory
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
    """``{source, target, props}`` per edge of one kind (no ``props`` for a kind
    that has no properties)."""
    sources = G.ids(edge.source).tolist()
    targets = G.ids(edge.target.kind).tolist()
    src, dst = G.edges(edge)
    if not edge.properties:
        return [{"source": sources[s], "target": targets[t]}
                for s, t in zip(src.tolist(), dst.tolist())]
    assert edge.link is not None  # only edges read from link files have properties
    props = list(edge.properties)
    columns = [_plain(G.column(edge.link, p).tolist()) for p in props]
    return [{"source": sources[s], "target": targets[t],
             "props": {p: v for p, v in zip(props, values) if v is not None}}
            for s, t, *values in zip(src.tolist(), dst.tolist(), *columns)]


log = logging.getLogger(__name__)

#: How long a batch is retried on transient errors (the driver's default too).
RETRY_SECONDS = 30.0

#: Codes of "this transaction needs more memory than the server allows it".
_OUT_OF_MEMORY = {
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
    "Neo.TransientError.General.TransactionMemoryLimit",
}


class _TooLarge(Exception):
    """The server has no transaction memory for this batch: split it. Control flow
    inside :class:`_Load` only (always caught and split, or turned into a
    :class:`~graphmodel.errors.PushError`), so not a GraphmodelError."""


@dataclass
class _Load:
    """Where and how one push writes: shared by every batch of every step."""

    driver: Driver
    database: str | None
    batch_size: int
    workers: int
    summary: PushSummary
    progress: Progress | None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def write(self, statement: Statement, rows: list, step: str) -> None:
        """Run ``statement`` over ``rows`` in batches, ``workers`` transactions at a
        time: the server works on one batch while the client packs the next."""
        starts = range(0, len(rows), self.batch_size)
        done = 0
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(self._batch, statement, rows, start, step) for start in starts]
            try:
                for future in futures:
                    for counters in future.result():
                        with self.lock:
                            self.summary.add(counters)
                    done += min(self.batch_size, len(rows) - done)
                    if self.progress:
                        self.progress(step, done, len(rows))
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    def _batch(self, statement: Statement, rows: list, start: int, step: str) -> list:
        return self._run(statement, rows[start:start + self.batch_size], start, step)

    def _run(self, statement: Statement, batch: list, start: int, step: str) -> list:
        """Counters of one batch. A batch the server has no memory for is split in
        two and each half run on its own (retrying it unchanged would fail again);
        other transient errors are retried; an error no retry can fix fails at once,
        naming the batch's rows."""
        from neo4j.exceptions import ClientError

        try:
            return [self._transaction(statement, batch, start, step)]
        except _TooLarge:
            if len(batch) == 1:
                raise PushError(f"{step}: row {start + 1} alone is more than the server's "
                                "transaction memory allows (db.memory.transaction.max)") from None
            with self.lock:
                self.summary.splits += 1
            half = len(batch) // 2
            return (self._run(statement, batch[:half], start, step)
                    + self._run(statement, batch[half:], start + half, step))
        except ClientError as exc:
            message = (exc.message or "").strip().splitlines()[0] if exc.message else exc.code
            raise PushError(f"{step}: rows {start + 1}-{start + len(batch)} refused: "
                            f"{message} ({exc.code})") from None

    def _transaction(self, statement: Statement, batch: list, start: int, step: str):
        """One write transaction, retried like the driver's managed transactions
        (errors the driver calls retryable, backing off for up to 30 s) except that
        running out of transaction memory, which can surface at commit where a
        managed transaction would retry it unchanged, is raised as ``_TooLarge``."""
        from neo4j.exceptions import DriverError, Neo4jError

        delay, deadline = 1.0, time.monotonic() + RETRY_SECONDS
        while True:
            try:
                with self.driver.session(database=self.database) as session:
                    with session.begin_transaction() as tx:
                        counters = tx.run(statement.text, rows=batch).consume().counters
                        tx.commit()
                        return counters
            except (Neo4jError, DriverError) as exc:
                if getattr(exc, "code", None) in _OUT_OF_MEMORY:
                    raise _TooLarge() from None
                if not exc.is_retryable() or time.monotonic() + delay > deadline:
                    raise
                log.warning("%s: rows %d-%d: %s; retrying in %.1f s", step, start + 1,
                            start + len(batch), getattr(exc, "code", None) or exc, delay)
                time.sleep(delay * random.uniform(0.8, 1.2))
                delay *= 2

    def read(self, query: str) -> list:
        # The relationship type may not exist yet: that is expected, not worth a warning.
        with self.driver.session(database=self.database,
                                 notifications_min_severity="OFF") as session:
            return session.execute_read(lambda tx: [tuple(r) for r in tx.run(query)])


def push(G: Graph, driver, *, database: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, replace: bool = False,
         progress: Progress | None = None, workers: int = DEFAULT_WORKERS) -> PushSummary:
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
    workers : int
        Batches in flight at once (each its own transaction).

    The dataset's as-of date, ``G.meta["as_of"]``, is recorded last (see the module).
    """
    if batch_size < 1 or workers < 1:
        raise ValueError("batch_size and workers must be at least 1")
    started = time.perf_counter()
    load = _Load(driver, database, batch_size, workers, PushSummary(), progress)
    for statement in schema_statements():
        driver.execute_query(statement.text, database_=database)
    for kind in NODE_KINDS:
        rows = node_rows(G, kind)
        load.summary.rows[kind.label] = len(rows)
        load.write(node_statement(kind), rows, kind.label)
    for edge in EDGE_KINDS:
        rows = edge_rows(G, edge)
        step = f"{node_kind(edge.source).label}-{edge.type}"
        load.summary.rows[step] = len(rows)
        # A reference is single-valued: an edited or cleared one leaves a stale edge
        # behind, which goes too. Link-file edges go only with replace. (Read what
        # is there before loading: from an empty database, nothing.)
        if edge.link is None or replace:
            wanted = {(r["source"], r["target"]) for r in rows}
            stale = [{"source": s, "target": t}
                     for s, t in load.read(existing_edges_statement(edge).text)
                     if (s, t) not in wanted]
            load.write(delete_edges_statement(edge), stale, f"delete {step}")
        load.write(edge_statement(edge), rows, step)
    if replace:
        for kind in NODE_KINDS:
            wanted = set(G.ids(kind.name).tolist())
            stale = [i for (i,) in load.read(existing_ids_statement(kind).text) if i not in wanted]
            load.write(delete_nodes_statement(kind), stale, f"delete {kind.label}")
    # Last, so that the date describes a complete push (not counted in the summary).
    as_of = G.meta.get("as_of")
    if as_of is not None:
        driver.execute_query(dataset_statement().text, {"as_of": as_of}, database_=database)
    else:
        driver.execute_query(delete_dataset_statement().text, database_=database)
    load.summary.seconds = time.perf_counter() - started
    return load.summary

"""Loading a :class:`~graphmodel.model.graph.Graph` into Neo4j: idempotent, in batches.

Constraints first (so that concurrent MERGEs cannot duplicate a node), then nodes,
then relationships, each as ``UNWIND $rows`` batches in write transactions retried on
transient errors as the driver's managed transactions are (and split in two when
the server runs out of transaction memory, rather than retried unchanged). A
re-run converges to the same graph: nodes and relationships are MERGEd on their
keys and their properties replaced (the nodes of a label that had none before the
push are CREATEd, without MERGE's lookup, and MERGEd only if another push made one
first). A node's reference (its region, employer, parent...) is single-valued, so an
edge it no longer makes is deleted. Beyond that, only ``replace=True`` deletes: the
nodes with the model's labels, and the relationships of link files, that are no
longer in the dataset. Nothing with other labels is ever touched, but for
graphmodel's own dataset node
(:data:`~graphmodel.backends.neo4j.statements.DATASET_LABEL`): once the data is in, it records
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
from functools import partial
from typing import TYPE_CHECKING

from ...errors import PushError
from ...model.graph import Graph
from ...model.schema import EDGE_KINDS, NODE_KINDS, EdgeKind, NodeKind, node_kind
from .batches import Batch, edge_batches, node_batches, reference_columns
from .statements import (
    Statement, any_node_statement, batch_statement, batches_statement, dataset_statement,
    delete_batches_statement, delete_dataset_statement, delete_edges_statement,
    delete_nodes_statement, edge_statement, existing_edges_statement, existing_ids_statement,
    node_statement, record_batches_statement, schema_statements, stale_references_statement,
)

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = ["push", "apply_schema", "record_dataset", "record_batches", "PushSummary",
           "node_rows", "edge_rows", "DEFAULT_BATCH_SIZE", "DEFAULT_WORKERS"]

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
    batches: int = 0
    skipped: int = 0  # batches the database already held, by their fingerprints
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
    names = ["id", *G.shared_columns(kind.name)]
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


#: The schema rule being created was created meanwhile by someone else.
_SCHEMA_EXISTS = {"Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
                  "Neo.ClientError.Schema.IndexAlreadyExists",
                  "Neo.ClientError.Schema.ConstraintAlreadyExists"}
#: A uniqueness constraint refused a write.
_CONSTRAINT = "Neo.ClientError.Schema.ConstraintValidationFailed"


class _TooLarge(Exception):
    """The server has no transaction memory for this batch: split it. Control flow
    inside :class:`_Load` only (always caught and split, or turned into a
    :class:`~graphmodel.errors.PushError`), so not a GraphmodelError."""


@dataclass
class _Job:
    """One transaction's work: statements, each over its rows; ``what`` names the rows
    in messages; a batch's ``key`` and ``fingerprint`` are recorded with it."""

    parts: list[tuple[Statement, list]]
    what: str
    key: str | None = None
    fingerprint: str | None = None
    #: Statements to run instead, by name, if the server refuses a CREATE because
    #: another push made one of its nodes meanwhile (the MERGE forms).
    instead: dict[str, Statement] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return max((len(rows) for _, rows in self.parts), default=0)

    def itself(self) -> _Job:  # a job made already, for :meth:`_Load.run`
        return self

    def halves(self) -> tuple[_Job, _Job]:
        half = self.size // 2
        return (_Job([(st, rows[:half]) for st, rows in self.parts], f"{self.what}, first half",
                     instead=self.instead),
                _Job([(st, rows[half:]) for st, rows in self.parts], f"{self.what}, second half",
                     instead=self.instead))

    def merging(self) -> _Job:
        """This job with its MERGE statements in place of its CREATEs."""
        return _Job([(self.instead.get(st.name, st), rows) for st, rows in self.parts],
                    self.what, self.key, self.fingerprint)


def _ids_text(ids: list) -> str:
    shown = ", ".join(map(str, ids[:3]))
    return f"ids {shown}{', ...' if len(ids) > 3 else ''}"


@dataclass
class _Load:
    """Where and how one push writes: shared by every batch of every step."""

    driver: Driver
    database: str | None
    batch_size: int
    workers: int
    summary: PushSummary
    progress: Progress | None
    retry_seconds: float = RETRY_SECONDS
    lock: threading.Lock = field(default_factory=threading.Lock)

    def write(self, statement: Statement, rows: list, step: str) -> None:
        """Run ``statement`` over ``rows`` in batches of consecutive rows."""
        jobs = [_Job([(statement, rows[i:i + self.batch_size])],
                     f"rows {i + 1}-{min(i + self.batch_size, len(rows))}")
                for i in range(0, len(rows), self.batch_size)]
        self.run([partial(_Job.itself, job) for job in jobs], step, len(rows))

    def run(self, jobs: list[Callable[[], _Job]], step: str, total: int) -> None:
        """Make and run the jobs, ``workers`` transactions at a time: a job's rows are
        packed in its worker, so the client packs one batch while the server writes
        another (packing every batch first left the server idle for seconds)."""
        done = 0

        def make_and_run(make: Callable[[], _Job]) -> tuple[_Job, list]:
            job = make()
            return job, self._run(job, step)

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            futures = [pool.submit(make_and_run, make) for make in jobs]
            try:
                for future in futures:
                    job, results = future.result()
                    for counters in results:
                        with self.lock:
                            self.summary.add(counters)
                    done += job.size
                    if self.progress:
                        self.progress(step, done, total)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        if self.progress and done < total:  # batches skipped as unchanged
            self.progress(step, total, total)

    def _run(self, job: _Job, step: str) -> list:
        """Counters of one job. A job the server has no memory for is split in two
        and each half run on its own (retrying it unchanged would fail again), its
        fingerprint recorded once both are in; other transient errors are retried;
        an error no retry can fix fails at once, naming the job's rows."""
        from neo4j.exceptions import ClientError

        try:
            return self._transaction(job, step)
        except _TooLarge:
            if job.size <= 1:
                raise PushError(f"{step}: {job.what}: one row is more than the server's "
                                "transaction memory allows (db.memory.transaction.max)") from None
            with self.lock:
                self.summary.splits += 1
            first, second = job.halves()
            counters = self._run(first, step) + self._run(second, step)
            if job.key is not None:
                self._transaction(_Job([], job.what, job.key, job.fingerprint), step)
            return counters
        except ClientError as exc:
            if exc.code == _CONSTRAINT and job.instead:  # another push made a node first
                return self._run(job.merging(), step)
            message = (exc.message or "").strip().splitlines()[0] if exc.message else exc.code
            raise PushError(f"{step}: {job.what} refused: {message} ({exc.code})") from None

    def _transaction(self, job: _Job, step: str) -> list:
        """One write transaction, retried like the driver's managed transactions
        (errors the driver calls retryable, backing off for up to ``retry_seconds``) except that
        running out of transaction memory, which can surface at commit where a
        managed transaction would retry it unchanged, is raised as ``_TooLarge``."""
        from neo4j.exceptions import DriverError, Neo4jError

        delay, deadline = 1.0, time.monotonic() + self.retry_seconds
        while True:
            try:
                with self.driver.session(database=self.database) as session:
                    with session.begin_transaction() as tx:
                        counters = [tx.run(st.text, rows=st.parameters(rows)).consume().counters
                                    for st, rows in job.parts if rows]
                        if job.key is not None:  # the batch's record commits with it
                            tx.run(batch_statement().text, key=job.key,
                                   fingerprint=job.fingerprint).consume()
                        tx.commit()
                        return counters
            except (Neo4jError, DriverError) as exc:
                if getattr(exc, "code", None) in _OUT_OF_MEMORY:
                    raise _TooLarge() from None
                if not exc.is_retryable() or time.monotonic() + delay > deadline:
                    raise
                log.warning("%s: %s: %s; retrying in %.1f s", step, job.what,
                            getattr(exc, "code", None) or exc, delay)
                time.sleep(delay * random.uniform(0.8, 1.2))
                delay *= 2

    def read(self, query: str) -> list:
        # The relationship type may not exist yet: that is expected, not worth a warning.
        with self.driver.session(database=self.database,
                                 notifications_min_severity="OFF") as session:
            return session.execute_read(lambda tx: [tuple(r) for r in tx.run(query)])


def apply_schema(driver, database: str | None = None, indexes: bool = True) -> None:
    """Create the constraints and (unless ``indexes=False``) the indexes, and wait
    until they are online (at most 5 minutes); those already there are kept."""
    from neo4j.exceptions import ClientError

    for statement in schema_statements():
        if indexes or statement.name.startswith("constraint_"):
            try:
                driver.execute_query(statement.text, database_=database)
            except ClientError as exc:
                # IF NOT EXISTS checks before it creates: a push running beside this
                # one may create the same rule in between. It exists: what we want.
                if exc.code not in _SCHEMA_EXISTS:
                    raise
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


def record_dataset(G: Graph, driver, database: str | None = None) -> None:
    """Record ``G``'s as-of date on the dataset node, or remove the node if it has none."""
    as_of = G.meta.get("as_of")
    if as_of is not None:
        driver.execute_query(dataset_statement().text, {"as_of": as_of}, database_=database)
    else:
        driver.execute_query(delete_dataset_statement().text, database_=database)


def record_batches(G: Graph, driver, database: str | None = None,
                   batch_size: int = DEFAULT_BATCH_SIZE,
                   fingerprints: dict[str, str] | None = None) -> None:
    """Record every batch of ``G`` as pushed (after a bulk import of ``G``), so that a
    push of the same graph finds nothing to write. ``fingerprints``: those of
    :func:`~graphmodel.backends.neo4j.batches.all_batches`, if computed already."""
    from .batches import all_batches

    if fingerprints is None:
        fingerprints = all_batches(G, batch_size)
    rows = [{"key": k, "fingerprint": f} for k, f in fingerprints.items()]
    driver.execute_query(record_batches_statement().text, {"rows": rows}, database_=database)


def push(G: Graph, driver, *, database: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, replace: bool = False,
         progress: Progress | None = None, workers: int = DEFAULT_WORKERS,
         rewrite: bool = False, retry_seconds: float = RETRY_SECONDS) -> PushSummary:
    """Load ``G`` into the Neo4j behind ``driver``; safe to run again.

    Parameters
    ----------
    G : Graph
    driver : neo4j.Driver
    database : str, optional
        The database to write to (default: the server's default database).
    batch_size : int
        Rows per ``UNWIND`` transaction (about: rows are grouped by a hash of their id).
    replace : bool
        Also delete nodes (with the model's labels) and link-file relationships
        that are not in ``G``.
    progress : callable, optional
        Called as ``progress(step, done, total)`` after each batch.
    workers : int
        Batches in flight at once (each its own transaction).
    rewrite : bool
        Write every batch, also those whose fingerprint says the database holds them
        already (after the database was changed by other means than push).
    retry_seconds : float
        How long a batch that failed with an error the driver calls transient (a lock
        timeout, the server unreachable) is retried, backing off, before the push
        fails; 0 tries once.

    The dataset's as-of date, ``G.meta["as_of"]``, is recorded last (see the module).
    """
    if batch_size < 1 or workers < 1 or retry_seconds < 0:
        raise ValueError("batch_size and workers must be at least 1, retry_seconds at least 0")
    started = time.perf_counter()
    load = _Load(driver, database, batch_size, workers, PushSummary(), progress, retry_seconds)
    # The constraints back MERGE and must come first; the query indexes come last,
    # built from the loaded nodes in one pass (kept up row by row, the entity type
    # index made loading entities a third slower).
    apply_schema(driver, database, indexes=False)
    recorded = dict(load.read(batches_statement().text))
    # A source label with no node yet has no edge that could be stale.
    present = {k.name for k in NODE_KINDS if load.read(any_node_statement(k).text)}
    pushed: set[str] = set()

    def run(step: str, batches: list[Batch], parts: Callable[[Batch], list], total: int,
            instead: dict[str, Statement] | None = None) -> None:
        pushed.update(b.key for b in batches)
        todo = [b for b in batches if rewrite or recorded.get(b.key) != b.fingerprint]
        load.summary.batches += len(batches)
        load.summary.skipped += len(batches) - len(todo)

        def job(b: Batch) -> _Job:
            statements = parts(b)
            longest = max((rows for _, rows in statements), key=len)
            ids = [r.get("id", r.get("source")) for r in longest[:4]]
            return _Job(statements, f"a batch of {len(longest)} rows ({_ids_text(ids)})",
                        b.key, b.fingerprint, instead or {})
        load.run([partial(job, b) for b in todo], step, total)

    for kind in NODE_KINDS:
        rows = node_rows(G, kind)
        load.summary.rows[kind.label] = len(rows)
        # A label with no node yet takes CREATE (faster), MERGE when another push
        # made a node first; a failed batch leaves nothing behind to retry over.
        nodes = node_statement(kind, create=kind.name not in present)
        run(kind.label, node_batches(G, kind, batch_size),
            lambda b: [(nodes, [rows[i] for i in b.index.tolist()])], len(rows),
            {nodes.name: node_statement(kind)})
    for edge in EDGE_KINDS:
        step = f"{node_kind(edge.source).label}-{edge.type}"
        if edge.link is None:
            # A reference is single-valued: a batch holds every source node with its
            # target (or none), and an edge to anything else goes.
            sources, targets = (c.tolist() for c in reference_columns(G, edge))
            stale = edge.source in present
            load.summary.rows[step] = len(G.edges(edge)[0])

            def parts(b: Batch, edge=edge, sources=sources, targets=targets, stale=stale) -> list:
                rows = [{"source": sources[i], "target": targets[i] or None}
                        for i in b.index.tolist()]
                merged = [r for r in rows if r["target"] is not None]
                return ([(stale_references_statement(edge), rows)] if stale else []) + \
                    [(edge_statement(edge), merged)]
            run(step, edge_batches(G, edge, batch_size), parts, load.summary.rows[step])
            continue
        rows = edge_rows(G, edge)
        load.summary.rows[step] = len(rows)
        if replace:  # link-file edges go only with replace
            wanted = {(r["source"], r["target"]) for r in rows}
            gone = [{"source": s, "target": t}
                    for s, t in load.read(existing_edges_statement(edge).text)
                    if (s, t) not in wanted]
            load.write(delete_edges_statement(edge), gone, f"delete {step}")

        def links(b: Batch, rows=rows, statement=edge_statement(edge)) -> list:
            return [(statement, [rows[i] for i in b.index.tolist()])]
        run(step, edge_batches(G, edge, batch_size), links, len(rows))
    if replace:
        for kind in NODE_KINDS:
            wanted = set(G.ids(kind.name).tolist())
            gone = [i for (i,) in load.read(existing_ids_statement(kind).text) if i not in wanted]
            load.write(delete_nodes_statement(kind), gone, f"delete {kind.label}")
    forgotten = [k for k in recorded if k not in pushed]  # batches of an older layout
    if forgotten:  # not the data: not counted in the summary
        driver.execute_query(delete_batches_statement().text, {"rows": forgotten},
                             database_=database)
    apply_schema(driver, database)
    record_dataset(G, driver, database)  # last, so that it describes a complete push
    load.summary.seconds = time.perf_counter() - started
    return load.summary

"""How ``push`` cuts a graph into batches, and a fingerprint of each batch's content,
so that a push finds what the database already holds and writes only the rest.

A row's batch is chosen by a hash of its id (of its source's id, for an edge) rather
than by its position, so that adding or removing a row changes one batch, not every
batch after it; all edges of one source share a batch, which lets a reference (a
member's employer) be replaced within its batch. A batch's fingerprint is a SHA-256 of
its statement and its rows' values, column by column, independent of the widths
numpy happens to store them in. ``push`` records each fingerprint on a
:data:`~graphmodel.backends.neo4j.statements.BATCH_LABEL` node in the transaction that writes
the batch, so a recorded fingerprint always describes committed data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...model.graph import Graph
from ...model.schema import EDGE_KINDS, NODE_KINDS, EdgeKind, NodeKind
from .statements import edge_statement, node_statement

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["Batch", "node_batches", "edge_batches", "all_batches", "fingerprint",
           "reference_columns"]

_PRIME = np.uint64(1099511628211)  # FNV-1a's, folded over the id's code points


@dataclass(frozen=True)
class Batch:
    """Rows ``index`` (positions in the node kind, or its source kind for a reference
    edge kind, or in the edge list) of one step, with their fingerprint."""

    key: str
    index: npt.NDArray[np.intp]
    fingerprint: str


def _id_hashes(ids: npt.NDArray) -> npt.NDArray[np.uint64]:
    """A hash per id, from its characters only (not the array's width)."""
    n = len(ids)
    width = ids.dtype.itemsize // 4
    codes = np.ascontiguousarray(ids).view(np.uint32).reshape(n, width).astype(np.uint64)
    h = np.full(n, np.uint64(14695981039346656037))
    with np.errstate(over="ignore"):
        for column in codes.T:  # a code point 0 is padding: it leaves the hash alone
            h = np.where(column != 0, (h ^ column) * _PRIME, h)
    return h


def _split(ids: npt.NDArray, batch_size: int) -> list[npt.NDArray[np.intp]]:
    """Positions of ``ids`` in ceil(n / batch_size) groups by hash, each in order."""
    n = len(ids)
    count = max(1, -(-n // batch_size))
    if count == 1:
        return [np.arange(n)]
    groups = (_id_hashes(ids) % np.uint64(count)).astype(np.intp)
    order = np.argsort(groups, kind="stable")
    return np.split(order, np.cumsum(np.bincount(groups, minlength=count))[:-1])


def _column_bytes(values: npt.NDArray) -> bytes:
    """The values' bytes, strings without the padding their array's width adds."""
    if values.dtype.kind != "U" or not len(values):
        return values.dtype.kind.encode() + np.ascontiguousarray(values).tobytes()
    codes = np.ascontiguousarray(values).view(np.uint32).reshape(len(values), -1)
    used = np.flatnonzero(codes.any(axis=0))
    width = int(used[-1]) + 1 if len(used) else 0
    return b"U" + np.ascontiguousarray(codes[:, :width]).tobytes() + b"/%d" % width


def fingerprint(statement: str, columns: list[npt.NDArray]) -> str:
    digest = hashlib.sha256(statement.encode())
    for values in columns:
        digest.update(b"\0" + _column_bytes(values))
    return digest.hexdigest()


def node_batches(G: Graph, kind: NodeKind, batch_size: int) -> list[Batch]:
    ids = G.ids(kind.name)
    columns = [ids, *(G.column(kind.name, n) for n in G.shared_columns(kind.name))]
    text = node_statement(kind).text
    groups = _split(ids, batch_size)
    return [Batch(f"node:{kind.name}:{len(groups)}:{i}", index,
                  fingerprint(text, [c[index] for c in columns]))
            for i, index in enumerate(groups)]


def reference_columns(G: Graph, edge: EdgeKind) -> tuple[npt.NDArray, npt.NDArray]:
    """A reference (single-valued) edge kind as a row per source node: its id and
    its target's id, ``""`` where the reference is empty."""
    sources, targets = G.ids(edge.source), G.ids(edge.target.kind)
    src, dst = G.edges(edge)
    target = np.full(len(sources), "", dtype=targets.dtype)
    target[src] = targets[dst]
    return sources, target


def _edge_columns(G: Graph, edge: EdgeKind) -> tuple[npt.NDArray, list[npt.NDArray]]:
    """The ids the batches split on, and the columns of the batch rows (per source
    node for a reference; per edge for a link file)."""
    if edge.link is None:
        sources, target = reference_columns(G, edge)
        return sources, [sources, target]
    sources, targets = G.ids(edge.source), G.ids(edge.target.kind)
    src, dst = G.edges(edge)
    return sources[src], [sources[src], targets[dst],
                          *(G.column(edge.link, p) for p in edge.properties)]


def edge_batches(G: Graph, edge: EdgeKind, batch_size: int) -> list[Batch]:
    split_on, columns = _edge_columns(G, edge)
    text = edge_statement(edge).text
    groups = _split(split_on, batch_size)
    return [Batch(f"edge:{edge.key}:{len(groups)}:{i}", index,
                  fingerprint(text, [c[index] for c in columns]))
            for i, index in enumerate(groups)]


def all_batches(G: Graph, batch_size: int) -> dict[str, str]:
    """Every batch key of ``G`` and its fingerprint (what a complete push records)."""
    out = {b.key: b.fingerprint for k in NODE_KINDS for b in node_batches(G, k, batch_size)}
    out.update((b.key, b.fingerprint) for e in EDGE_KINDS for b in edge_batches(G, e, batch_size))
    return out

"""The validated graph in columnar form, and its export to networkx.

A :class:`Graph` holds one set of arrays per node kind (ids, properties, and each
reference column as an array of row indices into the target kind, ``-1`` when empty)
and one per link file (source and target indices plus edge properties). Queries work
on these arrays directly, so a province of half a million entities answers without
building half a million Python objects; :func:`to_networkx` builds the
``nx.MultiDiGraph`` only when a notebook or a graph algorithm asks for it.

Missing values: ``""`` in string columns, ``NaT`` in date columns, ``False`` in flags,
``-1`` in reference columns.
"""

from __future__ import annotations

import datetime as _dt
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .schema import (
    CHECK_PARTS,
    EDGE_KINDS, LINK_FILES, NODE_KINDS, PERSONAL_DERIVED_SUFFIXES, PERSONAL_FIELDS, EdgeKind,
    node_kind, reference_columns,
)

__all__ = ["Graph", "to_networkx", "node_records", "edge_records", "python_value", "ArraySpec",
           "array_specs", "internal_columns", "storage_kind", "NODE_ATTRIBUTES"]

#: What :func:`to_networkx` sets on every node besides its properties (a dataset
#: column may not take these names: it would be overwritten).
NODE_ATTRIBUTES = ("label", "node_kind", "node_id")


# --- the layout: which arrays a graph holds, and what each holds ----------------------


def storage_kind(annotation) -> str:
    """'bool', 'date' or 'str': how a declared field of that type is stored."""
    args = typing.get_args(annotation) or (annotation,)
    for arg in args:
        inner = typing.get_args(arg)[0] if typing.get_origin(arg) is typing.Annotated else arg
        if inner is bool:
            return "bool"
        if inner is _dt.date:
            return "date"
    return "str"


@dataclass(frozen=True)
class ArraySpec:
    """What one array of a :class:`Graph` holds: one value per row of ``rows`` (a node
    kind or link file), stored as ``storage``: ``"str"``, ``"bool"``, ``"date"``,
    ``"ref"`` (a row index into the node kind ``target``, ``-1`` when empty) or
    ``"index"`` (a row index into ``target``, never empty: a link's ends)."""

    rows: str
    storage: str
    target: str | None = None


_LINKS = {link.name: link for link in LINK_FILES}


def internal_columns(name: str) -> frozenset[str]:
    """Column names graphmodel itself uses under the node kind or link file ``name``:
    array keys ``name/<column>`` it writes (ids, reference indices, a link's ends,
    the keyed hash of a personal number) and the attributes :func:`to_networkx` puts
    on every node. A dataset column may not take one of them, except a declared
    column under its own name (``id``, ``region_id``...).

    >>> sorted(internal_columns("memberships"))
    ['source', 'target']
    >>> sorted(internal_columns("member"))  # doctest: +NORMALIZE_WHITESPACE
    ['employer_id', 'id', 'id_number_birth_hash', 'id_number_birth_year', 'id_number_hash',
     'id_number_province', 'label', 'node_id', 'node_kind', 'region_id']
    """
    if name in _LINKS:
        return frozenset({"source", "target"})
    return frozenset({"id", *reference_columns(name),
                      *(f"{field}{suffix}" for field in PERSONAL_FIELDS.get(name, ())
                        for suffix in PERSONAL_DERIVED_SUFFIXES),
                      *NODE_ATTRIBUTES})


def array_specs(columns: object) -> dict[str, ArraySpec]:
    """Every array of a graph whose property columns are ``columns``, by key.

    Raises ``ValueError`` when ``columns`` cannot be a graph's: a node kind or link
    file missing or unknown, a column that is not a non-empty string, a column twice,
    or a column under a name graphmodel uses itself (``id``, ``source``...).
    """
    names = [k.name for k in NODE_KINDS] + list(_LINKS)
    if not isinstance(columns, Mapping) or set(columns) != set(names):
        raise ValueError(f"columns must name exactly {', '.join(names)}")
    specs: dict[str, ArraySpec] = {}
    for kind in NODE_KINDS:
        specs[f"{kind.name}/id"] = ArraySpec(kind.name, "str")
        for column, edge in reference_columns(kind.name).items():
            specs[f"{kind.name}/{column}"] = ArraySpec(kind.name, "ref", edge.target.kind)
    for edge in EDGE_KINDS:
        if edge.link is not None:
            specs[f"{edge.link}/source"] = ArraySpec(edge.link, "index", edge.source)
            specs[f"{edge.link}/target"] = ArraySpec(edge.link, "index", edge.target.kind)
    for name in names:
        fields = (_LINKS[name] if name in _LINKS else node_kind(name)).model.model_fields
        if not isinstance(columns[name], list):
            raise ValueError(f"the columns of {name} must be a list")
        for column in columns[name]:
            if not isinstance(column, str) or not column:
                raise ValueError(f"a column of {name} is not a non-empty string")
            key = f"{name}/{column}"
            if key in specs:
                raise ValueError(f"{key} is named twice or is one graphmodel uses itself")
            specs[key] = ArraySpec(
                name, storage_kind(fields[column].annotation) if column in fields else "str")
    return specs


class Graph:
    """A validated dataset, as arrays. Build one with :func:`graphmodel.read_dataset`
    or :func:`graphmodel.open_store`; do not mutate its arrays.

    ``arrays`` maps ``"kind/column"`` to a numpy array; ``columns`` maps each node kind
    and link file to its property columns in order (references excluded).
    """

    def __init__(self, arrays: Mapping[str, np.ndarray], columns: Mapping[str, list[str]]):
        self._arrays = arrays
        self.columns = {k: list(v) for k, v in columns.items()}
        #: Provenance when opened from a store (source, written_at, counts).
        self.meta: dict[str, Any] = {}

    # -- raw access ---------------------------------------------------------------
    def array(self, key: str) -> np.ndarray:
        """The array stored under ``key`` (``"entity/type"``, ``"coverage/source"``...)."""
        return self._arrays[key]

    def keys(self) -> list[str]:
        """Every array key, ``"kind/column"``."""
        return list(self._arrays)

    def shared_columns(self, kind: str) -> list[str]:
        """The property columns of ``kind`` that go to other tools: all but the record
        checks' parts of personal numbers (:data:`~graphmodel.model.schema.CHECK_PARTS`)."""
        return [c for c in self.columns[kind] if c not in CHECK_PARTS]

    def ids(self, kind: str) -> np.ndarray:
        return self._arrays[f"{kind}/id"]

    def column(self, kind: str, name: str) -> np.ndarray:
        """A property column, or for a reference column the target row indices."""
        return self._arrays[f"{kind}/{name}"]

    def count(self, kind: str) -> int:
        return len(self.ids(kind))

    def counts(self) -> dict[str, int]:
        """Rows per node kind and per link file."""
        out = {k.name: self.count(k.name) for k in NODE_KINDS}
        for e in EDGE_KINDS:
            if e.link is not None:
                out[e.link] = len(self._arrays[f"{e.link}/source"])
        return out

    def index(self, kind: str) -> dict[str, int]:
        """Map of id to row index for ``kind`` (built once, on first use)."""
        return self._indexes[kind]

    @cached_property
    def _indexes(self) -> dict[str, dict[str, int]]:
        return _LazyIndexes(self)

    def edges(self, edge: EdgeKind) -> tuple[np.ndarray, np.ndarray]:
        """Source and target row indices of every edge of one :class:`EdgeKind`."""
        if edge.link is not None:
            return self._arrays[f"{edge.link}/source"], self._arrays[f"{edge.link}/target"]
        target = self.column(edge.source, edge.column)
        present = np.flatnonzero(target >= 0)
        return present.astype(np.int32), target[present]

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        return f"<Graph {parts}>"


class _LazyIndexes(dict):
    def __init__(self, graph: Graph):
        super().__init__()
        self._graph = graph

    def __missing__(self, kind: str) -> dict[str, int]:
        ids = self._graph.ids(kind).tolist()
        index = dict(zip(ids, range(len(ids))))
        self[kind] = index
        return index


def python_value(value: Any) -> Any:
    """A numpy scalar as the plain Python value for output; missing becomes ``None``."""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return value.astype("datetime64[D]").item().isoformat()
    if isinstance(value, np.str_):
        return str(value) or None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _cells(values: np.ndarray) -> list:
    """A column as plain values, None where missing (see :func:`python_value`), fast."""
    kind = values.dtype.kind
    if kind == "b":
        return values.tolist()
    if kind == "M":
        texts = np.datetime_as_string(values, unit="D").tolist()
        return [None if t == "NaT" else t for t in texts]
    if kind == "U":
        return [v or None for v in values.tolist()]
    return [python_value(v) for v in values]


def node_records(G: Graph, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each node of ``kind`` as ``("<Label>:<id>", attributes)``: its properties
    (missing ones left out; dates as ISO strings), then ``label`` (its name),
    ``node_kind`` (the Neo4j label) and ``node_id``. What :func:`to_networkx` and the
    exports write, one node at a time.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> next(node_records(G, "region"))
    ('Region:HN', {'name': '海南省', 'level': 'province', 'code': '460000', \
'label': '海南省', 'node_kind': 'Region', 'node_id': 'HN'})
    """
    label = node_kind(kind).label
    ids = G.ids(kind).tolist()
    props = G.shared_columns(kind)
    cols = [_cells(G.column(kind, c)) for c in props]
    names = cols[props.index("name")] if "name" in props else ids
    for row, node_id in enumerate(ids):
        attrs = {name: col[row] for name, col in zip(props, cols) if col[row] is not None}
        attrs.update(label=names[row] or node_id, node_kind=label, node_id=node_id)
        yield f"{label}:{node_id}", attrs


def edge_records(G: Graph, edge: EdgeKind) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each edge of ``edge`` as ``(source key, target key, attributes)``: ``label``
    (the relationship type) and its properties, missing ones left out."""
    src, dst = G.edges(edge)
    sids, tids = G.ids(edge.source), G.ids(edge.target.kind)
    slabel, tlabel = node_kind(edge.source).label, node_kind(edge.target.kind).label
    props = list(edge.properties)
    cols = [_cells(G.column(edge.link, p)) for p in props] if edge.link else []
    for n, (s, t) in enumerate(zip(sids[src].tolist(), tids[dst].tolist())):
        attrs = {"label": edge.type}
        attrs.update((p, c[n]) for p, c in zip(props, cols) if c[n] is not None)
        yield f"{slabel}:{s}", f"{tlabel}:{t}", attrs


def to_networkx(G: Graph):
    """The graph as an ``nx.MultiDiGraph``, ready for networkx's algorithms and writers.

    Nodes are keyed ``"<Label>:<id>"`` (unique across kinds: a region and an entity may
    share an id) and carry every property plus ``label`` (the node's name: what Gephi
    and networkx's GEXF writer show), ``node_kind`` (its kind, as the Neo4j label:
    ``PartyMember``...) and ``node_id`` (its id in the dataset). Edges are keyed by
    relationship type, which their ``label`` repeats, and carry their properties.
    Values are strings and booleans (dates as ISO strings); missing ones are absent.
    Personal numbers are present only masked, as in the store.

    >>> import graphmodel
    >>> nxg = graphmodel.to_networkx(graphmodel.read_dataset(graphmodel.bundled_dataset("demo")))
    >>> node = nxg.nodes["Region:R-DA"]
    >>> node["label"], node["node_kind"], node["node_id"]
    ('定安县', 'Region', 'R-DA')
    """
    import networkx as nx

    nxg = nx.MultiDiGraph()
    for kind in NODE_KINDS:
        nxg.add_nodes_from(node_records(G, kind.name))
    for edge in EDGE_KINDS:
        nxg.add_edges_from((s, t, edge.type, attrs) for s, t, attrs in edge_records(G, edge))
    return nxg

"""pandas DataFrames of a graph and of query results (pandas is an optional extra).

* :func:`frame` -- any result as a DataFrame: the rows of a question, a
  :class:`~graphmodel.model.table.Table`, a list of dicts, or the report's figures (one
  row per figure, nested figures under dotted names);
* :func:`tables` -- the whole graph as DataFrames: one per node kind and one per
  link file, every reference beside the name of the node it points at.

pandas is imported only when one of these is called; without it they raise a
:class:`~graphmodel.QueryError` that says how to install it
(``pip install 'graphmodel[pandas]'``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import ArgumentError
from .model.graph import Graph
from .model.schema import DERIVED_PERSONAL_COLUMNS, EDGE_KINDS, LINK_FILES, NODE_KINDS, reference_columns
from .model.table import Rows, Table, require_pandas

__all__ = ["frame", "tables", "report_figures"]


def report_figures(figures: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """The report's figures as (name, value) pairs, nested figures under dotted names,
    in the order of ``figures``.

    Parameters
    ----------
    figures : mapping
        What :func:`graphmodel.report` returns (or any nesting of dicts).
    prefix : str
        Put before every name (used for the nesting).

    Returns
    -------
    list of (str, object)

    Examples
    --------
    >>> report_figures({"region": None, "entities": {"market": 1, "total": 3}})
    [('region', None), ('entities.market', 1), ('entities.total', 3)]
    """
    pairs: list[tuple[str, Any]] = []
    for key, value in figures.items():
        if isinstance(value, Mapping):
            pairs += report_figures(value, f"{prefix}{key}.")
        else:
            pairs.append((f"{prefix}{key}", value))
    return pairs


def frame(result: Any) -> Any:
    """A query's result as a pandas DataFrame.

    Parameters
    ----------
    result : Rows, Table, list of dict, dict or DataFrame
        The rows of a question (:func:`graphmodel.uncovered`...), a
        :class:`~graphmodel.model.table.Table`, any list of dicts (columns in the order
        they first appear), or the figures of :func:`graphmodel.report`: then one
        row per figure, columns ``figure`` (dotted: ``entities.total``,
        ``stations.liaison_station``) and ``value``. A DataFrame is returned as it is.

    Returns
    -------
    pandas.DataFrame
        Lists (an isolated member's ``reasons``) stay lists; missing values are None.

    Raises
    ------
    QueryError
        When pandas is not installed, or ``result`` is none of the above.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> frame(graphmodel.uncovered(G))[["id", "members"]].head(2).values.tolist()
    [['E02', 2], ['E03', 1]]
    >>> figures = frame(graphmodel.report(G, region="R-DA"))
    >>> figures.set_index("figure").loc["entities.total", "value"]
    5
    """
    pandas = require_pandas()
    if isinstance(result, pandas.DataFrame):
        return result
    if isinstance(result, (Rows, Table)):
        return result.to_pandas()
    if isinstance(result, Mapping):
        pairs = report_figures(result)
        return pandas.DataFrame({
            "figure": pandas.Series([name for name, _ in pairs], dtype=object),
            "value": pandas.Series([value for _, value in pairs], dtype=object)})
    if isinstance(result, (list, tuple)) and all(isinstance(r, Mapping) for r in result):
        names: dict[str, None] = {}
        for row in result:
            names.update(dict.fromkeys(row))
        return Table.from_rows(result, list(names)).to_pandas()
    raise ArgumentError(f"frame: expected rows, a Table or the report's figures, "
                     f"got {type(result).__name__}")


def tables(G: Graph) -> dict[str, Any]:
    """The graph as pandas DataFrames: one per node kind, one per link file.

    Node tables (``region``, ``industry``, ``agency``, ``entity``, ``organisation``,
    ``member``, ``station``, ``instructor``) have ``id`` and every property column
    in the dataset's order; each reference column holds the id it points at, and
    beside it the name of that node: ``region_id`` and ``region_name``,
    ``employer_id`` and ``employer_name``, ``parent_id`` and ``parent_name``
    (the reference's name without ``_id``, then ``_name``). Link tables
    (``memberships``, ``coverage``, ``registrations``, ``guidance``) have their two
    ends as the dataset's CSV names them (``member_id``, ``organisation_id``...),
    each with its name beside it, then the link's properties.

    Rows are in the store's order (row ``i`` of ``tables(G)["entity"]`` is row
    ``i`` of the graph's entity arrays). Strings are pandas' ``string`` dtype, a
    missing one ``<NA>``; dates are ``datetime64`` (missing: ``NaT``); flags are
    ``bool``. A personal number (``id_number``) appears only masked, as the store
    holds it; its keyed hash is left out. A joined name whose column name the
    dataset already uses for a column of its own is left out (the dataset's column
    is kept).

    Parameters
    ----------
    G : Graph

    Returns
    -------
    dict of str to pandas.DataFrame

    Raises
    ------
    QueryError
        When pandas is not installed, or ``G`` is not a graph.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> t = tables(G)
    >>> t["member"].loc[0, ["id", "region_name", "employer_name"]].tolist()
    ['P01', '定城镇', '定安文笔峰旅游开发有限公司']
    >>> t["coverage"].columns.tolist()
    ['organisation_id', 'organisation_name', 'entity_id', 'entity_name', 'since']
    """
    pandas = require_pandas()
    if not isinstance(G, Graph):
        raise ArgumentError(f"expected a graphmodel.Graph (from read_dataset or open_store), "
                         f"got {type(G).__name__}")
    lookups = _Lookups(G)
    out: dict[str, Any] = {}
    for kind in NODE_KINDS:
        name = kind.name
        properties = _visible(G.columns[name])
        references = reference_columns(name)
        columns: dict[str, Any] = {"id": _strings(pandas, G.ids(name))}
        order = [c for c in kind.fields if c != "id" and (c in references or c in properties)]
        order += [c for c in properties if c not in kind.fields]
        for column in order:
            if column in references:
                rows = G.column(name, column)
                target = references[column].target.kind
                columns[column] = _strings(pandas, lookups.ids(target), rows)
                joined = column.removesuffix("_id") + "_name"
                if joined not in properties and lookups.has_name(target):
                    columns[joined] = _strings(pandas, lookups.names(target), rows)
            else:
                columns[column] = _values(pandas, G.column(name, column))
        out[name] = pandas.DataFrame(columns)
    for link in LINK_FILES:
        edge = next(e for e in EDGE_KINDS if e.link == link.name)
        properties = _visible(G.columns[link.name])
        columns = {}
        for column, end, target in ((link.source_column, "source", edge.source),
                                    (link.target_column, "target", edge.target.kind)):
            rows = G.array(f"{link.name}/{end}")
            columns[column] = _strings(pandas, lookups.ids(target), rows)
            joined = column.removesuffix("_id") + "_name"
            if joined not in properties and lookups.has_name(target):
                columns[joined] = _strings(pandas, lookups.names(target), rows)
        for column in properties:
            columns[column] = _values(pandas, G.column(link.name, column))
        out[link.name] = pandas.DataFrame(columns)
    return out


def _visible(columns: list[str]) -> list[str]:
    # The keyed hash of a personal number stays in the store.
    return [c for c in columns if c not in DERIVED_PERSONAL_COLUMNS and not c.endswith("_hash")]


class _Lookups:
    """Ids and names per node kind as object arrays ending in None, so that a row
    index of -1 (no reference) looks up None."""

    def __init__(self, G: Graph):
        self._G = G
        self._cache: dict[tuple[str, str], np.ndarray] = {}

    def has_name(self, kind: str) -> bool:
        return "name" in self._G.columns[kind]

    def ids(self, kind: str) -> np.ndarray:
        return self._get(kind, "id")

    def names(self, kind: str) -> np.ndarray:
        return self._get(kind, "name")

    def _get(self, kind: str, column: str) -> np.ndarray:
        key = (kind, column)
        if key not in self._cache:
            values = self._G.ids(kind) if column == "id" else self._G.column(kind, column)
            found = np.empty(len(values) + 1, dtype=object)  # the last one stays None
            found[:-1] = _objects(values)
            self._cache[key] = found
        return self._cache[key]


def _objects(values: np.ndarray) -> np.ndarray:
    """A string array as Python objects, ``""`` (missing) as None."""
    out = values.astype(object)
    out[values == ""] = None
    return out


def _strings(pandas: Any, values: np.ndarray, rows: np.ndarray | None = None) -> Any:
    """A string column: ``values`` (already objects when ``rows`` picks from them)."""
    picked = _objects(values) if rows is None else values[rows]
    return pandas.array(picked, dtype="string")


def _values(pandas: Any, values: np.ndarray) -> Any:
    if values.dtype.kind == "M":
        return pandas.array(values.astype("datetime64[s]"))
    if values.dtype.kind == "b":
        return values.copy()
    if values.dtype.kind in "US":
        return _strings(pandas, values)
    return values.copy()

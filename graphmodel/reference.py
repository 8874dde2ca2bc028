"""Reference lists: the regions (a tree) and the industries, so that ids can be found
by name without reading the CSV files.

Both return lists of dicts sorted by id, like the gap queries, on the embedded
:class:`~graphmodel.graph.Graph`; :mod:`graphmodel.neo4j.queries` has their twins.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import QueryError
from .graph import Graph
from .queries import _check_graph, _ids_of, _sorted_by_id, region_subtree
from .schema import RegionLevel

__all__ = ["regions", "industries", "region_level", "REGION_LEVELS", "REGION_COLUMNS",
           "INDUSTRY_COLUMNS"]

#: The region levels, from the top.
REGION_LEVELS = tuple(level.value for level in RegionLevel)
#: The columns of :func:`regions` and :func:`industries`, in order.
REGION_COLUMNS = ("id", "name", "level", "code", "parent_id", "parent_name")
INDUSTRY_COLUMNS = ("id", "name")


def region_level(level: object) -> str | None:
    """A ``level`` argument checked: one of :data:`REGION_LEVELS`, or None."""
    if level is None or (isinstance(level, str) and level in REGION_LEVELS):
        return level
    raise QueryError(f"level: expected one of {', '.join(REGION_LEVELS)}, got {level!r:.40}")


def regions(G: Graph, under: str | None = None, level: str | None = None) -> list[dict[str, Any]]:
    """The regions, sorted by id.

    Parameters
    ----------
    G : Graph
    under : str, optional
        Only this region and the regions below it: an id, an exact name or a GB/T 2260
        code, as every ``region`` argument.
    level : str, optional
        Only regions of this level: ``province``, ``city``, ``county`` or ``town``.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``level``, ``code`` (None when missing), ``parent_id`` and
        ``parent_name`` (None for a root).

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["name"], r["parent_name"]) for r in regions(G, under="定安县", level="town")]
    [('R-DA-DC', '定城镇', '定安县'), ('R-DA-LH', '龙湖镇', '定安县')]
    """
    _check_graph(G)
    level = region_level(level)
    keep = region_subtree(G, under)
    levels = G.column("region", "level")
    if level is not None:
        keep &= levels == level
    rows = _sorted_by_id(G, "region", np.flatnonzero(keep))
    names = G.column("region", "name")
    all_names = names.tolist()
    parent = G.column("region", "parent_id")[rows]
    return [
        {"id": i, "name": name, "level": lv, "code": code or None, "parent_id": p,
         "parent_name": all_names[j] if j >= 0 else None}
        for i, name, lv, code, p, j in zip(
            G.ids("region")[rows].tolist(), names[rows].tolist(), levels[rows].tolist(),
            G.column("region", "code")[rows].tolist(), _ids_of(G, "region", parent),
            parent.tolist())
    ]


def industries(G: Graph) -> list[dict[str, Any]]:
    """The industries, sorted by id: ``id`` and ``name``.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> industries(G)[:2]
    [{'id': 'IND-AP', 'name': '农副产品加工'}, {'id': 'IND-BR', 'name': '养殖'}]
    """
    _check_graph(G)
    rows = _sorted_by_id(G, "industry", np.arange(G.count("industry")))
    return [{"id": i, "name": n} for i, n in zip(G.ids("industry")[rows].tolist(),
                                                 G.column("industry", "name")[rows].tolist())]

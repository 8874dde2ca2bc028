"""The region tree on the embedded backend: subtrees, ancestors and groups of regions,
for every region at once (numpy arrays over the graph's rows)."""

from __future__ import annotations

import numpy as np

from ...model.graph import Graph
from ...questions import arguments
from ...questions.regions import choose_region
from ...model.schema import RegionLevel
from .common import check_graph, ids_of, names_of

__all__ = ["region_subtree", "resolve_region", "in_regions", "ancestor_at", "region_groups",
           "group_rows", "group_of", "entity_places"]


def region_subtree(G: Graph, region: str | None) -> np.ndarray:
    """Boolean mask over regions: ``region`` and every region below it (all if None).

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> int(region_subtree(G, "R-DA").sum())
    3
    """
    check_graph(G)
    region = resolve_region(G, region)
    n = G.count("region")
    if region is None:
        return np.ones(n, dtype=bool)
    root = G.index("region").get(region)
    assert root is not None
    parent = G.column("region", "parent_id").tolist()
    children: dict[int, list[int]] = {}
    for child, p in enumerate(parent):
        if p >= 0:
            children.setdefault(p, []).append(child)
    mask = np.zeros(n, dtype=bool)
    stack = [root]
    while stack:
        node = stack.pop()
        mask[node] = True
        stack.extend(children.get(node, ()))
    return mask


def resolve_region(G: Graph, region: object) -> str | None:
    """The id of the region ``region`` names: an id, an exact name or a GB/T 2260
    code (an id wins over another region's name or code; None stays None).

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> resolve_region(G, "R-DA"), resolve_region(G, "定安县"), resolve_region(G, "469021")
    ('R-DA', 'R-DA', 'R-DA')
    """
    check_graph(G)
    value = arguments.identifier(region, "region")
    if value is None:
        return None
    if value in G.index("region"):
        return value
    names, codes = G.column("region", "name"), G.column("region", "code")
    found = np.flatnonzero((names == value) | (codes == value)).tolist()
    parent = G.column("region", "parent_id")
    ids = G.ids("region")
    candidates: list[dict[str, str | None]] = [
        {"id": str(ids[i]), "name": str(names[i]), "level": str(G.column("region", "level")[i]),
         "parent_name": str(names[parent[i]]) if parent[i] >= 0 else None}
        for i in found]
    return choose_region(value, False, candidates)


def in_regions(G: Graph, kind: str, regions: np.ndarray) -> np.ndarray:
    where = G.column(kind, "region_id")
    return regions[where] & (where >= 0)


def ancestor_at(G: Graph, level: str) -> np.ndarray:
    """For every region, the row of the region of ``level`` it lies in (itself when it
    is of that level), -1 when it lies above that level.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> county = ancestor_at(G, "county")
    >>> G.ids("region")[county[G.index("region")["R-DA-DC"]]]
    np.str_('R-DA')
    """
    parent = G.column("region", "parent_id")
    levels = G.column("region", "level")
    out = np.where(levels == level, np.arange(len(parent)), -1)
    node = parent.copy()
    # Walk up one level per round, for every region at once (a tree is a few deep).
    while bool((node >= 0).any()):
        found = (out < 0) & (node >= 0)
        hit = found & (levels[np.maximum(node, 0)] == level)
        out[hit] = node[hit]
        node = np.where(found & ~hit, parent[np.maximum(node, 0)], -1)
    return out


def region_groups(G: Graph, level: str, region: str | None) -> np.ndarray:
    """For every region, the row of the region of ``level`` it lies in, when that
    region is inside ``region``'s subtree; else -1."""
    group = ancestor_at(G, level)
    scope = region_subtree(G, region)
    return np.where((group >= 0) & scope[np.maximum(group, 0)], group, -1)


def group_rows(G: Graph, groups: np.ndarray) -> np.ndarray:
    """The regions some region belongs to (``groups`` >= 0), sorted by id."""
    present = np.unique(groups[groups >= 0])
    return present[np.argsort(G.ids("region")[present], kind="stable")]


def group_of(G: Graph, kind: str, groups: np.ndarray) -> np.ndarray:
    """The group of every row of ``kind``, by the region it is located in."""
    where = G.column(kind, "region_id")
    if not len(groups):
        return np.full(len(where), -1)
    return np.where(where >= 0, groups[np.maximum(where, 0)], -1)


def entity_places(G: Graph, rows: np.ndarray) -> dict[str, list]:
    """Where entities ``rows`` lie: region id and name, and their county's name."""
    region = G.column("entity", "region_id")[rows]
    county = ancestor_at(G, RegionLevel.county.value)
    return {"region_id": ids_of(G, "region", region),
            "region_name": names_of(G, "region", region),
            "county_name": names_of(G, "region",
                                    np.where(region >= 0, county[np.maximum(region, 0)], -1))}

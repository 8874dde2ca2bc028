"""A region's part of a graph: what a county (or town, or city) receives of its own.

:func:`region_part` cuts a :class:`~graphmodel.model.graph.Graph` down to one region
subtree, as a graph that is a valid dataset on its own (every reference resolves), so
that exporting it and seeding the export gives that part back exactly:

* regions: the subtree, and the regions above it up to the root (so levels, codes
  and ``--region`` work as on the whole graph; nothing located in them comes along);
* every node kind located in a region (``region_id``: agencies, entities,
  organisations, members, stations): the rows located in the subtree;
* a kind without a region of its own (instructors) follows its references: its rows
  that refer to a node of the part (an instructor of an agency located there);
* a kind nothing locates or refers from (industries): the rows the part refers to;
* link files (memberships, coverage, registrations, guidance): the rows whose two
  ends are in the part.

A reference from the part to a node outside it (a member employed across the county
line, a branch whose parent is the provincial committee) is left empty: the part
holds only its own data.
"""

from __future__ import annotations

import numpy as np

from .backends.embedded.tree import region_subtree, resolve_region
from .model.graph import Graph
from .model.schema import EDGE_KINDS, LINK_FILES, NODE_KINDS, reference_columns

__all__ = ["region_part", "keep_masks"]


def keep_masks(G: Graph, region: str) -> dict[str, np.ndarray]:
    """Which rows of each node kind belong to ``region``'s part (see the module).

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> keep = keep_masks(G, "定安县")
    >>> int(keep["region"].sum()), int(keep["entity"].sum())
    (4, 5)
    """
    subtree = region_subtree(G, region)
    regions = subtree.copy()
    parent = G.column("region", "parent_id")
    root = resolve_region(G, region)
    assert root is not None  # region_subtree refused a region that names none
    up = G.index("region")[root]
    while up >= 0:  # the regions above, up to the root
        regions[up] = True
        up = int(parent[up])
    keep: dict[str, np.ndarray] = {"region": regions}
    rest = []
    for kind in NODE_KINDS:
        if kind.name == "region":
            continue
        if "region_id" in reference_columns(kind.name):
            where = G.column(kind.name, "region_id")
            keep[kind.name] = (where >= 0) & subtree[np.maximum(where, 0)]
        else:
            rest.append(kind.name)
    for name in [k for k in rest if reference_columns(k)]:  # follows its references
        mask = np.zeros(G.count(name), dtype=bool)
        for column, edge in reference_columns(name).items():
            target = G.column(name, column)
            if edge.target.kind in keep:
                mask |= (target >= 0) & keep[edge.target.kind][np.maximum(target, 0)]
        keep[name] = mask
    for name in [k for k in rest if not reference_columns(k)]:  # what the part refers to
        mask = np.zeros(G.count(name), dtype=bool)
        for edge in EDGE_KINDS:
            if edge.link is None and edge.target.kind == name and edge.source in keep:
                target = G.column(edge.source, edge.column)[keep[edge.source]]
                mask[target[target >= 0]] = True
        keep[name] = mask
    return keep


def region_part(G: Graph, region: str | None) -> Graph:
    """``region``'s part of ``G`` (an id, exact name or GB/T 2260 code), as a graph
    that is a valid dataset on its own; ``G`` itself when ``region`` is None.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> part = region_part(G, "469021")
    >>> sorted(part.ids("region").tolist())
    ['HN', 'R-DA', 'R-DA-DC', 'R-DA-LH']
    """
    if region is None:
        return G
    keep = keep_masks(G, region)
    rows = {name: np.flatnonzero(mask) for name, mask in keep.items()}
    new_index = {}
    for name, mask in keep.items():
        index = np.full(len(mask), -1, dtype=np.int32)
        index[rows[name]] = np.arange(len(rows[name]), dtype=np.int32)
        new_index[name] = index

    def remap(refs: np.ndarray, target: str) -> np.ndarray:
        return np.where(refs >= 0, new_index[target][np.maximum(refs, 0)], -1).astype(np.int32)

    arrays: dict[str, np.ndarray] = {}
    for kind in NODE_KINDS:
        picked = rows[kind.name]
        refs = reference_columns(kind.name)
        arrays[f"{kind.name}/id"] = G.ids(kind.name)[picked]
        for column in G.columns[kind.name]:
            arrays[f"{kind.name}/{column}"] = G.column(kind.name, column)[picked]
        for column, edge in refs.items():
            arrays[f"{kind.name}/{column}"] = remap(G.column(kind.name, column)[picked],
                                                    edge.target.kind)
    for link in LINK_FILES:
        edge = next(e for e in EDGE_KINDS if e.link == link.name)
        source = remap(G.column(link.name, "source"), edge.source)
        target = remap(G.column(link.name, "target"), edge.target.kind)
        both = np.flatnonzero((source >= 0) & (target >= 0))
        arrays[f"{link.name}/source"], arrays[f"{link.name}/target"] = source[both], target[both]
        for column in G.columns[link.name]:
            arrays[f"{link.name}/{column}"] = G.column(link.name, column)[both]
    part = Graph(arrays, G.columns)
    part.meta = {"as_of": G.meta.get("as_of"), "region": region}
    return part

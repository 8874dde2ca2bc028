"""The reference lists on the embedded backend: regions and industries."""

from __future__ import annotations

import numpy as np

from ...model.graph import Graph
from ...model.table import Table
from .common import ids_of, names_of, sorted_by_id
from .registry import ANSWERS
from .tree import region_subtree

__all__ = ["regions", "industries"]


@ANSWERS("regions")
def regions(G: Graph, under: str | None, level: str | None) -> Table:
    keep = region_subtree(G, under)
    levels = G.column("region", "level")
    if level is not None:
        keep &= levels == level
    rows = sorted_by_id(G, "region", np.flatnonzero(keep))
    parent = G.column("region", "parent_id")[rows]
    codes = G.column("region", "code")[rows].tolist()
    return Table({"id": G.ids("region")[rows].tolist(),
                  "name": G.column("region", "name")[rows].tolist(),
                  "level": levels[rows].tolist(), "code": [c or None for c in codes],
                  "parent_id": ids_of(G, "region", parent),
                  "parent_name": names_of(G, "region", parent)})


@ANSWERS("industries")
def industries(G: Graph) -> Table:
    rows = sorted_by_id(G, "industry", np.arange(G.count("industry")))
    return Table({"id": G.ids("industry")[rows].tolist(),
                  "name": G.column("industry", "name")[rows].tolist()})

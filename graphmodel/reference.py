"""Reference lists: the regions (a tree) and the industries, so that ids can be found
by name without reading the CSV files.

Both are questions of the :mod:`~graphmodel.catalogue`: rows sorted by id, from a
:class:`~graphmodel.graph.Graph` or a Neo4j database.
"""

from __future__ import annotations


import numpy as np

from .catalogue import Column, Parameter, question
from .graph import Graph
from .queries import _sorted_by_id, ids_of, names_of, region_subtree
from .schema import RegionLevel
from .table import Table

__all__ = ["regions", "industries", "REGION_LEVELS"]

#: The region levels, from the top.
REGION_LEVELS = tuple(level.value for level in RegionLevel)


@question(
    "regions", "The regions: id, name, level, GB/T 2260 code and parent.",
    (Parameter("under", "region", "Only this region and every region below it: its id, "
               "exact name or GB/T 2260 code.", option="--under"),
     Parameter("level", "choice", "Only regions of this level.", choices=REGION_LEVELS)),
    (Column("id", "the region's id"), Column("name", "its name"),
     Column("level", "province, city, county or town"),
     Column("code", "its GB/T 2260 code (none when missing)"),
     Column("parent_id", "the region it is part of"), Column("parent_name", "that region's name")),
    cypher="regions", noun="regions", command=("regions",))
def regions(G: Graph, under: str | None = None, level: str | None = None) -> Table:
    """
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["name"], r["parent_name"]) for r in regions(G, under="定安县", level="town")]
    [('R-DA-DC', '定城镇', '定安县'), ('R-DA-LH', '龙湖镇', '定安县')]
    """
    keep = region_subtree(G, under)
    levels = G.column("region", "level")
    if level is not None:
        keep &= levels == level
    rows = _sorted_by_id(G, "region", np.flatnonzero(keep))
    parent = G.column("region", "parent_id")[rows]
    codes = G.column("region", "code")[rows].tolist()
    return Table({"id": G.ids("region")[rows].tolist(),
                  "name": G.column("region", "name")[rows].tolist(),
                  "level": levels[rows].tolist(), "code": [c or None for c in codes],
                  "parent_id": ids_of(G, "region", parent),
                  "parent_name": names_of(G, "region", parent)})


@question("industries", "The industries: id and name.", (),
          (Column("id", "the industry's id"), Column("name", "its name")),
          cypher="industries", noun="industries", command=("industries",))
def industries(G: Graph) -> Table:
    """
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> industries(G)[:2]
    [{'id': 'IND-AP', 'name': '农副产品加工'}, {'id': 'IND-BR', 'name': '养殖'}]
    """
    rows = _sorted_by_id(G, "industry", np.arange(G.count("industry")))
    return Table({"id": G.ids("industry")[rows].tolist(),
                  "name": G.column("industry", "name")[rows].tolist()})

"""Reference lists: the regions (a tree) and the industries, so that ids can be found
by name without reading the CSV files. Rows sorted by id, on every backend."""

from __future__ import annotations

from ..model.schema import RegionLevel
from .asking import question
from .catalogue import Column, Parameter

__all__ = ["regions", "industries", "REGION_LEVELS"]

#: The region levels, from the top.
REGION_LEVELS = tuple(level.value for level in RegionLevel)


regions = question(
    "regions", "The regions: id, name, level, GB/T 2260 code and parent.",
    (Parameter("under", "region", "Only this region and every region below it: its id, "
               "exact name or GB/T 2260 code.", option="--under"),
     Parameter("level", "choice", "Only regions of this level.", choices=REGION_LEVELS)),
    (Column("id", "the region's id"), Column("name", "its name"),
     Column("level", "province, city, county or town"),
     Column("code", "its GB/T 2260 code (none when missing)"),
     Column("parent_id", "the region it is part of"), Column("parent_name", "that region's name")),
    cypher="regions", noun="regions", command=("regions",),
    doc="""
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["name"], r["parent_name"]) for r in regions(G, under="定安县", level="town")]
    [('R-DA-DC', '定城镇', '定安县'), ('R-DA-LH', '龙湖镇', '定安县')]
    """)


industries = question("industries", "The industries: id and name.", (),
          (Column("id", "the industry's id"), Column("name", "its name")),
          cypher="industries", noun="industries", command=("industries",),
    doc="""
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> industries(G)[:2]
    [{'id': 'IND-AP', 'name': '农副产品加工'}, {'id': 'IND-BR', 'name': '养殖'}]
    """)


__test__ = {"regions": regions, "industries": industries}

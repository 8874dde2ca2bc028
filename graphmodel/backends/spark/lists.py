"""The reference lists on Spark: regions and industries."""

from __future__ import annotations

from typing import Any

from ...model.table import Table
from .registry import ANSWERS
from .common import collect, table

__all__ = ["regions", "industries"]


@ANSWERS("regions")
def regions(ds: Any, under: str | None, level: str | None) -> Table:
    by_id = {r["id"]: r for r in ds.regions}
    inside = {t["region_id"] for t in ds.tree.collect()
              if under is None or under in t["ancestors"]}
    rows = [{**r, "parent_name": by_id[r["parent_id"]]["name"] if r["parent_id"] in by_id
             else None}
            for r in ds.regions if r["id"] in inside and (level is None or r["level"] == level)]
    return table(rows, ("id", "name", "level", "code", "parent_id", "parent_name"))


@ANSWERS("industries")
def industries(ds: Any) -> Table:
    return table(collect(ds.table("industry"), ["id", "name"]), ("id", "name"))

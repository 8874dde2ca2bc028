"""The region tree as a small table every question joins to, broadcast to the executors.

A country has a few tens of thousands of regions: the tree is collected to the driver
once, and each region gets its ancestors (itself included) and its ancestor at each
level. A subtree is then a filter ``array_contains(ancestors, root)`` on one broadcast
join, instead of one join per level of the tree.
"""

from __future__ import annotations

from typing import Any

from ...questions.reference import REGION_LEVELS

__all__ = ["region_rows", "tree_rows", "tree_frame"]


def region_rows(regions: Any) -> list[dict[str, Any]]:
    """The regions table (a DataFrame) as dicts: id, name, level, code, parent_id."""
    return [r.asDict() for r in regions.select("id", "name", "level", "code", "parent_id").collect()]


def tree_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For every region: ``region_id``, ``ancestors`` (from itself up to its root) and
    ``<level>_id`` for each level (its ancestor there, itself included, or None).

    >>> tree_rows([{"id": "P", "parent_id": None, "level": "province", "name": "p"},
    ...            {"id": "C", "parent_id": "P", "level": "county", "name": "c"}])[1]["ancestors"]
    ['C', 'P']
    """
    by_id = {r["id"]: r for r in rows}
    out = []
    for r in rows:
        chain, seen = [], set()
        node: dict[str, Any] | None = r
        while node is not None and node["id"] not in seen:  # the store has no cycles
            seen.add(node["id"])
            chain.append(node)
            parent = node.get("parent_id")
            node = by_id.get(parent) if parent is not None else None
        row: dict[str, Any] = {"region_id": r["id"], "ancestors": [n["id"] for n in chain]}
        for level in REGION_LEVELS:
            row[f"{level}_id"] = next((n["id"] for n in chain if n["level"] == level), None)
        out.append(row)
    return out


def tree_frame(spark: Any, rows: list[dict[str, Any]]) -> Any:
    """:func:`tree_rows` as a broadcast DataFrame."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    schema = StructType([StructField("region_id", StringType(), False),
                         StructField("ancestors", ArrayType(StringType()), False),
                         *(StructField(f"{level}_id", StringType(), True)
                           for level in REGION_LEVELS)])
    return F.broadcast(spark.createDataFrame(tree_rows(rows), schema))

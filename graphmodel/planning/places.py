"""The region tree as the plan walks it: a region's town, its county-level unit, and
the regions above it, from the ``regions`` question's rows (so from either backend)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Places", "COUNTY_LEVELS"]

#: The levels that can stand for "the county": a town normally hangs below a county,
#: but a city without districts (儋州市, 三沙市) holds its towns itself.
COUNTY_LEVELS = ("county", "city", "province")


class Places:
    """Region lookups by id.

    >>> p = Places([{"id": "P", "level": "province", "parent_id": None, "name": "P"},
    ...             {"id": "C", "level": "county", "parent_id": "P", "name": "C"},
    ...             {"id": "T", "level": "town", "parent_id": "C", "name": "T"}])
    >>> p.chain("T"), p.town("T"), p.county("T"), p.county("C"), p.town("C")
    (['T', 'C', 'P'], 'T', 'C', 'C', None)
    """

    def __init__(self, regions: Iterable[Mapping[str, Any]]):
        self.parent: dict[str, str | None] = {}
        self.level: dict[str, str] = {}
        self.name: dict[str, str] = {}
        for r in regions:
            self.parent[r["id"]] = r.get("parent_id")
            self.level[r["id"]] = r["level"]
            self.name[r["id"]] = r.get("name") or r["id"]
        self._chains: dict[str, list[str]] = {}

    def chain(self, region: str) -> list[str]:
        """``region`` and every region above it, nearest first."""
        found = self._chains.get(region)
        if found is None:
            found, seen = [], set()
            node: str | None = region
            while node is not None and node not in seen:   # the tree has no cycles
                seen.add(node)
                found.append(node)
                node = self.parent.get(node)
            self._chains[region] = found
        return found

    def at_level(self, region: str, level: str) -> str | None:
        """The region of ``level`` that ``region`` lies in (itself included), or None."""
        return next((r for r in self.chain(region) if self.level.get(r) == level), None)

    def town(self, region: str) -> str | None:
        """The town ``region`` lies in, or None when it lies above town level."""
        return self.at_level(region, "town")

    def county(self, region: str) -> str:
        """The county-level unit of ``region``: its county, else the city or province
        holding it directly (a region of no known level is its own unit)."""
        return next((r for r in self.chain(region) if self.level.get(r) in COUNTY_LEVELS),
                    region)

    def group(self, region: str, level: str) -> str | None:
        """The region of ``level`` that ``region`` counts for in a summary by level."""
        return self.at_level(region, level)

"""Stations for floating members, and instructors for organisations nobody guides.

* :func:`assign_stations` -- every floating member not registered at a station goes
  to a liaison station of their town, else of their county-level unit, else of the
  nearest region above it; a town with at least ``threshold`` of them and no liaison
  station gets a new one, and so does a county-level unit with no station within
  reach for the members it still has to place;
* :func:`assign_instructors` -- every unguided organisation gets an instructor of its
  county-level unit (where the instructor's agency is), always the least loaded one:
  with one organisation at a time, that keeps the highest load as low as it can be;
  units without instructors are listed with how many they need.
"""

from __future__ import annotations

import heapq
import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from .places import Places

__all__ = ["assign_stations", "assign_instructors", "median_load"]


def assign_stations(floating: Sequence[Mapping[str, Any]], stations: Sequence[Mapping[str, Any]],
                    places: Places, threshold: int, prefix: str
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """New stations and registrations for the unregistered ``floating`` members.

    ``stations`` are the existing liaison stations (``id``, ``region_id``,
    ``registered_members``). Returns (new stations, registrations); a registration
    has ``member_id``, ``member_name``, ``region_id``, ``station_id``, ``new_station``.

    >>> places = Places([{"id": "C", "level": "county", "parent_id": None},
    ...                  {"id": "T", "level": "town", "parent_id": "C"}])
    >>> new, regs = assign_stations([{"id": "M1", "region_id": "T"}], [], places, 5, "P-")
    >>> [s["id"] for s in new], [r["station_id"] for r in regs]
    (['P-ST-C'], ['P-ST-C'])
    """
    load = {s["id"]: int(s.get("registered_members") or 0) for s in stations}
    in_town: dict[str, list[str]] = {}
    in_county: dict[str, list[str]] = {}
    at: dict[str, list[str]] = {}
    for s in stations:
        at.setdefault(s["region_id"], []).append(s["id"])
        town = places.town(s["region_id"])
        if town is not None:
            in_town.setdefault(town, []).append(s["id"])
        in_county.setdefault(places.county(s["region_id"]), []).append(s["id"])
    people = sorted(floating, key=lambda m: m["id"])
    waiting: dict[str, int] = {}
    for m in people:
        town = places.town(m["region_id"])
        if town is not None:
            waiting[town] = waiting.get(town, 0) + 1
    new: list[dict[str, Any]] = []

    def open_station(region: str) -> str:
        sid = f"{prefix}ST-{region}"
        new.append({"id": sid, "name": f"{places.name.get(region, region)}流动党员联络站",
                    "kind": "liaison_station", "region_id": region})
        load[sid] = 0
        return sid

    for town in sorted(waiting):
        if waiting[town] >= threshold and town not in in_town:
            in_town[town] = [open_station(town)]
            in_county.setdefault(places.county(town), []).append(in_town[town][0])
    registrations = []
    for m in people:
        town = places.town(m["region_id"])
        county = places.county(m["region_id"])
        candidates = in_town.get(town, []) if town is not None else []
        if not candidates:
            candidates = in_county.get(county) or []
        for above in places.chain(county)[1:]:
            if candidates:
                break
            candidates = at.get(above, [])  # a city's or the province's own station
        if not candidates:                 # nothing within reach: open one in the unit
            in_county[county] = candidates = [open_station(county)]
        station = min(candidates, key=lambda s: (load[s], s))
        load[station] += 1
        registrations.append({"member_id": m["id"], "member_name": m.get("name"),
                              "region_id": m["region_id"], "station_id": station,
                              "new_station": station.startswith(prefix)})
    return new, registrations


def median_load(instructors: Sequence[Mapping[str, Any]]) -> float:
    """The median of the instructors' loads, at least 1 (1 with no instructors).

    >>> median_load([{"organisations_guided": n} for n in (1, 2, 4)]), median_load([])
    (2, 1)
    """
    loads = [int(i.get("organisations_guided") or 0) for i in instructors]
    return max(1, statistics.median(loads)) if loads else 1


def assign_instructors(unguided: Sequence[Mapping[str, Any]],
                       instructors: Sequence[Mapping[str, Any]], places: Places,
                       max_load: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Guidance for the ``unguided`` organisations (``id``, ``region_id``), and the
    county-level units that have unguided organisations but no instructor.

    ``instructors`` have ``id``, ``region_id`` (their agency's) and
    ``organisations_guided``. Returns (guidance rows, needs rows).

    >>> places = Places([{"id": "C", "level": "county", "parent_id": None}])
    >>> g, needs = assign_instructors([{"id": "O1", "region_id": "C"}, {"id": "O2",
    ...     "region_id": "D"}], [{"id": "N1", "region_id": "C", "organisations_guided": 2}],
    ...     places, 2)
    >>> [(r["organisation_id"], r["instructor_id"], r["load"]) for r in g], needs[0]["instructors_needed"]
    ([('O1', 'N1', 3)], 1)
    """
    pools: dict[str, list[tuple[int, str]]] = {}
    for i in instructors:
        if i.get("region_id"):
            pools.setdefault(places.county(i["region_id"]), []).append(
                (int(i.get("organisations_guided") or 0), i["id"]))
    for pool in pools.values():
        heapq.heapify(pool)
    guidance: list[dict[str, Any]] = []
    waiting: dict[str, int] = {}
    for o in sorted(unguided, key=lambda o: o["id"]):
        county = places.county(o["region_id"])
        pool = pools.get(county, [])
        if not pool:
            waiting[county] = waiting.get(county, 0) + 1
            continue
        load, iid = heapq.heappop(pool)
        heapq.heappush(pool, (load + 1, iid))
        guidance.append({"instructor_id": iid, "organisation_id": o["id"],
                         "region_id": o["region_id"], "load": load + 1})
    needs = [{"region_id": county, "region_name": places.name.get(county, county),
              "organisations": n, "instructors_needed": math.ceil(n / max_load)}
             for county, n in sorted(waiting.items())]
    return guidance, needs

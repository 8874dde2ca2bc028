"""People and places on the embedded backend: members, stations, instructors,
organisations."""

from __future__ import annotations

import datetime as _dt

import numpy as np

from ...model.graph import Graph
from ...model.schema import StationKind
from ...model.table import Table
from ...questions.people import FLAGS
from .common import (
    distinct_per_group, ids_of, member_places, names_of, recent_org_life, sorted_by_id,
    unattached_members,
)
from .registry import ANSWERS
from .tree import group_of, group_rows, in_regions, region_groups, region_subtree

__all__ = ["members", "stations", "station_list", "instructors", "organisations"]


def _linked_ids(G: Graph, link: str, rows: np.ndarray, source: str,
                target: str) -> list[list[str]]:
    """For each ``source`` row in ``rows``, the sorted distinct ids of the ``target``
    rows its ``link`` rows point to (one sort for all of them, no set per row)."""
    src, dst = G.array(f"{link}/source"), G.array(f"{link}/target")
    position = np.full(G.count(source), -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    keep = position[src] >= 0
    at, to = position[src[keep]], dst[keep]
    ids = G.ids(target)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    order = np.lexsort((rank[to], at))          # by row, then by target id
    at, to = at[order], to[order]
    first = np.ones(len(at), dtype=bool)        # a link given twice counts once
    first[1:] = (at[1:] != at[:-1]) | (to[1:] != to[:-1])
    at, names = at[first], ids[to[first]].tolist()
    ends = np.cumsum(np.bincount(at, minlength=len(rows))).tolist()
    return [names[start:end] for start, end in zip([0, *ends[:-1]], ends)]


def _iso_dates(values: np.ndarray) -> list[str | None]:
    """Dates as ``YYYY-MM-DD`` (missing: None), for a whole column at once."""
    text = np.datetime_as_string(values.astype("datetime64[D]"), unit="D").tolist()
    return [None if t == "NaT" else t for t in text]


@ANSWERS("members")
def members(G: Graph, region: str | None, floating: bool, pocket: bool,
            hidden: bool, lost_contact: bool, unattached: bool,
            no_org_life: bool, found_via: str | None,
            employer_types: list[str] | None,
            as_of: _dt.date) -> Table:
    keep = np.ones(G.count("member"), dtype=bool)
    if region is not None:
        keep &= in_regions(G, "member", region_subtree(G, region))
    for flag, wanted in zip(FLAGS, (floating, pocket, hidden, lost_contact)):
        if wanted:
            keep &= G.column("member", flag)
    if unattached:
        keep &= unattached_members(G)
    if no_org_life:
        keep &= ~recent_org_life(G, as_of)
    if found_via is not None:
        keep &= G.column("member", "found_via") == found_via
    employer = G.column("member", "employer_id")
    if employer_types is not None:
        of_type = np.isin(G.column("entity", "type"), list(employer_types))
        keep &= (employer >= 0) & of_type[np.maximum(employer, 0)] if len(of_type) \
            else np.zeros(len(keep), dtype=bool)
    rows = sorted_by_id(G, "member", np.flatnonzero(keep))
    found = G.column("member", "found_via")[rows].tolist()
    return Table({
        **member_places(G, rows),
        **{f: G.column("member", f)[rows].tolist() for f in FLAGS},
        "found_via": [f or None for f in found],
        "last_org_life": _iso_dates(G.column("member", "last_org_life")[rows]),
        "organisations": _linked_ids(G, "memberships", rows, "member", "organisation"),
        "registered_at": _linked_ids(G, "registrations", rows, "member", "station"),
    })


@ANSWERS("stations")
def stations(G: Graph, by: str, region: str | None) -> Table:
    groups = region_groups(G, by, region)
    rows = group_rows(G, groups)
    n = G.count("region")
    station = group_of(G, "station", groups)
    kind = G.column("station", "kind")

    def per_group(group: np.ndarray, mask: np.ndarray) -> list[int]:
        return np.bincount(group[mask & (group >= 0)], minlength=n)[rows].tolist()

    src, dst = G.array("registrations/source"), G.array("registrations/target")
    registered = distinct_per_group(station[dst], src, n)
    member = group_of(G, "member", groups)
    return Table({
        "id": G.ids("region")[rows].tolist(), "name": G.column("region", "name")[rows].tolist(),
        "stations": per_group(station, np.ones(len(station), dtype=bool)),
        **{k.value: per_group(station, kind == k.value) for k in StationKind},
        "registered_members": registered[rows].tolist(),
        "floating_members": per_group(member, G.column("member", "floating")),
    })


@ANSWERS("station_list")
def station_list(G: Graph, region: str | None, kind: str | None) -> Table:
    keep = np.ones(G.count("station"), dtype=bool)
    if region is not None:
        keep &= in_regions(G, "station", region_subtree(G, region))
    if kind is not None:
        keep &= G.column("station", "kind") == kind
    rows = sorted_by_id(G, "station", np.flatnonzero(keep))
    where, agency = G.column("station", "region_id")[rows], G.column("station", "agency_id")[rows]
    registered = distinct_per_group(G.array("registrations/target"),
                                     G.array("registrations/source"), G.count("station"))
    return Table({
        "id": G.ids("station")[rows].tolist(), "name": G.column("station", "name")[rows].tolist(),
        "kind": G.column("station", "kind")[rows].tolist(),
        "region_id": ids_of(G, "region", where), "region_name": names_of(G, "region", where),
        "agency_id": ids_of(G, "agency", agency), "agency_name": names_of(G, "agency", agency),
        "registered_members": registered[rows].tolist(),
    })


@ANSWERS("instructors")
def instructors(G: Graph, region: str | None) -> Table:
    agency = G.column("instructor", "agency_id")
    agency_region = G.column("agency", "region_id")
    where = np.where(agency >= 0, agency_region[np.maximum(agency, 0)], -1) \
        if len(agency_region) else np.full(len(agency), -1)
    keep = np.ones(G.count("instructor"), dtype=bool)
    if region is not None:
        scope = region_subtree(G, region)
        keep &= (where >= 0) & scope[np.maximum(where, 0)]
    rows = sorted_by_id(G, "instructor", np.flatnonzero(keep))
    guided = _linked_ids(G, "guidance", rows, "instructor", "organisation")
    return Table({
        "id": G.ids("instructor")[rows].tolist(),
        "name": G.column("instructor", "name")[rows].tolist(),
        "agency_id": ids_of(G, "agency", agency[rows]),
        "agency_name": names_of(G, "agency", agency[rows]),
        "region_id": ids_of(G, "region", where[rows]),
        "region_name": names_of(G, "region", where[rows]),
        "organisations_guided": [len(g) for g in guided],
        "organisations": guided,
    })


@ANSWERS("organisations")
def organisations(G: Graph, region: str | None, level: str | None) -> Table:
    keep = np.ones(G.count("organisation"), dtype=bool)
    if region is not None:
        keep &= in_regions(G, "organisation", region_subtree(G, region))
    if level is not None:
        keep &= G.column("organisation", "level") == level
    rows = sorted_by_id(G, "organisation", np.flatnonzero(keep))
    n = G.count("organisation")

    def distinct(link: str, end: str) -> list[int]:
        """How many distinct rows at the other end of ``link`` each organisation has."""
        ours, theirs = G.array(f"{link}/{end}"), G.array(
            f"{link}/{'source' if end == 'target' else 'target'}")
        return distinct_per_group(ours, theirs, n)[rows].tolist()

    where = G.column("organisation", "region_id")[rows]
    return Table({
        "id": G.ids("organisation")[rows].tolist(),
        "name": G.column("organisation", "name")[rows].tolist(),
        "level": G.column("organisation", "level")[rows].tolist(),
        "region_id": ids_of(G, "region", where), "region_name": names_of(G, "region", where),
        "covered_entities": distinct("coverage", "source"),
        "members": distinct("memberships", "target"),
        "instructors": distinct("guidance", "target"),
        "industries": _covered_industries(G, rows),
    })


def _covered_industries(G: Graph, rows: np.ndarray) -> list[list[str]]:
    """For each organisation row in ``rows``, the sorted distinct industry ids of the
    entities it covers (one sort for all of them)."""
    position = np.full(G.count("organisation"), -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    org, entity = G.array("coverage/source"), G.array("coverage/target")
    industry = G.column("entity", "industry_id")[entity] if len(entity) else \
        np.zeros(0, dtype=np.int64)
    at = position[org] if len(org) else np.zeros(0, dtype=np.int64)
    keep = (at >= 0) & (industry >= 0)
    pairs = sorted({(a, str(i)) for a, i in zip(at[keep].tolist(),
                                                 G.ids("industry")[industry[keep]].tolist())})
    out: list[list[str]] = [[] for _ in range(len(rows))]
    for a, i in pairs:
        out[a].append(i)
    return out

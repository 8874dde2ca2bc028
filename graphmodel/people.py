"""People and places: members by their flags, liaison stations per region, and each
instructor's load.

* :func:`members` -- members with filters (floating, lost contact, no organisational
  life in the half year up to the as-of date...), never their ID number;
* :func:`stations` -- stations per region of a level, with the members registered
  there and the floating members who might be;
* :func:`instructors` -- each instructor with the organisations they guide.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import numpy as np

from .arguments import ORG_LIFE_WINDOW_DAYS
from .breakdowns import _distinct_per_group, _group_of, _group_rows, _region_groups
from .catalogue import AS_OF, REGION, Column, Parameter, question
from .graph import Graph
from .queries import (
    _in_regions, _sorted_by_id, _unattached, ids_of, member_places, names_of, region_subtree,
)
from .reference import REGION_LEVELS
from .schema import Channel, OrganisationLevel, StationKind
from .table import Table

__all__ = ["members", "stations", "station_list", "instructors", "organisations"]

_FLAGS = ("floating", "pocket", "hidden", "lost_contact")


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


@question(
    "members", "Members, by their flags, organisational life and employer: who they are and "
    "where.",
    (REGION,
     *(Parameter(f, "flag", f"Only {f.replace('_', ' ')} members.") for f in _FLAGS[:3]),
     Parameter("lost_contact", "flag", "Only members who lost contact."),
     Parameter("unattached", "flag", "Only members with no MEMBER_OF to an organisation and "
               "no REGISTERED_AT to a station."),
     Parameter("no_org_life", "flag", "Only members with no organisational life in the 183 "
               "days up to as_of."),
     Parameter("found_via", "choice", "Only members found through this channel.",
               choices=tuple(c.value for c in Channel)),
     Parameter("employer_types", "types", "Only members employed by entities of these types.",
               aliases=("employer_type",), option="--employer-type"),
     AS_OF),
    (Column("id", "the member's id"), Column("name", "their name"),
     Column("region_id", "the region they are located in"),
     Column("region_name", "that region's name"),
     Column("employer_id", "the entity employing them"), Column("employer_name", "its name"),
     *(Column(f, f"the {f.replace('_', ' ')} flag") for f in _FLAGS),
     Column("found_via", "the channel they were found through"),
     Column("last_org_life", "the date of their last organisational life"),
     Column("organisations", "the organisations they are members of (ids, sorted)"),
     Column("registered_at", "the stations they are registered at (ids, sorted)",
            zh="登记站点")),
    cypher="members", noun="members", noun_zh=("名", "党员"), command=("query", "members"))
def members(G: Graph, region: str | None = None, floating: bool = False, pocket: bool = False,
            hidden: bool = False, lost_contact: bool = False, unattached: bool = False,
            no_org_life: bool = False, found_via: str | None = None,
            employer_types: str | Iterable[str] | None = None,
            as_of: _dt.date | str | None = None) -> Table:
    """
    Filters combine: each one given keeps only the members it names. The ID number is
    never part of the rows.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [r["id"] for r in members(G, floating=True)]
    ['P04', 'P09', 'P12']
    >>> [r["id"] for r in members(G, region="定安县", no_org_life=True, as_of="2016-06-16")][:3]
    ['P03', 'P04', 'P05']
    """
    assert isinstance(as_of, _dt.date)  # the catalogue resolved it
    keep = np.ones(G.count("member"), dtype=bool)
    if region is not None:
        keep &= _in_regions(G, "member", region_subtree(G, region))
    for flag, wanted in zip(_FLAGS, (floating, pocket, hidden, lost_contact)):
        if wanted:
            keep &= G.column("member", flag)
    if unattached:
        keep &= _unattached(G)
    if no_org_life:
        last = G.column("member", "last_org_life")
        end = np.datetime64(as_of, "D")
        keep &= ~((last > end - np.timedelta64(ORG_LIFE_WINDOW_DAYS, "D")) & (last <= end))
    if found_via is not None:
        keep &= G.column("member", "found_via") == found_via
    employer = G.column("member", "employer_id")
    if employer_types is not None:
        of_type = np.isin(G.column("entity", "type"), list(employer_types))
        keep &= (employer >= 0) & of_type[np.maximum(employer, 0)] if len(of_type) \
            else np.zeros(len(keep), dtype=bool)
    rows = _sorted_by_id(G, "member", np.flatnonzero(keep))
    found = G.column("member", "found_via")[rows].tolist()
    return Table({
        **member_places(G, rows),
        **{f: G.column("member", f)[rows].tolist() for f in _FLAGS},
        "found_via": [f or None for f in found],
        "last_org_life": _iso_dates(G.column("member", "last_org_life")[rows]),
        "organisations": _linked_ids(G, "memberships", rows, "member", "organisation"),
        "registered_at": _linked_ids(G, "registrations", rows, "member", "station"),
    })


@question(
    "stations", "Stations per region of a level, with the members registered at them and the "
    "floating members located there.",
    (Parameter("by", "choice", "The level: city, county or town.", default="county",
               choices=REGION_LEVELS[1:]), REGION),
    (Column("id", "the region's id"), Column("name", "its name"),
     Column("stations", "stations located in it"),
     *(Column(k.value, f"{k.value} stations") for k in StationKind),
     Column("registered_members", "distinct members with REGISTERED_AT to those stations",
            zh="登记党员数"),
     Column("floating_members", "floating members located in it", zh="流动党员数")),
    cypher="stations", noun="regions", command=("query", "stations"))
def stations(G: Graph, by: str = "county", region: str | None = None) -> Table:
    """
    Every region of the level inside ``region`` has a row, those without a station too.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["name"], r["stations"], r["floating_members"]) for r in stations(G, by="county")]
    [('定安县', 3, 2), ('吉阳区', 0, 1)]
    """
    groups = _region_groups(G, by, region)
    rows = _group_rows(G, groups)
    n = G.count("region")
    station = _group_of(G, "station", groups)
    kind = G.column("station", "kind")

    def per_group(group: np.ndarray, mask: np.ndarray) -> list[int]:
        return np.bincount(group[mask & (group >= 0)], minlength=n)[rows].tolist()

    src, dst = G.array("registrations/source"), G.array("registrations/target")
    registered = _distinct_per_group(station[dst], src, n)
    member = _group_of(G, "member", groups)
    return Table({
        "id": G.ids("region")[rows].tolist(), "name": G.column("region", "name")[rows].tolist(),
        "stations": per_group(station, np.ones(len(station), dtype=bool)),
        **{k.value: per_group(station, kind == k.value) for k in StationKind},
        "registered_members": registered[rows].tolist(),
        "floating_members": per_group(member, G.column("member", "floating")),
    })


@question(
    "station_list", "Stations one by one: kind, place, agency and the members registered at "
    "each.",
    (REGION, Parameter("kind", "choice", "Only stations of this kind.",
                       choices=tuple(k.value for k in StationKind))),
    (Column("id", "the station's id"), Column("name", "its name"),
     Column("kind", "liaison_station or consultation_desk"),
     Column("region_id", "the region it is located in"),
     Column("region_name", "that region's name"),
     Column("agency_id", "its agency"), Column("agency_name", "that agency's name"),
     Column("registered_members", "distinct members with REGISTERED_AT to it")),
    cypher="station_list", noun="stations", noun_zh=("个", "站点"),
    command=("query", "station-list"))
def station_list(G: Graph, region: str | None = None, kind: str | None = None) -> Table:
    """
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["registered_members"]) for r in station_list(G, kind="liaison_station")]
    [('S01', 2), ('S03', 1), ('S04', 0)]
    """
    keep = np.ones(G.count("station"), dtype=bool)
    if region is not None:
        keep &= _in_regions(G, "station", region_subtree(G, region))
    if kind is not None:
        keep &= G.column("station", "kind") == kind
    rows = _sorted_by_id(G, "station", np.flatnonzero(keep))
    where, agency = G.column("station", "region_id")[rows], G.column("station", "agency_id")[rows]
    registered = _distinct_per_group(G.array("registrations/target"),
                                     G.array("registrations/source"), G.count("station"))
    return Table({
        "id": G.ids("station")[rows].tolist(), "name": G.column("station", "name")[rows].tolist(),
        "kind": G.column("station", "kind")[rows].tolist(),
        "region_id": ids_of(G, "region", where), "region_name": names_of(G, "region", where),
        "agency_id": ids_of(G, "agency", agency), "agency_name": names_of(G, "agency", agency),
        "registered_members": registered[rows].tolist(),
    })


@question(
    "instructors", "Instructors and the organisations each guides: their load.",
    (REGION,),
    (Column("id", "the instructor's id"), Column("name", "their name"),
     Column("agency_id", "their agency"), Column("agency_name", "its name"),
     Column("region_id", "the region the agency is located in"),
     Column("region_name", "that region's name"),
     Column("organisations_guided", "how many organisations they guide"),
     Column("organisations", "those organisations (ids, sorted)")),
    cypher="instructors", noun="instructors", noun_zh=("名", "党建指导员"),
    command=("query", "instructors"))
def instructors(G: Graph, region: str | None = None) -> Table:
    """
    With ``region``, the instructors whose agency is located in it or below it.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["organisations_guided"]) for r in instructors(G)]
    [('I01', 2), ('I02', 1)]
    """
    agency = G.column("instructor", "agency_id")
    agency_region = G.column("agency", "region_id")
    where = np.where(agency >= 0, agency_region[np.maximum(agency, 0)], -1) \
        if len(agency_region) else np.full(len(agency), -1)
    keep = np.ones(G.count("instructor"), dtype=bool)
    if region is not None:
        scope = region_subtree(G, region)
        keep &= (where >= 0) & scope[np.maximum(where, 0)]
    rows = _sorted_by_id(G, "instructor", np.flatnonzero(keep))
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



@question(
    "organisations", "Party organisations with the entities they cover, their members and "
    "the instructors guiding them.",
    (REGION, Parameter("level", "choice", "Only organisations of this level.",
                       choices=tuple(lv.value for lv in OrganisationLevel))),
    (Column("id", "the organisation's id"), Column("name", "its name"),
     Column("level", "committee, general_branch or branch"),
     Column("region_id", "the region it is located in"),
     Column("region_name", "that region's name"),
     Column("covered_entities", "entities it covers (COVERS)"),
     Column("members", "members with MEMBER_OF to it"),
     Column("instructors", "instructors guiding it (GUIDES)"),
     Column("industries", "the industries of the entities it covers (ids, sorted)",
            zh="覆盖行业")),
    cypher="organisations", noun="organisations", noun_zh=("个", "党组织"),
    command=("query", "organisations"))
def organisations(G: Graph, region: str | None = None, level: str | None = None) -> Table:
    """
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["covered_entities"], r["members"]) for r in organisations(G, level="branch")][:2]
    [('O02', 1, 3), ('O03', 1, 2)]
    """
    keep = np.ones(G.count("organisation"), dtype=bool)
    if region is not None:
        keep &= _in_regions(G, "organisation", region_subtree(G, region))
    if level is not None:
        keep &= G.column("organisation", "level") == level
    rows = _sorted_by_id(G, "organisation", np.flatnonzero(keep))
    n = G.count("organisation")

    def distinct(link: str, end: str) -> list[int]:
        """How many distinct rows at the other end of ``link`` each organisation has."""
        ours, theirs = G.array(f"{link}/{end}"), G.array(
            f"{link}/{'source' if end == 'target' else 'target'}")
        return _distinct_per_group(ours, theirs, n)[rows].tolist()

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

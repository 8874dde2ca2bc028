"""The gap questions, and the region helpers every question uses.

* :func:`uncovered` -- market entities no party organisation covers;
* :func:`isolated` -- members the organisation network cannot reach;
* :func:`report` -- coverage and member figures for a region subtree and entity types.

Each is declared in the :mod:`~graphmodel.catalogue` and answers from a
:class:`~graphmodel.graph.Graph` or a Neo4j database. The embedded bodies below are
vectorised over the graph's arrays, so they answer for a whole province without
building a Python object per node; row lists are sorted by id.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import numpy as np

from . import arguments
from .arguments import ENTITY_TYPES, ORG_LIFE_WINDOW_DAYS
from .catalogue import AS_OF, REGION, TYPES, Column, Parameter, question
from .errors import QueryError
from .graph import Graph
from .schema import OrganisationLevel, RegionLevel, StationKind
from .table import Table

__all__ = ["uncovered", "isolated", "report", "region_subtree", "resolve_region",
           "choose_region", "assemble_report", "ancestor_at", "names_of", "ids_of", "member_places",
           "ORG_LIFE_WINDOW_DAYS"]


def region_subtree(G: Graph, region: str | None) -> np.ndarray:
    """Boolean mask over regions: ``region`` and every region below it (all if None).

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> int(region_subtree(G, "R-DA").sum())
    3
    """
    _check_graph(G)
    region = resolve_region(G, region)
    n = G.count("region")
    if region is None:
        return np.ones(n, dtype=bool)
    root = G.index("region").get(region)
    assert root is not None
    parent = G.column("region", "parent_id").tolist()
    children: dict[int, list[int]] = {}
    for child, p in enumerate(parent):
        if p >= 0:
            children.setdefault(p, []).append(child)
    mask = np.zeros(n, dtype=bool)
    stack = [root]
    while stack:
        node = stack.pop()
        mask[node] = True
        stack.extend(children.get(node, ()))
    return mask


def choose_region(value: str, is_id: bool, candidates: list[dict[str, str | None]]) -> str:
    """The region id ``value`` names: itself if it is an id, else the one candidate
    (``id``, ``name``, ``level``, ``parent_name``: regions whose name or code is
    ``value``); none or several is a :class:`~graphmodel.QueryError` (both backends
    call this).

    >>> choose_region("定城镇", False, [{"id": "T1", "name": "定城镇", "level": "town",
    ...                                   "parent_name": "定安县"}])
    'T1'
    >>> choose_region("X", False, [])
    Traceback (most recent call last):
    ...
    graphmodel.errors.QueryError: no region with id, name or code 'X'
    """
    if is_id:
        return value
    if not candidates:
        raise QueryError(f"no region with id, name or code {value[:40]!r}")
    if len(candidates) > 1:
        shown = "; ".join(
            f"{c['id']} ({c['name']}, {c['level']}"
            + (f", in {c['parent_name']})" if c.get("parent_name") is not None else ")")
            for c in sorted(candidates, key=lambda c: str(c["id"])))
        raise QueryError(f"region {value[:40]!r} matches {len(candidates)} regions, give "
                         f"its id: {shown}")
    return str(candidates[0]["id"])


def resolve_region(G: Graph, region: object) -> str | None:
    """The id of the region ``region`` names: an id, an exact name or a GB/T 2260
    code (an id wins over another region's name or code; None stays None).

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> resolve_region(G, "R-DA"), resolve_region(G, "定安县"), resolve_region(G, "469021")
    ('R-DA', 'R-DA', 'R-DA')
    """
    _check_graph(G)
    value = arguments.identifier(region, "region")
    if value is None:
        return None
    if value in G.index("region"):
        return value
    names, codes = G.column("region", "name"), G.column("region", "code")
    found = np.flatnonzero((names == value) | (codes == value)).tolist()
    parent = G.column("region", "parent_id")
    ids = G.ids("region")
    candidates: list[dict[str, str | None]] = [
        {"id": str(ids[i]), "name": str(names[i]), "level": str(G.column("region", "level")[i]),
         "parent_name": str(names[parent[i]]) if parent[i] >= 0 else None}
        for i in found]
    return choose_region(value, False, candidates)


def _in_regions(G: Graph, kind: str, regions: np.ndarray) -> np.ndarray:
    where = G.column(kind, "region_id")
    return regions[where] & (where >= 0)


def _has_edge(n: int, indices: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[indices] = True
    return mask


def _check_graph(G: object) -> None:
    if not isinstance(G, Graph):
        raise QueryError(f"expected a graphmodel.Graph (from read_dataset or open_store), "
                         f"got {type(G).__name__}")


def ids_of(G: Graph, kind: str, index: np.ndarray) -> list:
    """Ids of rows ``index`` of ``kind`` (-1 gives None)."""
    return _values_of(G.ids(kind), index)


def names_of(G: Graph, kind: str, index: np.ndarray) -> list:
    """Names of rows ``index`` of ``kind`` (-1, or an empty name, gives None)."""
    return _values_of(G.column(kind, "name"), index)


def _values_of(values: np.ndarray, index: np.ndarray) -> list:
    if len(values) < len(index):
        # A small table (regions, industries) looked up many times: one Python string
        # per value, shared by every row, instead of one per row; -1 finds the None
        # appended at the end.
        lookup = [v if v != "" else None for v in values.tolist()] + [None]
        return list(map(lookup.__getitem__, index.tolist()))
    out = values[np.maximum(index, 0)].tolist() if len(values) else [None] * len(index)
    if bool((index < 0).any()) or "" in out:
        return [v if j >= 0 and v != "" else None for v, j in zip(out, index.tolist())]
    return out


def ancestor_at(G: Graph, level: str) -> np.ndarray:
    """For every region, the row of the region of ``level`` it lies in (itself when it
    is of that level), -1 when it lies above that level.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> county = ancestor_at(G, "county")
    >>> G.ids("region")[county[G.index("region")["R-DA-DC"]]]
    np.str_('R-DA')
    """
    parent = G.column("region", "parent_id")
    levels = G.column("region", "level")
    out = np.where(levels == level, np.arange(len(parent)), -1)
    node = parent.copy()
    # Walk up one level per round, for every region at once (a tree is a few deep).
    while bool((node >= 0).any()):
        found = (out < 0) & (node >= 0)
        hit = found & (levels[np.maximum(node, 0)] == level)
        out[hit] = node[hit]
        node = np.where(found & ~hit, parent[np.maximum(node, 0)], -1)
    return out


def _sorted_by_id(G: Graph, kind: str, selected: np.ndarray) -> np.ndarray:
    ids = G.ids(kind)[selected]
    return selected[np.argsort(ids, kind="stable")]




def _entity_places(G: Graph, rows: np.ndarray) -> dict[str, list]:
    """Where entities ``rows`` lie: region id and name, and their county's name."""
    region = G.column("entity", "region_id")[rows]
    county = ancestor_at(G, RegionLevel.county.value)
    return {"region_id": ids_of(G, "region", region),
            "region_name": names_of(G, "region", region),
            "county_name": names_of(G, "region",
                                    np.where(region >= 0, county[np.maximum(region, 0)], -1))}


def staff_counts(G: Graph) -> np.ndarray:
    """Members employed by each entity (EMPLOYED_BY), by entity row."""
    employer = G.column("member", "employer_id")
    return np.bincount(employer[employer >= 0], minlength=G.count("entity"))


@question(
    "uncovered", "Market entities that no party organisation covers.",
    (REGION, TYPES,
     Parameter("industry", "industry", "Only entities in this industry (its id)."),
     Parameter("min_members", "count", "Only entities employing at least this many members "
               "(3: candidates for a standalone branch).", default=0)),
    (Column("id", "the entity's id"), Column("name", "its name"),
     Column("type", "small_micro, individual, market or enterprise"),
     Column("region_id", "the region it is located in"), Column("region_name", "that region's name"),
     Column("county_name", "the county it lies in (none when located above county level)"),
     Column("industry_id", "its industry"), Column("industry_name", "that industry's name"),
     Column("market_id", "the market it trades in (TRADES_IN), if any"),
     Column("members", "how many members it employs")),
    cypher="uncovered", noun="uncovered entities", command=("query", "uncovered"))
def uncovered(G: Graph, region: str | None = None, types: str | Iterable[str] | None = None,
              industry: str | None = None, min_members: int = 0) -> Table:
    """
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["members"]) for r in uncovered(G, region="定安县")]
    [('E02', 2), ('E03', 1), ('E09', 0)]
    >>> [r["id"] for r in uncovered(G, types="individual,market")]
    ['E03', 'E07']
    """
    n = G.count("entity")
    keep = ~_has_edge(n, G.array("coverage/target"))
    if region is not None:
        keep &= _in_regions(G, "entity", region_subtree(G, region))
    if types is not None:
        keep &= np.isin(G.column("entity", "type"), list(types))
    if industry is not None:
        keep &= G.column("entity", "industry_id") == G.index("industry")[industry]
    staff = staff_counts(G)
    if min_members > 0:
        keep &= staff >= min_members
    rows = _sorted_by_id(G, "entity", np.flatnonzero(keep))
    industry_of = G.column("entity", "industry_id")[rows]
    return Table({
        "id": G.ids("entity")[rows].tolist(),
        "name": G.column("entity", "name")[rows].tolist(),
        "type": G.column("entity", "type")[rows].tolist(),
        **_entity_places(G, rows),
        "industry_id": ids_of(G, "industry", industry_of),
        "industry_name": names_of(G, "industry", industry_of),
        "market_id": ids_of(G, "entity", G.column("entity", "market_id")[rows]),
        "members": staff[rows].tolist(),
    })


def member_places(G: Graph, rows: np.ndarray) -> dict[str, list]:
    """Who members ``rows`` are and where: id, name, region and employer, with names."""
    where, employer = G.column("member", "region_id")[rows], G.column("member", "employer_id")[rows]
    return {"id": G.ids("member")[rows].tolist(),
            "name": G.column("member", "name")[rows].tolist(),
            "region_id": ids_of(G, "region", where), "region_name": names_of(G, "region", where),
            "employer_id": ids_of(G, "entity", employer),
            "employer_name": names_of(G, "entity", employer)}


def _unattached(G: Graph) -> np.ndarray:
    n = G.count("member")
    return ~(_has_edge(n, G.array("memberships/source"))
             | _has_edge(n, G.array("registrations/source")))


@question(
    "isolated", "Members the organisation network cannot reach (lost contact, or unattached).",
    (REGION,),
    (Column("id", "the member's id"), Column("name", "their name"),
     Column("region_id", "the region they are located in"),
     Column("region_name", "that region's name"),
     Column("employer_id", "the entity employing them"), Column("employer_name", "its name"),
     Column("reasons", "lost_contact (the flag is set) and/or unattached (no MEMBER_OF to an "
            "organisation and no REGISTERED_AT to a station)")),
    cypher="isolated", noun="isolated members", command=("query", "isolated"))
def isolated(G: Graph, region: str | None = None) -> Table:
    """
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["reasons"]) for r in isolated(G, region="R-SY")]
    [('P09', ['lost_contact', 'unattached'])]
    """
    lost = G.column("member", "lost_contact")
    unattached = _unattached(G)
    keep = lost | unattached
    if region is not None:
        keep &= _in_regions(G, "member", region_subtree(G, region))
    rows = _sorted_by_id(G, "member", np.flatnonzero(keep))
    return Table({
        **member_places(G, rows),
        "reasons": [[w for w, flag in (("lost_contact", lc), ("unattached", un)) if flag]
                    for lc, un in zip(lost[rows].tolist(), unattached[rows].tolist())],
    })


def _report_on_neo4j(db, region: str | None, types: list[str] | None, as_of: _dt.date) -> dict:
    from .neo4j.source import report_figures

    return report_figures(db, region, types, as_of)


@question("report", "Coverage and member figures for a region subtree and entity types.",
          (REGION, TYPES, AS_OF), cypher="report/*", neo4j=_report_on_neo4j,
          command=("report",))
def report(G: Graph, region: str | None = None, types: str | Iterable[str] | None = None,
           as_of: _dt.date | str | None = None) -> dict:
    """
    Scope: entities located in the subtree (of the given types, if any);
    organisations located in the subtree (with types: only those covering at least
    one in-scope entity); members located in the subtree (with types: the members
    employed by in-scope entities); stations and instructors located in the subtree
    (an instructor is located where their agency is).

    The figures: ``entities`` (count per type and ``total``), ``covered_entities``,
    ``coverage_rate`` (covered / total, a fraction; ``None`` when there are no
    entities), ``covered_industries`` (distinct industries of the covered
    entities), ``organisations`` (``total``, ``branches``, ``members``: distinct
    members with MEMBER_OF to them), ``members`` (``total``, ``floating``,
    ``pocket``, ``hidden``, ``lost_contact``, ``found``: with a discovery channel,
    ``org_life``: organisational life in the window, ``floating_pocket_or_hidden``:
    members with any of those flags, ``ethnicity``: count per ethnicity),
    ``stations`` (per kind), ``instructors``, and the scope (``region``,
    ``region_name``, ``types``, ``as_of``).

    Examples
    --------
    >>> import datetime, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> r = report(G, as_of=datetime.date(2016, 6, 16))
    >>> r["entities"]["total"], r["covered_entities"], r["coverage_rate"]
    (10, 6, 0.6)
    >>> report(G)["as_of"], report(G, types="market")["entities"]["total"]
    ('2016-06-16', 1)
    """
    assert isinstance(as_of, _dt.date)  # the catalogue resolved it
    scope_types = list(types) if types is not None else None
    regions = region_subtree(G, region)

    entity_type = G.column("entity", "type")
    entities = _in_regions(G, "entity", regions)
    if scope_types:
        entities &= np.isin(entity_type, scope_types)
    covered = _has_edge(G.count("entity"), G.array("coverage/target"))

    organisations = _in_regions(G, "organisation", regions)
    cov_src, cov_dst = G.array("coverage/source"), G.array("coverage/target")
    if scope_types:
        organisations &= _has_edge(G.count("organisation"), cov_src[entities[cov_dst]])
    branches = G.column("organisation", "level") == OrganisationLevel.branch.value
    mem_src, mem_dst = G.array("memberships/source"), G.array("memberships/target")
    org_members = np.unique(mem_src[organisations[mem_dst]])

    if scope_types:
        employer = G.column("member", "employer_id")
        members = (employer >= 0) & entities[np.maximum(employer, 0)]
    else:
        members = _in_regions(G, "member", regions)
    last = G.column("member", "last_org_life")
    end = np.datetime64(as_of, "D")
    recent = (last > end - np.timedelta64(ORG_LIFE_WINDOW_DAYS, "D")) & (last <= end)

    station_kind = G.column("station", "kind")
    stations = _in_regions(G, "station", regions)
    agency_of = G.column("instructor", "agency_id")
    agency_in = _in_regions(G, "agency", regions)
    instructors = (agency_of >= 0) & agency_in[np.maximum(agency_of, 0)] if len(agency_in) \
        else np.zeros(G.count("instructor"), dtype=bool)

    counts = {t: int((entities & (entity_type == t)).sum()) for t in ENTITY_TYPES}
    covered_n = int((entities & covered).sum())
    industry = G.column("entity", "industry_id")[entities & covered]
    covered_industries = len(np.unique(industry[industry >= 0]))
    ethnicity = G.column("member", "ethnicity")[members]
    names, per_name = np.unique(ethnicity[ethnicity != ""], return_counts=True)
    unrevealed = (G.column("member", "floating") | G.column("member", "pocket")
                  | G.column("member", "hidden"))

    def flag(name: str) -> int:
        return int((members & G.column("member", name)).sum())

    region_name = None if region is None else \
        str(G.column("region", "name")[G.index("region")[region]]) or None
    return assemble_report(
        region, region_name, scope_types, as_of, counts, covered_n, covered_industries,
        organisations={"total": int(organisations.sum()),
                       "branches": int((organisations & branches).sum()),
                       "members": int(len(org_members))},
        members={"total": int(members.sum()), "floating": flag("floating"),
                 "pocket": flag("pocket"), "hidden": flag("hidden"),
                 "lost_contact": flag("lost_contact"),
                 "found": int((members & (G.column("member", "found_via") != "")).sum()),
                 "org_life": int((members & recent).sum()),
                 "floating_pocket_or_hidden": int((members & unrevealed).sum()),
                 "ethnicity": dict(zip(names.tolist(), per_name.tolist()))},
        stations={k.value: int((stations & (station_kind == k.value)).sum()) for k in StationKind},
        instructors=int(instructors.sum()))


def assemble_report(region: str | None, region_name: str | None, types: list[str] | None,
                    as_of: _dt.date, counts: dict[str, int], covered: int,
                    covered_industries: int, *, organisations: dict, members: dict,
                    stations: dict, instructors: int) -> dict:
    """The report's figures in their one shape, whichever backend counted them."""
    total = sum(counts.values())
    return {
        "region": region,
        "region_name": region_name,
        "types": types,
        "as_of": as_of.isoformat(),
        "entities": {**{t: counts.get(t, 0) for t in ENTITY_TYPES}, "total": total},
        "covered_entities": covered,
        "coverage_rate": covered / total if total else None,
        "covered_industries": covered_industries,
        "organisations": {k: organisations[k] for k in ("total", "branches", "members")},
        "members": {k: members[k] for k in (
            "total", "floating", "pocket", "hidden", "lost_contact", "found", "org_life",
            "floating_pocket_or_hidden")} | {"ethnicity": dict(sorted(members["ethnicity"].items()))},
        "stations": {k.value: stations[k.value] for k in StationKind},
        "instructors": instructors,
    }

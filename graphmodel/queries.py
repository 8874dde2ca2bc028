"""The gap queries: plain functions over a :class:`~graphmodel.graph.Graph`.

* :func:`uncovered` -- market entities no party organisation covers;
* :func:`isolated` -- members the organisation network cannot reach;
* :func:`report` -- coverage and member figures for a region subtree and entity types.

Each is vectorised over the graph's arrays, so it answers for a whole province
without building a Python object per node. Row lists are sorted by id. Arguments
are checked by :mod:`graphmodel.arguments` (dates as ``datetime.date`` or
``YYYY-MM-DD``, types as one name, a comma-separated string or a list), as on Neo4j.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import numpy as np

from . import arguments
from .arguments import ENTITY_TYPES, ORG_LIFE_WINDOW_DAYS
from .errors import QueryError
from .graph import Graph
from .schema import OrganisationLevel, StationKind

__all__ = ["uncovered", "isolated", "report", "region_subtree", "resolve_region",
           "choose_region", "assemble_report",
           "default_as_of", "uncovered_arguments", "report_arguments", "ORG_LIFE_WINDOW_DAYS"]


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


def default_as_of(dataset_as_of: _dt.date | None) -> _dt.date:
    """The as-of date when none is given: the dataset's, else today."""
    return dataset_as_of if dataset_as_of is not None else _dt.date.today()


def _ids_of(G: Graph, kind: str, index: np.ndarray) -> list:
    """Ids of rows ``index`` (-1 gives None)."""
    ids = G.ids(kind)
    out = ids[np.maximum(index, 0)].tolist() if len(ids) else [""] * len(index)
    return [i if j >= 0 else None for i, j in zip(out, index.tolist())]


def _sorted_by_id(G: Graph, kind: str, selected: np.ndarray) -> np.ndarray:
    ids = G.ids(kind)[selected]
    return selected[np.argsort(ids, kind="stable")]


def uncovered(G: Graph, region: str | None = None, types: str | Iterable[str] | None = None,
              industry: str | None = None, min_members: int = 0, *,
              type: str | Iterable[str] | None = None) -> list[dict]:
    """Market entities with no COVERS edge from any organisation.

    Parameters
    ----------
    G : Graph
    region : str, optional
        Only entities located in this region or any region below it: its id, exact
        name or GB/T 2260 code (see :func:`resolve_region`).
    types : str or iterable of str, optional
        Only entities of these types (``small_micro``, ``individual``, ``market``,
        ``enterprise``): one, a comma-separated string, or a list.
    industry : str, optional
        Only entities in this industry (its id).
    min_members : int, optional
        Only entities employing at least this many members (3 or more: the
        candidates for a standalone branch).
    type : str or iterable of str, optional
        Another name for ``types`` (give one or the other).

    Returns
    -------
    list of dict
        One row per entity, sorted by id: ``id``, ``name``, ``type``, ``region_id``,
        ``industry_id`` and ``members`` (how many members it employs).

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["members"]) for r in uncovered(G, region="R-DA")]
    [('E02', 2), ('E03', 1), ('E09', 0)]
    >>> [r["id"] for r in uncovered(G, types="individual,market")]
    ['E03', 'E07']
    """
    _check_graph(G)
    region, types, industry, min_members = uncovered_arguments(
        region, types, industry, min_members, type)
    region = resolve_region(G, region)
    n = G.count("entity")
    keep = ~_has_edge(n, G.array("coverage/target"))
    if region is not None:
        keep &= _in_regions(G, "entity", region_subtree(G, region))
    if types is not None:
        keep &= np.isin(G.column("entity", "type"), types)
    if industry is not None:
        found = G.index("industry").get(industry)
        if found is None:
            raise QueryError(f"no industry with id {industry!r}")
        keep &= G.column("entity", "industry_id") == found
    employer = G.column("member", "employer_id")
    staff = np.bincount(employer[employer >= 0], minlength=n)
    if min_members > 0:
        keep &= staff >= min_members
    rows = _sorted_by_id(G, "entity", np.flatnonzero(keep))
    return [
        {"id": i, "name": name, "type": t, "region_id": r, "industry_id": ind, "members": m}
        for i, name, t, r, ind, m in zip(
            G.ids("entity")[rows].tolist(),
            G.column("entity", "name")[rows].tolist(),
            G.column("entity", "type")[rows].tolist(),
            _ids_of(G, "region", G.column("entity", "region_id")[rows]),
            _ids_of(G, "industry", G.column("entity", "industry_id")[rows]),
            staff[rows].tolist(),
        )
    ]


def uncovered_arguments(region: object, types: object, industry: object, min_members: object,
                        type: object = None) -> tuple[str | None, list[str] | None, str | None, int]:
    """:func:`uncovered`'s arguments, checked (both backends call this)."""
    if type is not None:
        if types is not None:
            raise QueryError("give types or type, not both")
        types = arguments.entity_types(type, "type")
    return (arguments.identifier(region, "region"), arguments.entity_types(types),
            arguments.identifier(industry, "industry"),
            arguments.count(min_members, "min_members"))


def isolated(G: Graph, region: str | None = None) -> list[dict]:
    """Members the organisation network cannot reach.

    A member is isolated for the reason ``lost_contact`` when that flag is set, and
    ``unattached`` when they have neither a MEMBER_OF edge to an organisation nor a
    REGISTERED_AT edge to a liaison station; a member may have both reasons.

    Parameters
    ----------
    G : Graph
    region : str, optional
        Only members located in this region or any region below it: its id, exact
        name or GB/T 2260 code (see :func:`resolve_region`).

    Returns
    -------
    list of dict
        Sorted by id: ``id``, ``name``, ``region_id``, ``employer_id`` and ``reasons``
        (a sorted list).

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["reasons"]) for r in isolated(G, region="R-SY")]
    [('P09', ['lost_contact', 'unattached'])]
    """
    _check_graph(G)
    region = resolve_region(G, region)
    n = G.count("member")
    lost = G.column("member", "lost_contact")
    unattached = ~(_has_edge(n, G.array("memberships/source"))
                   | _has_edge(n, G.array("registrations/source")))
    keep = lost | unattached
    if region is not None:
        keep &= _in_regions(G, "member", region_subtree(G, region))
    rows = _sorted_by_id(G, "member", np.flatnonzero(keep))
    return [
        {"id": i, "name": name, "region_id": r, "employer_id": e,
         "reasons": [w for w, flag in (("lost_contact", lc), ("unattached", un)) if flag]}
        for i, name, r, e, lc, un in zip(
            G.ids("member")[rows].tolist(),
            G.column("member", "name")[rows].tolist(),
            _ids_of(G, "region", G.column("member", "region_id")[rows]),
            _ids_of(G, "entity", G.column("member", "employer_id")[rows]),
            lost[rows].tolist(),
            unattached[rows].tolist(),
        )
    ]


def report(G: Graph, region: str | None = None, types: str | Iterable[str] | None = None,
           as_of: _dt.date | str | None = None) -> dict:
    """Coverage and member figures for a region subtree, optionally for some entity types.

    Scope: entities located in the subtree (of the given types, if any);
    organisations located in the subtree (with types: only those covering at least
    one in-scope entity); members located in the subtree (with types: the members
    employed by in-scope entities); stations and instructors located in the subtree
    (an instructor is located where their agency is).

    Parameters
    ----------
    G : Graph
    region : str, optional
        Root of the subtree (default: every region): its id, exact name or GB/T 2260
        code; the report's ``region`` is its id.
    types : str or iterable of str, optional
        Entity types in scope (default: all): one, a comma-separated string, or a list.
    as_of : datetime.date or str, optional
        End of the organisational-life window of 183 days, a date or ``YYYY-MM-DD``
        (default: the dataset's as-of date, ``G.meta["as_of"]``, else today).

    Returns
    -------
    dict
        ``entities`` (count per type and ``total``), ``covered_entities``,
        ``coverage_rate`` (covered / total, a fraction; ``None`` when there are no
        entities), ``covered_industries`` (distinct industries of the covered
        entities), ``organisations`` (``total``, ``branches``, ``members``: distinct
        members with MEMBER_OF to them), ``members`` (``total``, ``floating``,
        ``pocket``, ``hidden``, ``lost_contact``, ``found``: with a discovery channel,
        ``org_life``: organisational life in the window, ``floating_pocket_or_hidden``:
        members with any of those flags, ``ethnicity``: count per ethnicity),
        ``stations`` (per kind),
        ``instructors``, and the scope (``region``, ``types``, ``as_of``).

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
    _check_graph(G)
    region, scope_types, as_of = report_arguments(region, types, as_of)
    as_of = default_as_of(as_of if as_of is not None else G.meta.get("as_of"))
    region = resolve_region(G, region)
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

    return assemble_report(
        region, scope_types, as_of, counts, covered_n, covered_industries,
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


def report_arguments(region: object, types: object, as_of: object
                     ) -> tuple[str | None, list[str] | None, _dt.date | None]:
    """:func:`report`'s arguments, checked (both backends call this)."""
    return (arguments.identifier(region, "region"), arguments.entity_types(types),
            arguments.as_of_date(as_of))


def assemble_report(region: str | None, types: list[str] | None, as_of: _dt.date,
                    counts: dict[str, int], covered: int, covered_industries: int, *,
                    organisations: dict, members: dict, stations: dict,
                    instructors: int) -> dict:
    """The report's figures in their one shape, whichever backend counted them."""
    total = sum(counts.values())
    return {
        "region": region,
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

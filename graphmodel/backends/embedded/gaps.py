"""The gap questions on the embedded backend: uncovered, isolated, report.

Vectorised over the graph's arrays, so they answer for a whole province without
building a Python object per node; row lists are sorted by id.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from ...model.dates import ORG_LIFE_WINDOW_DAYS
from ...model.graph import Graph
from ...model.schema import OrganisationLevel, StationKind
from ...model.table import Table
from ...questions.arguments import ENTITY_TYPES
from ...questions.backend import Figures
from ...questions.figures import assemble_report
from .common import (
    has_edge, ids_of, member_places, names_of, sorted_by_id, staff_counts,
    unattached_members,
)
from .registry import ANSWERS
from .tree import entity_places, in_regions, region_subtree

__all__ = ["uncovered", "isolated", "report"]


@ANSWERS("uncovered")
def uncovered(G: Graph, region: str | None, types: list[str] | None,
              industry: str | None, min_members: int) -> Table:
    n = G.count("entity")
    keep = ~has_edge(n, G.array("coverage/target"))
    if region is not None:
        keep &= in_regions(G, "entity", region_subtree(G, region))
    if types is not None:
        keep &= np.isin(G.column("entity", "type"), list(types))
    if industry is not None:
        keep &= G.column("entity", "industry_id") == G.index("industry")[industry]
    staff = staff_counts(G)
    if min_members > 0:
        keep &= staff >= min_members
    rows = sorted_by_id(G, "entity", np.flatnonzero(keep))
    industry_of = G.column("entity", "industry_id")[rows]
    return Table({
        "id": G.ids("entity")[rows].tolist(),
        "name": G.column("entity", "name")[rows].tolist(),
        "type": G.column("entity", "type")[rows].tolist(),
        **entity_places(G, rows),
        "industry_id": ids_of(G, "industry", industry_of),
        "industry_name": names_of(G, "industry", industry_of),
        "market_id": ids_of(G, "entity", G.column("entity", "market_id")[rows]),
        "members": staff[rows].tolist(),
    })


@ANSWERS("isolated")
def isolated(G: Graph, region: str | None) -> Table:
    lost = G.column("member", "lost_contact")
    unattached = unattached_members(G)
    keep = lost | unattached
    if region is not None:
        keep &= in_regions(G, "member", region_subtree(G, region))
    rows = sorted_by_id(G, "member", np.flatnonzero(keep))
    return Table({
        **member_places(G, rows),
        "reasons": [[w for w, flag in (("lost_contact", lc), ("unattached", un)) if flag]
                    for lc, un in zip(lost[rows].tolist(), unattached[rows].tolist())],
    })


@ANSWERS("report")
def report(G: Graph, region: str | None, types: list[str] | None,
           as_of: _dt.date) -> Figures:
    scope_types = list(types) if types is not None else None
    regions = region_subtree(G, region)

    entity_type = G.column("entity", "type")
    entities = in_regions(G, "entity", regions)
    if scope_types:
        entities &= np.isin(entity_type, scope_types)
    covered = has_edge(G.count("entity"), G.array("coverage/target"))

    organisations = in_regions(G, "organisation", regions)
    cov_src, cov_dst = G.array("coverage/source"), G.array("coverage/target")
    if scope_types:
        organisations &= has_edge(G.count("organisation"), cov_src[entities[cov_dst]])
    branches = G.column("organisation", "level") == OrganisationLevel.branch.value
    mem_src, mem_dst = G.array("memberships/source"), G.array("memberships/target")
    org_members = np.unique(mem_src[organisations[mem_dst]])

    if scope_types:
        employer = G.column("member", "employer_id")
        members = (employer >= 0) & entities[np.maximum(employer, 0)]
    else:
        members = in_regions(G, "member", regions)
    last = G.column("member", "last_org_life")
    end = np.datetime64(as_of, "D")
    recent = (last > end - np.timedelta64(ORG_LIFE_WINDOW_DAYS, "D")) & (last <= end)

    station_kind = G.column("station", "kind")
    stations = in_regions(G, "station", regions)
    agency_of = G.column("instructor", "agency_id")
    agency_in = in_regions(G, "agency", regions)
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

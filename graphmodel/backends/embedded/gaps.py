"""The gap questions on the embedded backend: uncovered, isolated, report.

Vectorised over the graph's arrays, so they answer for a whole province without
building a Python object per node; row lists are sorted by id.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from ...model.graph import Graph
from ...model.schema import OrganisationLevel, StationKind
from ...model.table import Table
from ...questions.arguments import ENTITY_TYPES
from ...questions.backend import Figures
from ...questions.figures import assemble_report
from .common import (
    has_edge, ids_of, member_places, names_of, recent_org_life, sorted_by_id, staff_counts,
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
    regions = region_subtree(G, region)
    entity_type = G.column("entity", "type")
    entities = in_regions(G, "entity", regions)
    if types:
        entities &= np.isin(entity_type, types)
    covered = entities & has_edge(G.count("entity"), G.array("coverage/target"))
    if types:  # the members employed by in-scope entities
        employer = G.column("member", "employer_id")
        members = (employer >= 0) & entities[np.maximum(employer, 0)]
    else:
        members = in_regions(G, "member", regions)
    industry = G.column("entity", "industry_id")[covered]
    region_name = None if region is None else \
        str(G.column("region", "name")[G.index("region")[region]]) or None
    return assemble_report(
        region, region_name, types, as_of,
        {t: int((entities & (entity_type == t)).sum()) for t in ENTITY_TYPES},
        int(covered.sum()), len(np.unique(industry[industry >= 0])),
        organisations=_organisation_figures(G, regions, entities if types else None),
        members=_member_figures(G, members, as_of),
        stations=_station_figures(G, regions),
        instructors=_instructors_in(G, regions))


def _organisation_figures(G: Graph, regions: np.ndarray,
                          entities: np.ndarray | None) -> dict[str, int]:
    """Organisations located in ``regions`` (with ``entities``: only those covering one
    of them), their branches, and the distinct members of them."""
    organisations = in_regions(G, "organisation", regions)
    if entities is not None:
        cov_src, cov_dst = G.array("coverage/source"), G.array("coverage/target")
        organisations &= has_edge(G.count("organisation"), cov_src[entities[cov_dst]])
    branches = G.column("organisation", "level") == OrganisationLevel.branch.value
    mem_src, mem_dst = G.array("memberships/source"), G.array("memberships/target")
    return {"total": int(organisations.sum()),
            "branches": int((organisations & branches).sum()),
            "members": int(len(np.unique(mem_src[organisations[mem_dst]])))}


def _member_figures(G: Graph, members: np.ndarray, as_of: _dt.date) -> dict[str, object]:
    """The report's member counts over the ``members`` mask."""
    def count(mask: np.ndarray) -> int:
        return int((members & mask).sum())

    flags = {f: G.column("member", f) for f in ("floating", "pocket", "hidden", "lost_contact")}
    ethnicity = G.column("member", "ethnicity")[members]
    names, per_name = np.unique(ethnicity[ethnicity != ""], return_counts=True)
    return {"total": int(members.sum()), **{f: count(v) for f, v in flags.items()},
            "found": count(G.column("member", "found_via") != ""),
            "org_life": count(recent_org_life(G, as_of)),
            "floating_pocket_or_hidden": count(flags["floating"] | flags["pocket"]
                                               | flags["hidden"]),
            "ethnicity": dict(zip(names.tolist(), per_name.tolist()))}


def _station_figures(G: Graph, regions: np.ndarray) -> dict[str, int]:
    """Stations located in ``regions``, per kind."""
    kind, stations = G.column("station", "kind"), in_regions(G, "station", regions)
    return {k.value: int((stations & (kind == k.value)).sum()) for k in StationKind}


def _instructors_in(G: Graph, regions: np.ndarray) -> int:
    """Instructors whose agency is located in ``regions``."""
    agency_of = G.column("instructor", "agency_id")
    agency_in = in_regions(G, "agency", regions)
    if not len(agency_in):
        return 0
    return int(((agency_of >= 0) & agency_in[np.maximum(agency_of, 0)]).sum())

"""Breakdowns on the embedded backend: coverage per group, the report per region.

Computed for every group at once (a count per group, not a report per region), so a
province's towns answer as fast as one report.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from ...model.graph import Graph
from ...model.schema import OrganisationLevel, StationKind, reference_columns
from ...model.table import Table
from ...questions.arguments import ENTITY_TYPES
from ...questions.breakdowns import group
from .common import distinct_per_group, has_edge, per_group, recent_org_life, staff_counts
from .registry import ANSWERS
from .tree import group_of, group_rows, region_groups, region_subtree

__all__ = ["coverage", "report_by"]


def _entity_scope(G: Graph, types: list[str] | None) -> np.ndarray:
    mask = np.ones(G.count("entity"), dtype=bool)
    if types is not None:
        mask &= np.isin(G.column("entity", "type"), types)
    return mask


class _Figures:
    """The report's figures per region of a level, computed for all of them at once:
    the coverage figures when built, the rest with :meth:`details`."""

    def __init__(self, G: Graph, level: str, region: str | None, types: list[str] | None):
        n = self.n = G.count("region")
        self.G = G
        groups = region_groups(G, level, region)
        self.rows = group_rows(G, groups)
        ent = self.entity_group = group_of(G, "entity", groups)
        in_scope = self.in_scope = _entity_scope(G, types) & (ent >= 0)
        self.entities = per_group(ent, in_scope, n)
        covered = self.covered_mask = has_edge(G.count("entity"), G.array("coverage/target"))
        self.covered = per_group(ent, in_scope & covered, n)

        org = group_of(G, "organisation", groups)
        if types is not None:  # only organisations covering an in-scope entity of their group
            src, dst = G.array("coverage/source"), G.array("coverage/target")
            ok = in_scope[dst] & (org[src] == ent[dst])
            org = np.where(has_edge(len(org), src[ok]), org, -1)
        self.organisation_group = org
        self.organisations = per_group(org, np.ones(len(org), dtype=bool), n)

        if types is None:
            member = group_of(G, "member", groups)
        else:  # the members employed by in-scope entities
            employer = G.column("member", "employer_id")
            member = np.where(employer >= 0, np.where(in_scope, ent, -1)[np.maximum(employer, 0)],
                              -1) if len(employer) else np.zeros(0, dtype=np.int64)
        self.member_group = member
        self.members = per_group(member, np.ones(len(member), dtype=bool), n)
        self.groups = groups

    def details(self) -> None:
        """The other figures of the report, per region (what ``report_by`` adds)."""
        G, n, ent, in_scope, member = (self.G, self.n, self.entity_group, self.in_scope,
                                       self.member_group)
        entity_type = G.column("entity", "type")
        self.per_type = {t: per_group(ent, in_scope & (entity_type == t), n)
                         for t in ENTITY_TYPES}
        cov = in_scope & self.covered_mask
        industry = G.column("entity", "industry_id")
        self.covered_industries = distinct_per_group(ent[cov], industry[cov], n)
        org = self.organisation_group
        branch = G.column("organisation", "level") == OrganisationLevel.branch.value
        self.branches = per_group(org, branch, n)
        m_src, m_dst = G.array("memberships/source"), G.array("memberships/target")
        self.organisation_members = distinct_per_group(org[m_dst], m_src, n)
        groups = self.groups
        self.flags = {f: per_group(member, G.column("member", f), n)
                      for f in ("floating", "pocket", "hidden", "lost_contact")}
        self.found = per_group(member, G.column("member", "found_via") != "", n)
        self.unrevealed = per_group(member, G.column("member", "floating")
                                     | G.column("member", "pocket")
                                     | G.column("member", "hidden"), n)
        stations = group_of(G, "station", groups)
        kind = G.column("station", "kind")
        self.stations = {k.value: per_group(stations, kind == k.value, n) for k in StationKind}
        agency = group_of(G, "agency", groups)
        agency_of = G.column("instructor", "agency_id")
        inst = np.where(agency_of >= 0, agency[np.maximum(agency_of, 0)], -1) \
            if len(agency) else np.full(len(agency_of), -1)
        self.instructors = per_group(inst, np.ones(len(inst), dtype=bool), n)

    def org_life(self, as_of: _dt.date) -> np.ndarray:
        return per_group(self.member_group, recent_org_life(self.G, as_of), self.n)

    def rate(self) -> list[float | None]:
        rows = self.rows
        return [c / e if e else None for c, e in zip(self.covered[rows].tolist(),
                                                     self.entities[rows].tolist())]

    def names(self) -> dict[str, list[Any]]:
        return {"id": self.G.ids("region")[self.rows].tolist(),
                "name": self.G.column("region", "name")[self.rows].tolist()}


@ANSWERS("coverage")
def coverage(G: Graph, by: str, region: str | None, types: list[str] | None) -> Table:
    scope_types = list(types) if types is not None else None
    grouping = group(by)
    if grouping.level is not None:
        f = _Figures(G, grouping.level, region, scope_types)
        keep = f.entities[f.rows] > 0
        f.rows = f.rows[keep]
        return Table({**f.names(), "entities": f.entities[f.rows].tolist(),
                      "covered": f.covered[f.rows].tolist(), "coverage_rate": f.rate(),
                      "organisations": f.organisations[f.rows].tolist(),
                      "members": f.members[f.rows].tolist()})
    assert grouping.column is not None  # a group is a level or a column
    return _by_column(G, grouping.column, region, scope_types)


def _column_groups(G: Graph, column: str) -> tuple[np.ndarray, list[str], list[str | None]]:
    """Every entity's group by ``column`` (a row number, -1 for none), with the groups'
    ids and names: a reference column's groups are the rows it points to."""
    target = reference_columns("entity").get(column)
    if target is None:  # a plain column: its distinct values are the groups
        labels, found = np.unique(G.column("entity", column), return_inverse=True)
        ids = labels.tolist()
        return found, ids, list(ids)
    kind = target.target.kind
    return (G.column("entity", column), G.ids(kind).tolist(),
            [n or None for n in G.column(kind, "name").tolist()])


def _by_column(G: Graph, column: str, region: str | None, types: list[str] | None) -> Table:
    """Coverage per group of an entity column (type, industry, market...)."""
    where = G.column("entity", "region_id")
    scope = region_subtree(G, region)
    in_scope = _entity_scope(G, types) & (where >= 0) & scope[np.maximum(where, 0)] \
        if G.count("region") else np.zeros(G.count("entity"), dtype=bool)
    found, ids, names = _column_groups(G, column)
    group = np.where(in_scope & (found >= 0), found, -1)
    n = len(ids)
    covered = has_edge(G.count("entity"), G.array("coverage/target"))
    entities = per_group(group, in_scope, n)
    src, dst = G.array("coverage/source"), G.array("coverage/target")
    organisations = distinct_per_group(group[dst], src, n)
    members = np.bincount(group[group >= 0], weights=staff_counts(G)[group >= 0],
                          minlength=n).astype(np.int64)
    rows = sorted((i for i in range(n) if entities[i] > 0), key=lambda i: ids[i])
    cov = per_group(group, covered, n)
    return Table({"id": [ids[i] for i in rows], "name": [names[i] for i in rows],
                  "entities": [int(entities[i]) for i in rows],
                  "covered": [int(cov[i]) for i in rows],
                  "coverage_rate": [int(cov[i]) / int(entities[i]) for i in rows],
                  "organisations": [int(organisations[i]) for i in rows],
                  "members": [int(members[i]) for i in rows]})


@ANSWERS("report_by")
def report_by(G: Graph, by: str, region: str | None, types: list[str] | None,
              as_of: _dt.date) -> Table:
    scope_types = list(types) if types is not None else None
    f = _Figures(G, by, region, scope_types)
    f.details()
    r = f.rows

    def col(values: np.ndarray) -> list[int]:
        return values[r].tolist()

    org_life = f.org_life(as_of)
    return Table({
        **f.names(), "entities": col(f.entities),
        **{t: col(v) for t, v in f.per_type.items()},
        "covered_entities": col(f.covered), "coverage_rate": f.rate(),
        "covered_industries": col(f.covered_industries),
        "organisations": col(f.organisations), "branches": col(f.branches),
        "organisation_members": col(f.organisation_members), "members": col(f.members),
        **{k: col(v) for k, v in f.flags.items()}, "found": col(f.found),
        "org_life": col(org_life), "floating_pocket_or_hidden": col(f.unrevealed),
        **{k: col(v) for k, v in f.stations.items()}, "instructors": col(f.instructors),
    })

"""Breakdowns: coverage per region, type or industry, and the report per region.

* :func:`coverage` -- one row per region of a level, per entity type or per industry;
* :func:`report_by` -- the report's figures for every region of a level, one row each.

A region row holds what :func:`graphmodel.report` gives for that region: entities
count in the region of the level they lie in (an entity located directly in a county
counts for that county under ``county`` and for no town under ``town``), and the
rows are the regions of that level inside ``region``. Both are computed for every
group at once (a count per group, not a report per region), so a province's towns
answer as fast as one report.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

import numpy as np

from .arguments import ENTITY_TYPES, ORG_LIFE_WINDOW_DAYS
from .catalogue import AS_OF, REGION, TYPES, Column, Parameter, question
from .graph import Graph
from .queries import _has_edge, ancestor_at, region_subtree, staff_counts
from .reference import REGION_LEVELS
from .schema import OrganisationLevel, StationKind
from .table import Table

__all__ = ["coverage", "report_by"]

_GROUPS = (*REGION_LEVELS[1:], "type", "industry")


def _region_groups(G: Graph, level: str, region: str | None) -> np.ndarray:
    """For every region, the row of the region of ``level`` it lies in, when that
    region is inside ``region``'s subtree; else -1."""
    group = ancestor_at(G, level)
    scope = region_subtree(G, region)
    return np.where((group >= 0) & scope[np.maximum(group, 0)], group, -1)


def _group_rows(G: Graph, groups: np.ndarray) -> np.ndarray:
    """The regions some region belongs to (``groups`` >= 0), sorted by id."""
    present = np.unique(groups[groups >= 0])
    return present[np.argsort(G.ids("region")[present], kind="stable")]


def _group_of(G: Graph, kind: str, groups: np.ndarray) -> np.ndarray:
    """The group of every row of ``kind``, by the region it is located in."""
    where = G.column(kind, "region_id")
    if not len(groups):
        return np.full(len(where), -1)
    return np.where(where >= 0, groups[np.maximum(where, 0)], -1)


def _per_group(group: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(group[mask & (group >= 0)], minlength=n)


def _distinct_per_group(group: np.ndarray, other: np.ndarray, n: int) -> np.ndarray:
    """How many distinct ``other`` values each group has (pairs with group -1 dropped)."""
    keep = (group >= 0) & (other >= 0)
    if not keep.any():
        return np.zeros(n, dtype=np.int64)
    # One number per pair (group, other), so that unique sorts one flat array.
    width = int(other[keep].max()) + 1
    pairs = np.unique(group[keep].astype(np.int64) * width + other[keep])
    return np.bincount(pairs // width, minlength=n)


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
        groups = _region_groups(G, level, region)
        self.rows = _group_rows(G, groups)
        ent = self.entity_group = _group_of(G, "entity", groups)
        in_scope = self.in_scope = _entity_scope(G, types) & (ent >= 0)
        self.entities = _per_group(ent, in_scope, n)
        covered = self.covered_mask = _has_edge(G.count("entity"), G.array("coverage/target"))
        self.covered = _per_group(ent, in_scope & covered, n)

        org = _group_of(G, "organisation", groups)
        if types is not None:  # only organisations covering an in-scope entity of their group
            src, dst = G.array("coverage/source"), G.array("coverage/target")
            ok = in_scope[dst] & (org[src] == ent[dst])
            org = np.where(_has_edge(len(org), src[ok]), org, -1)
        self.organisation_group = org
        self.organisations = _per_group(org, np.ones(len(org), dtype=bool), n)

        if types is None:
            member = _group_of(G, "member", groups)
        else:  # the members employed by in-scope entities
            employer = G.column("member", "employer_id")
            member = np.where(employer >= 0, np.where(in_scope, ent, -1)[np.maximum(employer, 0)],
                              -1) if len(employer) else np.zeros(0, dtype=np.int64)
        self.member_group = member
        self.members = _per_group(member, np.ones(len(member), dtype=bool), n)
        self.groups = groups

    def details(self) -> None:
        """The other figures of the report, per region (what ``report_by`` adds)."""
        G, n, ent, in_scope, member = (self.G, self.n, self.entity_group, self.in_scope,
                                       self.member_group)
        entity_type = G.column("entity", "type")
        self.per_type = {t: _per_group(ent, in_scope & (entity_type == t), n)
                         for t in ENTITY_TYPES}
        cov = in_scope & self.covered_mask
        industry = G.column("entity", "industry_id")
        self.covered_industries = _distinct_per_group(ent[cov], industry[cov], n)
        org = self.organisation_group
        branch = G.column("organisation", "level") == OrganisationLevel.branch.value
        self.branches = _per_group(org, branch, n)
        m_src, m_dst = G.array("memberships/source"), G.array("memberships/target")
        self.organisation_members = _distinct_per_group(org[m_dst], m_src, n)
        groups = self.groups
        self.flags = {f: _per_group(member, G.column("member", f), n)
                      for f in ("floating", "pocket", "hidden", "lost_contact")}
        self.found = _per_group(member, G.column("member", "found_via") != "", n)
        self.unrevealed = _per_group(member, G.column("member", "floating")
                                     | G.column("member", "pocket")
                                     | G.column("member", "hidden"), n)
        stations = _group_of(G, "station", groups)
        kind = G.column("station", "kind")
        self.stations = {k.value: _per_group(stations, kind == k.value, n) for k in StationKind}
        agency = _group_of(G, "agency", groups)
        agency_of = G.column("instructor", "agency_id")
        inst = np.where(agency_of >= 0, agency[np.maximum(agency_of, 0)], -1) \
            if len(agency) else np.full(len(agency_of), -1)
        self.instructors = _per_group(inst, np.ones(len(inst), dtype=bool), n)

    def org_life(self, as_of: _dt.date) -> np.ndarray:
        last = self.G.column("member", "last_org_life")
        end = np.datetime64(as_of, "D")
        recent = (last > end - np.timedelta64(ORG_LIFE_WINDOW_DAYS, "D")) & (last <= end)
        return _per_group(self.member_group, recent, self.n)

    def rate(self) -> list[float | None]:
        rows = self.rows
        return [c / e if e else None for c, e in zip(self.covered[rows].tolist(),
                                                     self.entities[rows].tolist())]

    def names(self) -> dict[str, list[Any]]:
        return {"id": self.G.ids("region")[self.rows].tolist(),
                "name": self.G.column("region", "name")[self.rows].tolist()}


_COVERAGE_COLUMNS = (
    Column("id", "the region's id, the entity type, or the industry's id"),
    Column("name", "its name (the type itself for a type)"),
    Column("entities", "entities in scope in the group"),
    Column("covered", "those covered by an organisation"),
    Column("coverage_rate", "covered / entities"),
    Column("organisations", "for a region: organisations located in it (with types: those "
           "covering one of its entities in scope); for a type or industry: organisations "
           "covering one of its entities"),
    Column("members", "for a region: members located in it (with types: those employed by "
           "its entities in scope); for a type or industry: members employed by its entities"),
)


def _coverage_total(rows: Table) -> dict[str, Any]:
    """The total row a table of coverage prints under its rows (an organisation that
    covers entities of two groups counts in both)."""
    sums = {c: sum(rows.columns[c]) for c in ("entities", "covered", "organisations", "members")}
    return {"id": "total", "name": None, **sums,
            "coverage_rate": sums["covered"] / sums["entities"] if sums["entities"] else None}


@question(
    "coverage", "Coverage per region of a level, per entity type or per industry.",
    (Parameter("by", "choice", "Group by: city, county, town, type or industry.",
               default="county", choices=_GROUPS), REGION, TYPES),
    _COVERAGE_COLUMNS, cypher="coverage", noun="groups", command=("query", "coverage"),
    total=lambda rows: _coverage_total(rows))
def coverage(G: Graph, by: str = "county", region: str | None = None,
             types: str | Iterable[str] | None = None) -> Table:
    """
    Rows exist only for groups with at least one entity in scope, sorted by id.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["name"], r["entities"], r["covered"]) for r in coverage(G, by="county")]
    [('定安县', 5, 2), ('吉阳区', 5, 4)]
    >>> [(r["id"], r["entities"]) for r in coverage(G, by="type")][:2]
    [('enterprise', 1), ('individual', 4)]
    """
    scope_types = list(types) if types is not None else None
    if by in REGION_LEVELS:
        f = _Figures(G, by, region, scope_types)
        keep = f.entities[f.rows] > 0
        f.rows = f.rows[keep]
        return Table({**f.names(), "entities": f.entities[f.rows].tolist(),
                      "covered": f.covered[f.rows].tolist(), "coverage_rate": f.rate(),
                      "organisations": f.organisations[f.rows].tolist(),
                      "members": f.members[f.rows].tolist()})
    return _by_attribute(G, by, region, scope_types)


def _by_attribute(G: Graph, by: str, region: str | None, types: list[str] | None) -> Table:
    """Coverage per entity type or per industry."""
    where = G.column("entity", "region_id")
    scope = region_subtree(G, region)
    in_scope = _entity_scope(G, types) & (where >= 0) & scope[np.maximum(where, 0)] \
        if G.count("region") else np.zeros(G.count("entity"), dtype=bool)
    if by == "type":
        labels, group = np.unique(G.column("entity", "type"), return_inverse=True)
        ids = names = labels.tolist()
    else:
        group = G.column("entity", "industry_id")
        labels = G.ids("industry")
        ids, names = labels.tolist(), G.column("industry", "name").tolist()
    group = np.where(in_scope, group, -1)
    n = len(labels)
    covered = _has_edge(G.count("entity"), G.array("coverage/target"))
    entities = _per_group(group, in_scope, n)
    src, dst = G.array("coverage/source"), G.array("coverage/target")
    organisations = _distinct_per_group(group[dst], src, n)
    members = np.bincount(group[group >= 0], weights=staff_counts(G)[group >= 0],
                          minlength=n).astype(np.int64)
    rows = sorted((i for i in range(n) if entities[i] > 0), key=lambda i: ids[i])
    cov = _per_group(group, covered, n)
    return Table({"id": [ids[i] for i in rows], "name": [names[i] for i in rows],
                  "entities": [int(entities[i]) for i in rows],
                  "covered": [int(cov[i]) for i in rows],
                  "coverage_rate": [int(cov[i]) / int(entities[i]) for i in rows],
                  "organisations": [int(organisations[i]) for i in rows],
                  "members": [int(members[i]) for i in rows]})


_REPORT_COLUMNS = (
    Column("id", "the region's id"), Column("name", "its name"),
    Column("entities", "entities located in it (of the types, if given)"),
    *(Column(t, f"{t} entities") for t in ENTITY_TYPES),
    Column("covered_entities", "those covered by an organisation"),
    Column("coverage_rate", "covered_entities / entities"),
    Column("covered_industries", "distinct industries of the covered entities"),
    Column("organisations", "organisations located in it (with types: covering one of its "
           "entities in scope)"),
    Column("branches", "those that are branches"),
    Column("organisation_members", "distinct members with MEMBER_OF to those organisations"),
    Column("members", "members located in it (with types: employed by its entities in scope)"),
    Column("floating", "floating members"), Column("pocket", "pocket members"),
    Column("hidden", "hidden members"), Column("lost_contact", "members who lost contact"),
    Column("found", "members found through a channel"),
    Column("org_life", "members with organisational life in the 183 days up to as_of"),
    Column("floating_pocket_or_hidden", "members with any of those three flags"),
    *(Column(k.value, f"{k.value} stations located in it") for k in StationKind),
    Column("instructors", "instructors of agencies located in it"),
)


def _report_by_on_neo4j(db: Any, by: str, region: str | None, types: list[str] | None,
                        as_of: _dt.date) -> Table:
    """The Neo4j answer: the report's files, once per region of the level, two
    regions at a time (each query runs on one server thread; two keep two busy)."""
    from concurrent.futures import ThreadPoolExecutor

    from .neo4j.source import report_figures
    from .reference import regions

    places = list(regions(db, under=region, level=by))
    with ThreadPoolExecutor(max_workers=2) as pool:
        figures = pool.map(lambda r: report_figures(db, r["id"], types, as_of), places)
        rows = [{"id": r["id"], "name": r["name"], **_flat(f)} for r, f in zip(places, figures)]
    return Table.from_rows(rows, [c.name for c in _REPORT_COLUMNS])


def _flat(figures: dict) -> dict[str, Any]:
    """One report's figures as a :func:`report_by` row (less the id and name)."""
    return {"entities": figures["entities"]["total"],
            **{t: figures["entities"][t] for t in ENTITY_TYPES},
            "covered_entities": figures["covered_entities"],
            "coverage_rate": figures["coverage_rate"],
            "covered_industries": figures["covered_industries"],
            "organisations": figures["organisations"]["total"],
            "branches": figures["organisations"]["branches"],
            "organisation_members": figures["organisations"]["members"],
            "members": figures["members"]["total"],
            **{k: v for k, v in figures["members"].items() if k not in ("total", "ethnicity")},
            **figures["stations"], "instructors": figures["instructors"]}


@question(
    "report_by", "The report's figures for every region of a level, one row each.",
    (Parameter("by", "choice", "The level: city, county or town.", default="county",
               choices=REGION_LEVELS[1:]), REGION, TYPES, AS_OF),
    _REPORT_COLUMNS, cypher="report/*", noun="regions", command=("report", "--by"),
    neo4j=_report_by_on_neo4j)
def report_by(G: Graph, by: str = "county", region: str | None = None,
              types: str | Iterable[str] | None = None,
              as_of: _dt.date | str | None = None) -> Table:
    """
    Each row equals :func:`graphmodel.report` for that region (without the ethnicity
    counts); the regions are those of the level inside ``region``.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["name"], r["entities"], r["members"]) for r in report_by(G, by="county")]
    [('定安县', 5, 8), ('吉阳区', 5, 4)]
    """
    assert isinstance(as_of, _dt.date)  # the catalogue resolved it
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

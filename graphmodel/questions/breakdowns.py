"""Breakdowns: coverage per group, and the report per region.

* :func:`coverage` -- one row per group: a region of a level, an entity type, an
  industry, a market (every :data:`GROUPS` entry);
* :func:`report_by` -- the report's figures for every region of a level, one row each.

A group is declared once, in :data:`GROUPS`, and every backend answers for any of
them: a region level counts entities in the region of that level they lie in (an
entity located directly in a county counts for that county under ``county`` and for
no town under ``town``); any other group is an entity column, a plain one (``type``)
or a reference (``industry_id``, ``market_id``) whose target names the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import UnknownName
from ..model.schema import StationKind
from ..model.table import Table
from .arguments import ENTITY_TYPES
from .asking import question
from .catalogue import AS_OF, REGION, TYPES, Column, Parameter
from .reference import REGION_LEVELS

__all__ = ["coverage", "report_by", "Group", "GROUPS", "group", "COVERAGE_COLUMNS",
           "REPORT_COLUMNS", "coverage_total"]


@dataclass(frozen=True)
class Group:
    """One way to group entities in a breakdown: a region ``level``, or else an entity
    ``column`` (a reference column names its group by the row it points to)."""

    name: str
    help: str
    level: str | None = None
    column: str | None = None


#: Every group a breakdown takes: a new one is one entry here.
GROUPS: tuple[Group, ...] = (
    *(Group(level, f"the regions of level {level}", level=level) for level in REGION_LEVELS[1:]),
    Group("type", "the entity type", column="type"),
    Group("industry", "the industry (IN_INDUSTRY)", column="industry_id"),
    Group("market", "the professional market the entity trades in (TRADES_IN)",
          column="market_id"),
)


def group(name: str) -> Group:
    """The group called ``name``.

    >>> group("market").column
    'market_id'
    """
    found = next((g for g in GROUPS if g.name == name), None)
    if found is None:
        raise UnknownName(f"no group {name!r} (groups: {', '.join(g.name for g in GROUPS)})")
    return found


COVERAGE_COLUMNS = (
    Column("id", "the group's id: the region's, the entity type, the industry's, the market's"),
    Column("name", "its name (the type itself for a type)"),
    Column("entities", "entities in scope in the group"),
    Column("covered", "those covered by an organisation"),
    Column("coverage_rate", "covered / entities"),
    Column("organisations", "for a region: organisations located in it (with types: those "
           "covering one of its entities in scope); for any other group: organisations "
           "covering one of its entities"),
    Column("members", "for a region: members located in it (with types: those employed by "
           "its entities in scope); for any other group: members employed by its entities"),
)


def coverage_total(rows: Table) -> dict[str, Any]:
    """The total row a table of coverage prints under its rows (an organisation that
    covers entities of two groups counts in both)."""
    sums = {c: sum(rows.columns[c]) for c in ("entities", "covered", "organisations", "members")}
    return {"id": "total", "name": None, **sums,
            "coverage_rate": sums["covered"] / sums["entities"] if sums["entities"] else None}


coverage = question(
    "coverage", "Coverage per region of a level, entity type, industry or market.",
    (Parameter("by", "choice", "Group by: " + ", ".join(g.name for g in GROUPS) + ".",
               default="county", choices=tuple(g.name for g in GROUPS)), REGION, TYPES),
    COVERAGE_COLUMNS, cypher="coverage", noun="groups", command=("query", "coverage"),
    total=coverage_total,
    doc="""
    Rows exist only for groups with at least one entity in scope, sorted by id.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["name"], r["entities"], r["covered"]) for r in coverage(G, by="county")]
    [('定安县', 5, 2), ('吉阳区', 5, 4)]
    >>> [(r["id"], r["entities"]) for r in coverage(G, by="type")][:2]
    [('enterprise', 1), ('individual', 4)]
    """)


REPORT_COLUMNS = (
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


report_by = question(
    "report_by", "The report's figures for every region of a level, one row each.",
    (Parameter("by", "choice", "The level: city, county or town.", default="county",
               choices=tuple(g.name for g in GROUPS if g.level)), REGION, TYPES, AS_OF),
    REPORT_COLUMNS, cypher="report/*", noun="regions", command=("report", "--by"),
    doc="""
    Each row equals :func:`graphmodel.report` for that region (without the ethnicity
    counts); the regions are those of the level inside ``region``.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["name"], r["entities"], r["members"]) for r in report_by(G, by="county")]
    [('定安县', 5, 8), ('吉阳区', 5, 4)]
    """)


__test__ = {"coverage": coverage, "report_by": report_by}

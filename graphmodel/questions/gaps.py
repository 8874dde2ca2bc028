"""The gap questions: who and what the organisation network misses, and the report.

* :func:`uncovered` -- market entities no party organisation covers;
* :func:`isolated` -- members the organisation network cannot reach;
* :func:`report` -- coverage and member figures for a region subtree and entity types.
"""

from __future__ import annotations

from .asking import question
from .catalogue import AS_OF, REGION, TYPES, Column, Parameter

__all__ = ["uncovered", "isolated", "report"]


uncovered = question(
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
    cypher="uncovered", noun="uncovered entities", command=("query", "uncovered"),
    doc="""
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["members"]) for r in uncovered(G, region="定安县")]
    [('E02', 2), ('E03', 1), ('E09', 0)]
    >>> [r["id"] for r in uncovered(G, types="individual,market")]
    ['E03', 'E07']
    """)


isolated = question(
    "isolated", "Members the organisation network cannot reach (lost contact, or unattached).",
    (REGION,),
    (Column("id", "the member's id"), Column("name", "their name"),
     Column("region_id", "the region they are located in"),
     Column("region_name", "that region's name"),
     Column("employer_id", "the entity employing them"), Column("employer_name", "its name"),
     Column("reasons", "lost_contact (the flag is set) and/or unattached (no MEMBER_OF to an "
            "organisation and no REGISTERED_AT to a station)")),
    cypher="isolated", noun="isolated members", command=("query", "isolated"),
    doc="""
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["reasons"]) for r in isolated(G, region="R-SY")]
    [('P09', ['lost_contact', 'unattached'])]
    """)


report = question("report", "Coverage and member figures for a region subtree and entity types.",
          (REGION, TYPES, AS_OF), cypher="report/*",
          command=("report",),
    doc="""
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
    """)


__test__ = {"uncovered": uncovered, "isolated": isolated, "report": report}

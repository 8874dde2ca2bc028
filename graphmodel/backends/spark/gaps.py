"""The gap questions on Spark: uncovered, isolated and the report's figures."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ...questions.arguments import ENTITY_TYPES, ORG_LIFE_WINDOW_DAYS
from ...questions.figures import assemble_report
from ...model.schema import OrganisationLevel, StationKind
from ...model.table import Table
from .registry import ANSWERS
from .common import collect, names, table, within

__all__ = ["uncovered", "isolated", "report", "staff"]

_UNCOVERED = ("id", "name", "type", "region_id", "region_name", "county_name", "industry_id",
              "industry_name", "market_id", "members")
_ISOLATED = ("id", "name", "region_id", "region_name", "employer_id", "employer_name", "reasons")
_FLAGS = ("floating", "pocket", "hidden", "lost_contact")


def staff(ds: Any) -> Any:
    """Members employed by each entity: ``id`` (the entity's), ``members``."""
    from pyspark.sql import functions as F

    return (ds.table("member").filter(F.col("employer_id").isNotNull())
            .groupBy(F.col("employer_id").alias("id")).agg(F.count("*").alias("members")))


@ANSWERS("uncovered")
def uncovered(ds: Any, region: str | None, types: list[str] | None, industry: str | None,
              min_members: int) -> Table:
    from pyspark.sql import functions as F

    covered = ds.table("coverage").select(F.col("entity_id").alias("id"))
    entities = within(ds, ds.table("entity").join(covered, "id", "left_anti"), region)
    if types is not None:
        entities = entities.filter(F.col("type").isin(list(types)))
    if industry is not None:
        entities = entities.filter(F.col("industry_id") == industry)
    entities = entities.join(staff(ds), "id", "left").fillna(0, subset=["members"])
    if min_members > 0:
        entities = entities.filter(F.col("members") >= min_members)
    rows = collect(entities, ["id", "name", "type", "region_id", "industry_id", "market_id",
                              "members"])
    regions, industries = names(ds, "region"), names(ds, "industry")
    county = {r["region_id"]: r["county_id"] for r in ds.tree.collect()}
    for r in rows:
        r["region_name"] = regions.get(r["region_id"])
        r["county_name"] = regions.get(county.get(r["region_id"]))  # type: ignore[arg-type]
        r["industry_name"] = industries.get(r["industry_id"])
        r["members"] = int(r["members"])
    return table(rows, _UNCOVERED)


@ANSWERS("isolated")
def isolated(ds: Any, region: str | None) -> Table:
    from pyspark.sql import functions as F

    attached = (ds.table("memberships").select(F.col("member_id").alias("id"))
                .union(ds.table("registrations").select(F.col("member_id").alias("id")))
                .distinct().withColumn("attached", F.lit(True)))
    members = within(ds, ds.table("member"), region).join(attached, "id", "left")
    members = members.filter(F.col("lost_contact") | F.col("attached").isNull())
    employers = ds.table("entity").select(F.col("id").alias("employer_id"),
                                          F.col("name").alias("employer_name"))
    members = members.join(employers, "employer_id", "left")
    rows = collect(members, ["id", "name", "region_id", "employer_id", "employer_name",
                             "lost_contact", "attached"])
    regions = names(ds, "region")
    for r in rows:
        r["region_name"] = regions.get(r["region_id"])
        r["reasons"] = [w for w, flag in (("lost_contact", r["lost_contact"]),
                                          ("unattached", r["attached"] is None)) if flag]
    return table(rows, _ISOLATED)


@ANSWERS("report")
def report(ds: Any, region: str | None, types: list[str] | None, as_of: _dt.date) -> dict:
    """The report's figures (see :func:`graphmodel.report`), each counted by one Spark
    aggregation over the scope."""
    from pyspark.sql import functions as F

    def count_if(condition: Any) -> Any:
        return F.sum(F.when(condition, 1).otherwise(0))

    scope_types = list(types) if types else None
    entities = within(ds, ds.table("entity"), region)
    if scope_types:
        entities = entities.filter(F.col("type").isin(scope_types))
    coverage = ds.table("coverage")
    covered = coverage.select(F.col("entity_id").alias("id")).distinct()
    counts = {r["type"]: int(r["n"]) for r in
              entities.groupBy("type").agg(F.count("*").alias("n")).collect()}
    [cov] = (entities.join(covered, "id", "left_semi")
             .agg(F.count("*").alias("covered"),
                  F.countDistinct("industry_id").alias("industries")).collect())

    organisations = within(ds, ds.table("organisation"), region)
    if scope_types:
        covering = coverage.join(entities.select(F.col("id").alias("entity_id")), "entity_id",
                                 "left_semi").select(F.col("organisation_id").alias("id"))
        organisations = organisations.join(covering, "id", "left_semi")
    [orgs] = organisations.agg(
        F.count("*").alias("total"),
        count_if(F.col("level") == OrganisationLevel.branch.value).alias("branches")).collect()
    org_members = (ds.table("memberships")
                   .join(organisations.select(F.col("id").alias("organisation_id")),
                         "organisation_id", "left_semi")
                   .select("member_id").distinct().count())

    if scope_types:
        members = ds.table("member").join(
            entities.select(F.col("id").alias("employer_id")), "employer_id", "left_semi")
    else:
        members = within(ds, ds.table("member"), region)
    start = as_of - _dt.timedelta(days=ORG_LIFE_WINDOW_DAYS)
    recent = (F.col("last_org_life") > F.lit(start)) & (F.col("last_org_life") <= F.lit(as_of))
    [m] = members.agg(
        F.count("*").alias("total"), *(count_if(F.col(f)).alias(f) for f in _FLAGS),
        F.count("found_via").alias("found"), count_if(recent).alias("org_life"),
        count_if(F.col("floating") | F.col("pocket") | F.col("hidden"))
        .alias("floating_pocket_or_hidden")).collect()
    ethnicity = {r["ethnicity"]: int(r["n"]) for r in
                 members.filter(F.col("ethnicity").isNotNull()).groupBy("ethnicity")
                 .agg(F.count("*").alias("n")).collect()}

    stations = {r["kind"]: int(r["n"]) for r in within(ds, ds.table("station"), region)
                .groupBy("kind").agg(F.count("*").alias("n")).collect()}
    agencies = within(ds, ds.table("agency"), region).select(F.col("id").alias("agency_id"))
    instructors = ds.table("instructor").join(agencies, "agency_id", "left_semi").count()

    region_name = None if region is None else names(ds, "region").get(region)
    return assemble_report(
        region, region_name, scope_types, as_of, {t: counts.get(t, 0) for t in ENTITY_TYPES},
        int(cov["covered"]), int(cov["industries"]),
        organisations={"total": int(orgs["total"]), "branches": int(orgs["branches"] or 0),
                       "members": int(org_members)},
        members={"total": int(m["total"]), **{f: int(m[f] or 0) for f in _FLAGS},
                 "found": int(m["found"]), "org_life": int(m["org_life"] or 0),
                 "floating_pocket_or_hidden": int(m["floating_pocket_or_hidden"] or 0),
                 "ethnicity": ethnicity},
        stations={k.value: stations.get(k.value, 0) for k in StationKind},
        instructors=int(instructors))

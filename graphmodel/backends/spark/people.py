"""People and places on Spark: members, stations per region, the station list,
instructors and organisations."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ...questions.arguments import ORG_LIFE_WINDOW_DAYS
from ...questions.catalogue import get
from ...model.schema import StationKind
from ...model.table import Table
from .breakdowns import per_group, region_groups
from .registry import ANSWERS
from .common import collect, names, table, within

__all__ = ["members", "stations", "station_list", "instructors", "organisations"]

_FLAGS = ("floating", "pocket", "hidden", "lost_contact")


def _columns(question: str) -> tuple[str, ...]:
    return get(question).column_names


def _linked(frame: Any, key: str, other: str) -> dict[str, list[str]]:
    """``key`` -> the sorted distinct ``other`` ids of its rows in ``frame``."""
    from pyspark.sql import functions as F

    return {r[key]: sorted(r["ids"]) for r in
            frame.groupBy(key).agg(F.collect_set(other).alias("ids")).collect()}


def _distinct(frame: Any, key: str, other: str) -> dict[str, int]:
    from pyspark.sql import functions as F

    return {r[key]: int(r["n"]) for r in
            frame.groupBy(key).agg(F.countDistinct(other).alias("n")).collect()}


@ANSWERS("members")
def members(ds: Any, region: str | None, floating: bool, pocket: bool, hidden: bool,
            lost_contact: bool, unattached: bool, no_org_life: bool, found_via: str | None,
            employer_types: list[str] | None, as_of: _dt.date) -> Table:
    from pyspark.sql import functions as F

    m = within(ds, ds.table("member"), region)
    for flag, wanted in zip(_FLAGS, (floating, pocket, hidden, lost_contact)):
        if wanted:
            m = m.filter(F.col(flag))
    if unattached:
        attached = (ds.table("memberships").select(F.col("member_id").alias("id"))
                    .union(ds.table("registrations").select(F.col("member_id").alias("id"))))
        m = m.join(attached, "id", "left_anti")
    if no_org_life:
        start = as_of - _dt.timedelta(days=ORG_LIFE_WINDOW_DAYS)
        recent = (F.col("last_org_life") > F.lit(start)) & (F.col("last_org_life") <= F.lit(as_of))
        m = m.filter(~F.coalesce(recent, F.lit(False)))
    if found_via is not None:
        m = m.filter(F.col("found_via") == found_via)
    if employer_types is not None:
        of_type = ds.table("entity").filter(F.col("type").isin(list(employer_types)))
        m = m.join(of_type.select(F.col("id").alias("employer_id")), "employer_id", "left_semi")
    employers = ds.table("entity").select(F.col("id").alias("employer_id"),
                                          F.col("name").alias("employer_name"))
    m = m.join(employers, "employer_id", "left")
    rows = collect(m, ["id", "name", "region_id", "employer_id", "employer_name", *_FLAGS,
                       "found_via", "last_org_life"])
    chosen = m.select(F.col("id").alias("member_id"))
    orgs = _linked(ds.table("memberships").join(chosen, "member_id", "left_semi"),
                   "member_id", "organisation_id")
    places = _linked(ds.table("registrations").join(chosen, "member_id", "left_semi"),
                     "member_id", "station_id")
    regions = names(ds, "region")
    for r in rows:
        r["region_name"] = regions.get(r["region_id"])
        day = r["last_org_life"]
        r["last_org_life"] = day.isoformat() if day is not None else None
        r["organisations"] = orgs.get(r["id"], [])
        r["registered_at"] = places.get(r["id"], [])
    return table(rows, _columns("members"))


@ANSWERS("stations")
def stations(ds: Any, by: str, region: str | None) -> Table:
    from pyspark.sql import functions as F

    groups = region_groups(ds, by, region)
    present = sorted({r["grp"] for r in groups.select("grp").distinct().collect()})
    placed = ds.table("station").join(groups, "region_id")
    per = per_group(placed, F.count("*").alias("stations"),
                     *(F.sum(F.when(F.col("kind") == k.value, 1).otherwise(0)).alias(k.value)
                       for k in StationKind))
    registered = _distinct(ds.table("registrations").join(
        placed.select(F.col("id").alias("station_id"), "grp"), "station_id"), "grp", "member_id")
    floating = per_group(ds.table("member").filter(F.col("floating")).join(groups, "region_id"),
                          F.count("*").alias("n"))
    label = names(ds, "region")
    rows = [{"id": g, "name": label.get(g),
             "stations": int(per[g]["stations"]) if g in per else 0,
             **{k.value: int(per[g][k.value]) if g in per else 0 for k in StationKind},
             "registered_members": registered.get(g, 0),
             "floating_members": int(floating[g]["n"]) if g in floating else 0}
            for g in present]
    return table(rows, _columns("stations"))


@ANSWERS("station_list")
def station_list(ds: Any, region: str | None, kind: str | None) -> Table:
    from pyspark.sql import functions as F

    s = within(ds, ds.table("station"), region)
    if kind is not None:
        s = s.filter(F.col("kind") == kind)
    rows = collect(s, ["id", "name", "kind", "region_id", "agency_id"])
    registered = _distinct(ds.table("registrations"), "station_id", "member_id")
    regions, agencies = names(ds, "region"), names(ds, "agency")
    for r in rows:
        r["region_name"] = regions.get(r["region_id"])
        r["agency_name"] = agencies.get(r["agency_id"])
        r["registered_members"] = registered.get(r["id"], 0)
    return table(rows, _columns("station_list"))


@ANSWERS("instructors")
def instructors(ds: Any, region: str | None) -> Table:
    from pyspark.sql import functions as F

    agencies = ds.table("agency").select(F.col("id").alias("agency_id"),
                                         F.col("name").alias("agency_name"), "region_id")
    i = ds.table("instructor").join(agencies, "agency_id", "left")
    if region is not None:
        i = within(ds, i, region)
    rows = collect(i, ["id", "name", "agency_id", "agency_name", "region_id"])
    guided = _linked(ds.table("guidance"), "instructor_id", "organisation_id")
    regions = names(ds, "region")
    for r in rows:
        r["region_name"] = regions.get(r["region_id"])
        r["organisations"] = guided.get(r["id"], [])
        r["organisations_guided"] = len(r["organisations"])
    return table(rows, _columns("instructors"))


@ANSWERS("organisations")
def organisations(ds: Any, region: str | None, level: str | None) -> Table:
    from pyspark.sql import functions as F

    o = within(ds, ds.table("organisation"), region)
    if level is not None:
        o = o.filter(F.col("level") == level)
    rows = collect(o, ["id", "name", "level", "region_id"])
    chosen = o.select(F.col("id").alias("organisation_id"))
    coverage = ds.table("coverage").join(chosen, "organisation_id", "left_semi")
    covered = _distinct(coverage, "organisation_id", "entity_id")
    members_n = _distinct(ds.table("memberships").join(chosen, "organisation_id", "left_semi"),
                          "organisation_id", "member_id")
    guides = _distinct(ds.table("guidance").join(chosen, "organisation_id", "left_semi"),
                       "organisation_id", "instructor_id")
    industries = _linked(coverage.join(ds.table("entity").select(
        F.col("id").alias("entity_id"), "industry_id"), "entity_id")
        .filter(F.col("industry_id").isNotNull()), "organisation_id", "industry_id")
    regions = names(ds, "region")
    for r in rows:
        r["region_name"] = regions.get(r["region_id"])
        r["covered_entities"] = covered.get(r["id"], 0)
        r["members"] = members_n.get(r["id"], 0)
        r["instructors"] = guides.get(r["id"], 0)
        r["industries"] = industries.get(r["id"], [])
    return table(rows, _columns("organisations"))

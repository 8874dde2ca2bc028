"""Coverage per region of a level, per entity type or per industry, on Spark."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ...questions.arguments import ENTITY_TYPES, ORG_LIFE_WINDOW_DAYS
from ...questions.breakdowns import REPORT_COLUMNS, Group, group
from ...model.schema import OrganisationLevel, StationKind, reference_columns
from ...model.table import Table
from .registry import ANSWERS
from .common import names, table, within
from .gaps import staff

__all__ = ["coverage", "report_by", "region_groups", "per_group"]

_REPORT_COLUMNS = tuple(c.name for c in REPORT_COLUMNS)
_FLAGS = ("floating", "pocket", "hidden", "lost_contact")
_COLUMNS = ("id", "name", "entities", "covered", "coverage_rate", "organisations", "members")


def region_groups(ds: Any, level: str, region: str | None) -> Any:
    """``region_id`` -> ``grp``: the region of ``level`` each region lies in, when that
    one is inside ``region``'s subtree (worked out on the driver from the small tree,
    then broadcast)."""
    from pyspark.sql import functions as F

    tree = ds.tree.collect()
    inside = {t["region_id"] for t in tree if region is None or region in t["ancestors"]}
    pairs = [(t["region_id"], t[f"{level}_id"]) for t in tree
             if t[f"{level}_id"] is not None and t[f"{level}_id"] in inside]
    schema = "region_id string, grp string"
    return F.broadcast(ds.spark.createDataFrame(pairs, schema))


@ANSWERS("coverage")
def coverage(ds: Any, by: str, region: str | None, types: list[str] | None) -> Table:
    from pyspark.sql import functions as F

    covered = ds.table("coverage").select(F.col("entity_id").alias("id")).distinct() \
        .withColumn("is_covered", F.lit(1))
    grouping = group(by)
    if grouping.level is not None:
        groups = region_groups(ds, grouping.level, region)
        entities = ds.table("entity").join(groups, "region_id")
    else:
        entities = within(ds, ds.table("entity"), region).withColumn(
            "grp", F.col(str(grouping.column))).filter(F.col("grp").isNotNull())
    if types is not None:
        entities = entities.filter(F.col("type").isin(list(types)))
    entities = entities.join(covered, "id", "left")
    counts = {r["grp"]: (int(r["entities"]), int(r["covered"])) for r in entities.groupBy("grp")
              .agg(F.count("*").alias("entities"),
                   F.count("is_covered").alias("covered")).collect()}
    scoped = entities.select(F.col("id").alias("entity_id"), F.col("grp").alias("egrp"))
    edges = ds.table("coverage").join(scoped, "entity_id")
    if grouping.level is not None:
        organisations = _scoped_organisations(ds, groups, scoped, types) \
            .groupBy("grp").agg(F.count("*").alias("n"))
        people = _scoped_members(ds, groups, scoped, types) \
            .groupBy("grp").agg(F.count("*").alias("n"))
    else:
        organisations = edges.groupBy(F.col("egrp").alias("grp")).agg(
            F.countDistinct("organisation_id").alias("n"))
        people = scoped.join(staff(ds).withColumnRenamed("id", "entity_id"), "entity_id") \
            .groupBy(F.col("egrp").alias("grp")).agg(F.sum("members").alias("n"))
    org_n = {r["grp"]: int(r["n"]) for r in organisations.collect()}
    member_n = {r["grp"]: int(r["n"]) for r in people.collect()}
    label = _group_names(ds, grouping, list(counts))
    rows = [{"id": g, "name": label.get(g), "entities": e, "covered": c,
             "coverage_rate": c / e, "organisations": org_n.get(g, 0),
             "members": member_n.get(g, 0)}
            for g, (e, c) in counts.items() if e > 0]
    return table(rows, _COLUMNS)


def _group_names(ds: Any, grouping: Group, ids: list[str]) -> dict[str, str | None]:
    """Id -> name of the groups ``ids``: a region's, the row a reference column points
    to (only those rows are read), or a plain column's value itself."""
    from pyspark.sql import functions as F

    if grouping.level is not None:
        return names(ds, "region")
    edge = reference_columns("entity").get(str(grouping.column))
    if edge is None:
        return {g: g for g in ids}
    rows = ds.table(edge.target.kind).filter(F.col("id").isin(ids)).select("id", "name")
    return {r["id"]: r["name"] for r in rows.collect()}


def _scoped_organisations(ds: Any, groups: Any, scoped: Any, types: list[str] | None) -> Any:
    """Organisations with their region's group (``grp``); with ``types``, only those
    covering an in-scope entity (``scoped``: ``entity_id``, ``egrp``) of their group."""
    from pyspark.sql import functions as F

    orgs = ds.table("organisation").join(groups, "region_id")
    if types is None:
        return orgs
    ok = ds.table("coverage").join(scoped, "entity_id").select(
        F.col("organisation_id").alias("id"), F.col("egrp").alias("grp"))
    return orgs.join(ok, ["id", "grp"], "left_semi")


def _scoped_members(ds: Any, groups: Any, scoped: Any, types: list[str] | None) -> Any:
    """Members with a group (``grp``): their region's, or with ``types`` their in-scope
    employer's."""
    from pyspark.sql import functions as F

    if types is None:
        return ds.table("member").join(groups, "region_id")
    return ds.table("member").join(
        scoped.select(F.col("entity_id").alias("employer_id"), F.col("egrp").alias("grp")),
        "employer_id")


def per_group(frame: Any, *aggregates: Any) -> dict[str, Any]:
    """One Spark aggregation per group: ``grp`` -> the row of ``aggregates``."""
    return {r["grp"]: r for r in frame.groupBy("grp").agg(*aggregates).collect()}


@ANSWERS("report_by")
def report_by(ds: Any, by: str, region: str | None, types: list[str] | None,
              as_of: _dt.date) -> Table:
    """The report's figures per region of level ``by`` (see :func:`graphmodel.report_by`),
    each figure counted for every region at once by a grouped aggregation."""
    from pyspark.sql import functions as F

    def count_if(condition: Any) -> Any:
        return F.sum(F.when(condition, 1).otherwise(0))

    groups = region_groups(ds, by, region)
    present = sorted({r["grp"] for r in groups.select("grp").distinct().collect()})
    covered = ds.table("coverage").select(F.col("entity_id").alias("id")).distinct() \
        .withColumn("is_covered", F.lit(True))
    entities = ds.table("entity").join(groups, "region_id")
    if types is not None:
        entities = entities.filter(F.col("type").isin(list(types)))
    entities = entities.join(covered, "id", "left")
    ent = per_group(
        entities, F.count("*").alias("entities"),
        *(count_if(F.col("type") == t).alias(t) for t in ENTITY_TYPES),
        F.count("is_covered").alias("covered"),
        F.countDistinct(F.when(F.col("is_covered"), F.col("industry_id"))).alias("industries"))

    scoped = entities.select(F.col("id").alias("entity_id"), F.col("grp").alias("egrp"))
    orgs = _scoped_organisations(ds, groups, scoped, types)
    org = per_group(orgs, F.count("*").alias("n"),
                     count_if(F.col("level") == OrganisationLevel.branch.value).alias("branches"))
    org_members = per_group(
        ds.table("memberships").join(orgs.select(F.col("id").alias("organisation_id"), "grp"),
                                     "organisation_id"),
        F.countDistinct("member_id").alias("n"))

    members = _scoped_members(ds, groups, scoped, types)
    start = as_of - _dt.timedelta(days=ORG_LIFE_WINDOW_DAYS)
    recent = (F.col("last_org_life") > F.lit(start)) & (F.col("last_org_life") <= F.lit(as_of))
    mem = per_group(
        members, F.count("*").alias("n"), *(count_if(F.col(f)).alias(f) for f in _FLAGS),
        F.count("found_via").alias("found"), count_if(recent).alias("org_life"),
        count_if(F.col("floating") | F.col("pocket") | F.col("hidden")).alias("fph"))
    sta = per_group(ds.table("station").join(groups, "region_id"),
                     *(count_if(F.col("kind") == k.value).alias(k.value) for k in StationKind))
    agencies = ds.table("agency").join(groups, "region_id").select(
        F.col("id").alias("agency_id"), "grp")
    ins = per_group(ds.table("instructor").join(agencies, "agency_id"), F.count("*").alias("n"))

    label = names(ds, "region")
    rows = []
    for g in present:
        e, o, m, s = ent.get(g), org.get(g), mem.get(g), sta.get(g)
        total = int(e["entities"]) if e else 0
        cov = int(e["covered"]) if e else 0
        rows.append({
            "id": g, "name": label.get(g), "entities": total,
            **{t: int(e[t]) if e else 0 for t in ENTITY_TYPES},
            "covered_entities": cov, "coverage_rate": cov / total if total else None,
            "covered_industries": int(e["industries"]) if e else 0,
            "organisations": int(o["n"]) if o else 0,
            "branches": int(o["branches"]) if o else 0,
            "organisation_members": int(org_members[g]["n"]) if g in org_members else 0,
            "members": int(m["n"]) if m else 0,
            **{f: int(m[f]) if m else 0 for f in _FLAGS},
            "found": int(m["found"]) if m else 0, "org_life": int(m["org_life"]) if m else 0,
            "floating_pocket_or_hidden": int(m["fph"]) if m else 0,
            **{k.value: int(s[k.value]) if s else 0 for k in StationKind},
            "instructors": int(ins[g]["n"]) if g in ins else 0})
    return table(rows, _REPORT_COLUMNS)

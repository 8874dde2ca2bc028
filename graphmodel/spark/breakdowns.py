"""Coverage per region of a level, per entity type or per industry, on Spark."""

from __future__ import annotations

from typing import Any

from ..reference import REGION_LEVELS
from ..table import Table
from .common import names, table, within
from .gaps import staff

__all__ = ["coverage"]

_COLUMNS = ("id", "name", "entities", "covered", "coverage_rate", "organisations", "members")


def _groups(ds: Any, level: str, region: str | None) -> Any:
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


def coverage(ds: Any, by: str, region: str | None, types: list[str] | None) -> Table:
    from pyspark.sql import functions as F

    covered = ds.table("coverage").select(F.col("entity_id").alias("id")).distinct() \
        .withColumn("is_covered", F.lit(1))
    if by in REGION_LEVELS:
        groups = _groups(ds, by, region)
        entities = ds.table("entity").join(groups, "region_id")
    else:
        entities = within(ds, ds.table("entity"), region).withColumn(
            "grp", F.col("type" if by == "type" else "industry_id")).filter(
            F.col("grp").isNotNull())
    if types is not None:
        entities = entities.filter(F.col("type").isin(list(types)))
    entities = entities.join(covered, "id", "left")
    counts = {r["grp"]: (int(r["entities"]), int(r["covered"])) for r in entities.groupBy("grp")
              .agg(F.count("*").alias("entities"),
                   F.count("is_covered").alias("covered")).collect()}
    scoped = entities.select(F.col("id").alias("entity_id"), F.col("grp").alias("egrp"))
    edges = ds.table("coverage").join(scoped, "entity_id")
    if by in REGION_LEVELS:
        orgs = ds.table("organisation").join(groups, "region_id")
        if types is not None:  # only those covering an in-scope entity of their group
            ok = edges.select(F.col("organisation_id").alias("id"), F.col("egrp").alias("grp"))
            orgs = orgs.join(ok, ["id", "grp"], "left_semi")
        organisations = orgs.groupBy("grp").agg(F.count("*").alias("n"))
        if types is None:
            members = ds.table("member").join(groups, "region_id")
        else:
            members = ds.table("member").join(
                scoped.select(F.col("entity_id").alias("employer_id"), F.col("egrp").alias("grp")),
                "employer_id")
        people = members.groupBy("grp").agg(F.count("*").alias("n"))
    else:
        organisations = edges.groupBy(F.col("egrp").alias("grp")).agg(
            F.countDistinct("organisation_id").alias("n"))
        people = scoped.join(staff(ds).withColumnRenamed("id", "entity_id"), "entity_id") \
            .groupBy(F.col("egrp").alias("grp")).agg(F.sum("members").alias("n"))
    org_n = {r["grp"]: int(r["n"]) for r in organisations.collect()}
    member_n = {r["grp"]: int(r["n"]) for r in people.collect()}
    label = names(ds, "region") if by in REGION_LEVELS else \
        names(ds, "industry") if by == "industry" else {g: g for g in counts}
    rows = [{"id": g, "name": label.get(g), "entities": e, "covered": c,
             "coverage_rate": c / e, "organisations": org_n.get(g, 0),
             "members": member_n.get(g, 0)}
            for g, (e, c) in counts.items() if e > 0]
    return table(rows, _COLUMNS)

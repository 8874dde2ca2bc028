"""The Neo4j backend's own answers: the questions its Cypher files do not answer in one
read. Every other question runs its file in ``cypher/queries`` (see
:meth:`~graphmodel.backends.neo4j.source.Neo4jDatabase.answer`)."""

from __future__ import annotations

import datetime as _dt
from concurrent.futures import ThreadPoolExecutor

from ...model.dates import ORG_LIFE_WINDOW_DAYS
from ...model.schema import node_kind
from ...model.table import Table
from ...questions.backend import Figures
from ...questions.breakdowns import REPORT_COLUMNS
from ...questions.figures import assemble_report, flat_report
from .registry import ANSWERS
from .source import Neo4jDatabase

__all__ = ["report_figures", "report", "report_by"]


def report_figures(db: Neo4jDatabase, region: str | None, types: list[str] | None,
                   as_of: _dt.date) -> Figures:
    """:func:`graphmodel.report`'s figures, counted by the ``report/`` query files."""
    params = {"region": region, "types": types or None}
    per_type = {r["type"]: r for r in db.read("report/entities", **params)}
    [orgs] = db.read("report/organisations", **params)
    [members] = db.read("report/members", **params, as_of=as_of,
                        window_start=as_of - _dt.timedelta(days=ORG_LIFE_WINDOW_DAYS))
    [places] = db.read("report/stations", region=region)
    [industries] = db.read("report/industries", **params)
    region_name = None
    if region is not None:
        found = db.run(f"MATCH (r:{node_kind('region').label} {{id: $id}}) RETURN r.name AS name",
                       id=region)
        region_name = found[0]["name"] if found else None
    return assemble_report(
        region, region_name, types, as_of, {t: r["entities"] for t, r in per_type.items()},
        sum(r["covered"] for r in per_type.values()), industries["covered_industries"],
        organisations={"total": orgs["organisations"], "branches": orgs["branches"],
                       "members": orgs["members"]},
        members={**members, "ethnicity": {e["ethnicity"]: e["members"]
                                          for e in members["ethnicity"]}},
        stations=places, instructors=places["instructors"])


@ANSWERS("report")
def report(db: Neo4jDatabase, region: str | None, types: list[str] | None,
           as_of: _dt.date) -> Figures:
    return report_figures(db, region, types, as_of)


@ANSWERS("report_by")
def report_by(db: Neo4jDatabase, by: str, region: str | None, types: list[str] | None,
              as_of: _dt.date) -> Table:
    """The report's files, once per region of the level, two regions at a time (each
    query runs on one server thread; two keep two busy)."""
    places = db.table("regions", ("id", "name", "level", "code", "parent_id", "parent_name"),
                      under=region, level=by).sort(["id"]).rows()
    with ThreadPoolExecutor(max_workers=2) as pool:
        figures = pool.map(lambda r: report_figures(db, r["id"], types, as_of), places)
        rows = [{"id": r["id"], "name": r["name"], **flat_report(f)}
                for r, f in zip(places, figures)]
    return Table.from_rows(rows, [c.name for c in REPORT_COLUMNS])

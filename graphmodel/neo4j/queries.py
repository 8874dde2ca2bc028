"""The gap queries on Neo4j: the ``cypher/queries`` files, run as reads.

Each function returns exactly what its embedded twin in :mod:`graphmodel.queries`
returns for the same data, so the CLI prints the same either way. Arguments are
checked as the embedded engine checks them (:mod:`graphmodel.arguments`), then
against the database, so that a wrong value or an unknown region gives the same
:class:`~graphmodel.errors.QueryError` as the embedded engine. The report's as-of date
defaults to the one ``push`` recorded with the data, else today, as it defaults to
the dataset's embedded.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from functools import lru_cache

from .. import arguments
from ..errors import QueryError
from ..queries import (
    ORG_LIFE_WINDOW_DAYS, assemble_report, choose_region, default_as_of, report_arguments,
    uncovered_arguments,
)
from ..resources import shipped_dir
from ..schema import EDGE_KINDS, node_kind
from .statements import dataset_as_of_statement

__all__ = ["cypher_query", "uncovered", "isolated", "report", "dataset_as_of", "resolve_region",
           "regions", "industries"]


@lru_cache(maxsize=None)
def cypher_query(name: str) -> str:
    """The text of ``cypher/queries/<name>.cypher`` (e.g. ``"uncovered"``, ``"report/members"``)."""
    return (shipped_dir("cypher") / "queries" / f"{name}.cypher").read_text(encoding="utf-8")


def _read(driver, name: str, database: str | None, **params) -> list[dict]:
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(cypher_query(name), params, database_=database,
                                         routing_=RoutingControl.READ)
    return [r.data() for r in records]


def _read_rows(driver, name: str, database: str | None, **params) -> list[dict]:
    """The rows of a row-returning query file, fetched as one column per field.

    Half a million rows cost the Python driver many seconds as records; collected
    into one list per column they arrive in one message. The file's text runs
    unchanged inside ``CALL { }``; ``null`` travels as ``''``, which no value of the
    model can be (an empty cell is a missing value).
    """
    from neo4j import RoutingControl

    text = cypher_query(name)
    columns = _returned_columns(text)
    wrapped = (f"CALL () {{\n{text}\n}}\nRETURN "
               + ", ".join(f"collect(coalesce({c}, '')) AS {c}" for c in columns))
    records, _, _ = driver.execute_query(wrapped, params, database_=database,
                                         routing_=RoutingControl.READ)
    values = [[None if v == "" else v for v in records[0][c]] for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _returned_columns(text: str) -> list[str]:
    """The names of the columns a query's final RETURN gives, in order."""
    body = text[text.rindex("RETURN") + len("RETURN"):]
    body = re.split(r"\bORDER\s+BY\b", body)[0]
    items, depth, current = [], 0, ""
    for char in body:
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    names = []
    for item in items:
        alias = re.search(r"\bAS\s+(\w+)\s*$", item.strip())
        names.append(alias.group(1) if alias else item.strip())
    return names


def _exists(driver, label: str, key: str, database: str | None) -> bool:
    from neo4j import RoutingControl

    # The label comes from the mapping (Region or Industry); the id is a parameter.
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label} {{id: $id}}) RETURN count(n) AS n", {"id": key},
        database_=database, routing_=RoutingControl.READ)
    return records[0]["n"] > 0


@lru_cache(maxsize=None)
def _region_lookup() -> str:
    """One read: is ``$value`` a region id, and which regions have it as name or code."""
    region = node_kind("region").label  # labels from the model; values are parameters
    part_of = next(e.type for e in EDGE_KINDS if e.source == "region" and e.target.kind == "region")
    return (f"OPTIONAL MATCH (byid:{region} {{id: $value}})\n"
            f"OPTIONAL MATCH (r:{region}) WHERE byid IS NULL AND (r.name = $value OR r.code = $value)\n"
            f"OPTIONAL MATCH (r)-[:{part_of}]->(p:{region})\n"
            "WITH byid, r, p ORDER BY r.id\n"
            "RETURN byid IS NOT NULL AS is_id, collect(CASE WHEN r IS NULL THEN null ELSE "
            "{id: r.id, name: r.name, level: r.level, parent_name: p.name} END) AS candidates")


def resolve_region(driver, region: object, *, database: str | None = None) -> str | None:
    """:func:`graphmodel.queries.resolve_region`, answered by Neo4j: the id of the
    region ``region`` names (an id, an exact name or a GB/T 2260 code)."""
    from neo4j import RoutingControl

    value = arguments.identifier(region, "region")
    if value is None:
        return None
    records, _, _ = driver.execute_query(_region_lookup(), {"value": value}, database_=database,
                                         routing_=RoutingControl.READ)
    [record] = records
    return choose_region(value, record["is_id"], list(record["candidates"]))


def regions(driver, under: str | None = None, level: str | None = None, *,
            database: str | None = None) -> list[dict]:
    """:func:`graphmodel.regions`, answered by Neo4j."""
    from ..reference import region_level

    level = region_level(level)
    under = resolve_region(driver, under, database=database)
    region = node_kind("region").label
    part_of = next(e.type for e in EDGE_KINDS if e.source == "region" and e.target.kind == "region")
    text = (f"MATCH (r:{region})\n"
            f"WHERE ($under IS NULL OR EXISTS {{ (r)-[:{part_of}*0..]->(:{region} {{id: $under}}) }})\n"
            "  AND ($level IS NULL OR r.level = $level)\n"
            f"OPTIONAL MATCH (r)-[:{part_of}]->(p:{region})\n"
            "RETURN r.id AS id, r.name AS name, r.level AS level, r.code AS code, "
            "p.id AS parent_id, p.name AS parent_name")
    rows = _run(driver, text, database, under=under, level=level)
    return sorted(rows, key=lambda r: r["id"])


def industries(driver, *, database: str | None = None) -> list[dict]:
    """:func:`graphmodel.industries`, answered by Neo4j."""
    text = f"MATCH (i:{node_kind('industry').label}) RETURN i.id AS id, i.name AS name"
    return sorted(_run(driver, text, database), key=lambda r: r["id"])


def _run(driver, text: str, database: str | None, **params) -> list[dict]:
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(text, params, database_=database,
                                         routing_=RoutingControl.READ)
    return [r.data() for r in records]


def _check_region(driver, region: str | None, database: str | None) -> str | None:
    return resolve_region(driver, region, database=database)


def uncovered(driver, region: str | None = None, types: str | Iterable[str] | None = None,
              industry: str | None = None, min_members: int = 0, *,
              type: str | Iterable[str] | None = None,
              database: str | None = None) -> list[dict]:
    """:func:`graphmodel.uncovered`, answered by Neo4j."""
    region, types, industry, min_members = uncovered_arguments(
        region, types, industry, min_members, type)
    region = _check_region(driver, region, database)
    if industry is not None and not _exists(driver, "Industry", industry, database):
        raise QueryError(f"no industry with id {industry!r}")
    rows = _read_rows(driver, "uncovered", database, region=region, types=types,
                      industry=industry, min_members=min_members)
    return sorted(rows, key=lambda r: r["id"])


def isolated(driver, region: str | None = None, *, database: str | None = None) -> list[dict]:
    """:func:`graphmodel.isolated`, answered by Neo4j."""
    region = _check_region(driver, region, database)
    return sorted(_read_rows(driver, "isolated", database, region=region), key=lambda r: r["id"])


def dataset_as_of(driver, *, database: str | None = None) -> _dt.date | None:
    """The as-of date of the dataset last pushed (see :func:`graphmodel.neo4j.push.push`),
    or None when it had none (or nothing was pushed)."""
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(dataset_as_of_statement().text, database_=database,
                                         routing_=RoutingControl.READ)
    if not records:
        return None
    value = records[0]["as_of"]
    value = value.to_native() if hasattr(value, "to_native") else value
    try:
        return arguments.as_of_date(value.isoformat() if isinstance(value, _dt.date) else value)
    except QueryError:
        raise QueryError(f"the dataset date recorded in Neo4j ({str(value)[:40]!r}) is not a "
                         "date: run `graphmodel push` again") from None


def report(driver, region: str | None = None, types: str | Iterable[str] | None = None,
           as_of: _dt.date | str | None = None, *, database: str | None = None) -> dict:
    """:func:`graphmodel.report`, answered by Neo4j; ``as_of`` defaults to the date
    :func:`dataset_as_of` reads, else today."""
    region, scope_types, as_of = report_arguments(region, types, as_of)
    region = _check_region(driver, region, database)
    if as_of is None:
        as_of = default_as_of(dataset_as_of(driver, database=database))
    params = {"region": region, "types": scope_types or None}
    per_type = {r["type"]: r for r in _read(driver, "report/entities", database, **params)}
    [orgs] = _read(driver, "report/organisations", database, **params)
    [members] = _read(driver, "report/members", database, **params, as_of=as_of,
                      window_start=as_of - _dt.timedelta(days=ORG_LIFE_WINDOW_DAYS))
    [places] = _read(driver, "report/stations", database, region=region)
    [industries] = _read(driver, "report/industries", database, **params)
    return assemble_report(
        region, scope_types, as_of, {t: r["entities"] for t, r in per_type.items()},
        sum(r["covered"] for r in per_type.values()), industries["covered_industries"],
        organisations={"total": orgs["organisations"], "branches": orgs["branches"],
                       "members": orgs["members"]},
        members={**members, "ethnicity": {e["ethnicity"]: e["members"]
                                          for e in members["ethnicity"]}},
        stations=places, instructors=places["instructors"])

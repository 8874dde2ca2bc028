"""The gap queries on Neo4j: the ``cypher/queries`` files, run as reads.

Each function returns exactly what its embedded twin in :mod:`graphmodel.queries`
returns for the same data, so the CLI prints the same either way. Arguments are
checked against the database first so that an unknown region gives the same
:class:`~graphmodel.errors.QueryError` as the embedded engine.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from functools import lru_cache

from ..errors import QueryError
from ..queries import ORG_LIFE_WINDOW_DAYS, _check_types, assemble_report
from ..resources import shipped_dir

__all__ = ["cypher_query", "uncovered", "isolated", "report"]


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


def _check_region(driver, region: str | None, database: str | None) -> None:
    if region is not None and not _exists(driver, "Region", region, database):
        raise QueryError(f"no region with id {region!r}")


def uncovered(driver, region: str | None = None, type: str | None = None,
              industry: str | None = None, min_members: int = 0, *,
              database: str | None = None) -> list[dict]:
    """:func:`graphmodel.uncovered`, answered by Neo4j."""
    _check_region(driver, region, database)
    if type is not None:
        _check_types([type])
    if industry is not None and not _exists(driver, "Industry", industry, database):
        raise QueryError(f"no industry with id {industry!r}")
    rows = _read_rows(driver, "uncovered", database, region=region, type=type,
                      industry=industry, min_members=min_members)
    return sorted(rows, key=lambda r: r["id"])


def isolated(driver, region: str | None = None, *, database: str | None = None) -> list[dict]:
    """:func:`graphmodel.isolated`, answered by Neo4j."""
    _check_region(driver, region, database)
    return sorted(_read_rows(driver, "isolated", database, region=region), key=lambda r: r["id"])


def report(driver, region: str | None = None, types: Iterable[str] | None = None,
           as_of: _dt.date | None = None, *, database: str | None = None) -> dict:
    """:func:`graphmodel.report`, answered by Neo4j."""
    as_of = as_of or _dt.date.today()
    _check_region(driver, region, database)
    scope_types = _check_types(types) if types is not None else None
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

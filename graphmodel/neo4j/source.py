"""Neo4j as a source of answers: :class:`Neo4jDatabase` wraps a driver and a database
name, and answers every question of the :mod:`~graphmodel.catalogue` by running its
file in ``cypher/queries`` as a read, with the checked arguments as ``$parameters``.

It returns exactly what the embedded backend returns for the same data, so the CLI
prints the same either way. An unknown region or industry gives the same
:class:`~graphmodel.errors.QueryError` as embedded, and the as-of date defaults to the
one ``push`` recorded with the data, else today.

>>> import graphmodel
>>> db = graphmodel.Neo4jDatabase(driver=None)   # a neo4j.Driver in real use
>>> db
<Neo4jDatabase database=default>
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

from .. import arguments
from ..arguments import ORG_LIFE_WINDOW_DAYS
from ..errors import QueryError
from ..resources import shipped_dir
from ..schema import EDGE_KINDS, node_kind
from ..table import Table
from .statements import dataset_as_of_statement

__all__ = ["Neo4jDatabase", "cypher_query", "report_figures"]


@lru_cache(maxsize=None)
def cypher_query(name: str) -> str:
    """The text of ``cypher/queries/<name>.cypher`` (e.g. ``"uncovered"``, ``"report/members"``)."""
    return (shipped_dir("cypher") / "queries" / f"{name}.cypher").read_text(encoding="utf-8")


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


def _plain(value: Any) -> Any:
    """A value from the driver as the embedded backend gives it: dates as ISO text."""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _column(values: list[Any]) -> list[Any]:
    """A fetched column as the embedded backend gives it: ``''`` is None, dates are
    ISO text; only a column holding dates or lists is converted value by value."""
    kinds = set(map(type, values))
    if any(hasattr(k, "iso_format") or k is list for k in kinds):
        return [None if v == "" else _plain(v) for v in values]
    if str in kinds and "" in values:  # one scan in C; most columns have no gap
        return [None if v == "" else v for v in values]
    return values


class Neo4jDatabase:
    """A Neo4j database to ask questions of: ``graphmodel.uncovered(db, ...)``.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver (the caller owns it and closes it).
    database : str, optional
        The database name (default: the server's default database).
    """

    def __init__(self, driver: Any, database: str | None = None):
        self.driver = driver
        self.database = database

    def __repr__(self) -> str:
        return f"<Neo4jDatabase database={self.database or 'default'}>"

    # -- reads ------------------------------------------------------------------
    def run(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """The records of a read query, as dicts."""
        return [r.data() for r in self._records(text, params)]

    def _records(self, text: str, params: dict[str, Any]) -> list[Any]:
        from neo4j import RoutingControl

        records, _, _ = self.driver.execute_query(text, params, database_=self.database,
                                                  routing_=RoutingControl.READ)
        return records

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """The records of the query file ``cypher/queries/<name>.cypher``."""
        return self.run(cypher_query(name), **params)

    def table(self, name: str, columns: tuple[str, ...], **params: Any) -> Table:
        """The rows of a row query file, fetched as one list per column.

        Half a million rows cost the Python driver many seconds as records; collected
        into one list per column they arrive in one message. The file's text runs
        unchanged inside ``CALL { }``; ``null`` travels as ``''``, which no value of
        the model can be (an empty cell is a missing value).
        """
        wrapped = (f"CALL () {{\n{cypher_query(name)}\n}}\nRETURN "
                   + ", ".join(f"collect(coalesce({c}, '')) AS {c}" for c in columns))
        # The record's lists are read as they are: Record.data() would walk every value.
        [record] = self._records(wrapped, params)
        return Table({c: _column(record[c]) for c in columns})

    # -- what the catalogue needs of a backend ------------------------------------
    def resolve_region(self, value: str | None) -> str | None:
        """The id of the region ``value`` names (an id, an exact name or a code)."""
        from ..queries import choose_region

        if value is None:
            return None
        [record] = self.run(_region_lookup(), value=value)
        return choose_region(value, record["is_id"], list(record["candidates"]))

    def has_industry(self, industry: str) -> bool:
        # The label comes from the mapping; the id is a parameter.
        text = f"MATCH (n:{node_kind('industry').label} {{id: $id}}) RETURN count(n) AS n"
        return self.run(text, id=industry)[0]["n"] > 0

    def dataset_as_of(self) -> _dt.date | None:
        """The as-of date of the dataset last pushed, or None when it had none."""
        records = self.run(dataset_as_of_statement().text)
        if not records:
            return None
        value = _plain(records[0]["as_of"])
        try:
            return arguments.as_of_date(value.isoformat() if isinstance(value, _dt.date)
                                        else value)
        except QueryError:
            raise QueryError(f"the dataset date recorded in Neo4j ({str(value)[:40]!r}) is "
                             "not a date: run `graphmodel push` again") from None

    def answer(self, question: Any, params: dict[str, Any]) -> Any:
        if question.neo4j is not None:
            return question.neo4j(self, **params)
        return self.table(question.cypher, question.column_names, **params).sort(["id"])


def report_figures(db: Neo4jDatabase, region: str | None, types: list[str] | None,
                   as_of: _dt.date) -> dict:
    """:func:`graphmodel.report`'s figures, counted by the ``report/`` query files."""
    from ..queries import assemble_report

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

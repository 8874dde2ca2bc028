"""Neo4j as a source of answers: :class:`Neo4jDatabase` wraps a driver and a database
name, and answers every question of the :mod:`~graphmodel.questions.catalogue` by running its
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
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...questions import arguments
from ...questions.backend import Answer
from ...questions.breakdowns import group
from ...questions.catalogue import Question
from ...questions.regions import choose_region
from .registry import ANSWERS
from ...errors import QueryError
from ...io.resources import shipped_dir
from ...model.schema import EDGE_KINDS, node_kind, reference_columns
from ...model.table import Table
from .statements import dataset_as_of_statement

__all__ = ["Neo4jDatabase", "cypher_query", "cypher_query_dir", "file_parameters"]


def cypher_query_dir() -> Path:
    """The folder of the question files: ``cypher/queries``."""
    return shipped_dir("cypher") / "queries"


@lru_cache(maxsize=None)
def cypher_query(name: str) -> str:
    """The text of ``cypher/queries/<name>.cypher`` (e.g. ``"uncovered"``, ``"report/members"``)."""
    return (cypher_query_dir() / f"{name}.cypher").read_text(encoding="utf-8")


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

    name = "neo4j"

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

    def answer(self, question: Question, arguments: Mapping[str, object]) -> Answer:
        """A registered answer (:mod:`.answers`), else the question's Cypher file run as
        a read with the arguments as ``$parameters``."""
        own = ANSWERS.find(question.name)
        if own is not None:
            return own(self, **arguments)
        if question.cypher is None:
            raise ANSWERS.not_answered(question)
        return self.table(question.cypher, question.column_names,
                          **file_parameters(question, arguments)).sort(["id"])


def file_parameters(question: Question, arguments: Mapping[str, object]) -> dict[str, Any]:
    """The ``$parameters`` of a question's Cypher file: its arguments, and for a
    breakdown by an entity column the column's ``$link`` (its relationship type, from
    the model's mapping) or ``$property`` (a plain column), both null for a region
    level.

    >>> from graphmodel.questions.catalogue import get
    >>> file_parameters(get("coverage"), {"by": "market", "region": None, "types": None})
    {'by': 'market', 'region': None, 'types': None, 'link': 'TRADES_IN', 'property': None}
    """
    params = dict(arguments)
    by = next((p for p in question.parameters if p.name == "by"), None)
    if by is not None and any(group(c).column for c in by.choices):
        column = group(str(params["by"])).column
        edge = reference_columns("entity").get(column) if column else None
        params["link"] = edge.type if edge is not None else None
        params["property"] = column if column is not None and edge is None else None
    return params

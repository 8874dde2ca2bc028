"""Running an analyst's own Cypher, read-only.

Before it runs, a query is planned with ``EXPLAIN`` (which executes nothing) and
refused unless the server classifies it as read-only (query type ``r``) and its plan
has no ``LOAD CSV`` (which can send data out) and no ``CALL { } IN TRANSACTIONS``.
It then runs inside a read transaction, which the server itself refuses to let
write, with a timeout and a row limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import GraphmodelError

__all__ = ["ReadOnlyViolation", "QueryTimeout", "QueryResult", "check_read_only", "run_read_query",
           "parse_param", "DEFAULT_LIMIT", "DEFAULT_TIMEOUT"]

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT = 30.0

_QUERY_TYPES = {"r": "read", "rw": "read-write", "w": "write", "s": "schema-write"}
# Plan operators refused even inside a read query.
_FORBIDDEN_OPERATORS = {
    "LoadCSV": "LOAD CSV can read files and URLs and send data out",
    "TransactionApply": "CALL { } IN TRANSACTIONS commits on its own",
    "TransactionForeach": "CALL { } IN TRANSACTIONS commits on its own",
}


class ReadOnlyViolation(GraphmodelError):
    """The query would write, change the schema, or reach outside the database."""


class QueryTimeout(GraphmodelError):
    """The server stopped the query at its timeout."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict]
    truncated: bool


def parse_param(text: str) -> tuple[str, object]:
    """``name=value``: the value as JSON when it parses (5, true, ["a"]), else a string.

    >>> parse_param("region=R-DA"), parse_param("n=5"), parse_param('types=["market"]')
    (('region', 'R-DA'), ('n', 5), ('types', ['market']))
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise GraphmodelError(f"--param {text!r}: expected name=value")
    try:
        return name.strip(), json.loads(value)
    except ValueError:
        return name.strip(), value


def _operators(plan) -> list[str]:
    if not plan:
        return []
    ops = [str(plan.get("operatorType", "")).split("@")[0]]
    for child in plan.get("children", []) or []:
        ops += _operators(child)
    return ops


def check_read_only(driver, query: str, params: dict, *, database: str | None = None) -> None:
    """Raise :class:`ReadOnlyViolation`, with the reason, unless ``query`` only reads."""
    from neo4j import RoutingControl

    _, summary, _ = driver.execute_query("EXPLAIN " + query, params, database_=database,
                                         routing_=RoutingControl.READ)
    kind = summary.query_type
    if kind != "r":
        raise ReadOnlyViolation(
            f"refused: this is a {_QUERY_TYPES.get(kind, kind)} query; "
            "`graphmodel cypher` runs read-only queries only")
    for op in _operators(summary.plan):
        for forbidden, why in _FORBIDDEN_OPERATORS.items():
            if op.startswith(forbidden):
                raise ReadOnlyViolation(f"refused: {why}")


def _plain(value):
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def run_read_query(driver, query: str, params: dict | None = None, *,
                   database: str | None = None, limit: int = DEFAULT_LIMIT,
                   timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
    """Check that ``query`` only reads, then run it in a read transaction.

    At most ``limit`` rows are returned (``truncated`` says whether there were more);
    the server stops the query after ``timeout`` seconds.
    """
    from neo4j import READ_ACCESS, unit_of_work

    params = params or {}
    check_read_only(driver, query, params, database=database)

    @unit_of_work(timeout=timeout)
    def work(tx):
        result = tx.run(query, params)
        rows = []
        for record in result:
            if len(rows) == limit:
                return result.keys(), rows, True
            rows.append({k: _plain(v) for k, v in record.data().items()})
        return result.keys(), rows, False

    from neo4j.exceptions import ClientError

    try:
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            columns, rows, truncated = session.execute_read(work)
    except ClientError as exc:
        if "TransactionTimedOut" in (exc.code or ""):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped; "
                               "give it more time with --timeout") from None
        raise
    return QueryResult(list(columns), rows, truncated)

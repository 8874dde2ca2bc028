"""Running an analyst's own Cypher, read-only.

What runs is an allow-list, not a deny-list: queries whose clauses read the graph,
calling only procedures known to be read-only (:data:`READ_ONLY_PROCEDURES`) and
functions the server says are built in. Before it runs, a query is checked twice:

* in its text (:mod:`.cypher_text`): an administration command (``SHOW ...``,
  ``TERMINATE ...``, user and database commands) is refused, and so is every
  procedure or namespaced function not on the lists;
* in the server's plan (``EXPLAIN`` executes nothing): the query must be classified
  read-only (type ``r``), and its plan may not show an administration operator
  (``Show*``, ``Terminate*``), a procedure off the list, ``LOAD CSV`` (which can
  send data out) or ``CALL { } IN TRANSACTIONS``.

Reading another analyst's transactions, the server's settings or its statistics is
administration, so it is refused too. The query then runs in an explicit read
transaction (which the server refuses to let write) with a timeout and a row limit,
and is never retried: a query the server stopped for memory would only fail again.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from ...errors import GraphmodelError, QueryTimeout, QueryTooBig, ReadOnlyViolation
from .cypher_text import calls, first_keyword

__all__ = ["QueryResult", "check_read_only",
           "run_read_query", "parse_param", "DEFAULT_LIMIT", "DEFAULT_TIMEOUT", "DEFAULT_MAX_MB",
           "READ_ONLY_PROCEDURES"]

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT = 30.0
#: The most a result may take, roughly, as text (MB): past it the query is stopped.
DEFAULT_MAX_MB = 256

_QUERY_TYPES = {"r": "read", "rw": "read-write", "w": "write", "s": "schema-write"}
# Plan operators refused even inside a read query.
_FORBIDDEN_OPERATORS = {
    "LoadCSV": "LOAD CSV can read files and URLs and send data out",
    "TransactionApply": "CALL { } IN TRANSACTIONS commits on its own",
    "TransactionForeach": "CALL { } IN TRANSACTIONS commits on its own",
}
# Plan operators of administration commands (SHOW TRANSACTIONS, TERMINATE ...).
_ADMIN_OPERATOR_PREFIXES = ("Show", "Terminate")
# Words that begin the administration commands the server plans as reads (the others,
# CREATE USER, DROP DATABASE..., it classifies as writes).
_ADMIN_KEYWORDS = {"SHOW", "TERMINATE"}

#: Procedures that only read the graph's own data or schema, and nothing about other
#: users, the server's settings or its statistics.
READ_ONLY_PROCEDURES = (
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.info", "db.ping",
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
    "db.index.vector.queryNodes", "db.index.vector.queryRelationships",
)
_READ_ONLY_PROCEDURES = frozenset(p.lower() for p in READ_ONLY_PROCEDURES)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[dict]
    truncated: bool


def parse_param(text: str) -> tuple[str, object]:
    """``name=value``: the value as JSON when it parses (5, true, ["a"]), else a string.

    A number Neo4j cannot hold, anywhere in the value (an integer beyond 64 bits,
    ``NaN``, ``Infinity``, ``1e999``), is refused, naming the parameter.

    >>> parse_param("region=R-DA"), parse_param("n=5"), parse_param('types=["market"]')
    (('region', 'R-DA'), ('n', 5), ('types', ['market']))
    >>> parse_param('m={"a": [1, 99999999999999999999]}')
    Traceback (most recent call last):
    ...
    graphmodel.errors.GraphmodelError: --param m: an integer outside Neo4j's 64-bit range \
(-9223372036854775808 to 9223372036854775807); to send text, give a JSON string: m='"..."'
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise GraphmodelError(f"--param {text!r}: expected name=value")
    name = name.strip()

    def refuse(what: str):
        raise GraphmodelError(f"--param {name}: {what}; to send text, give a JSON string: "
                              f"{name}='\"...\"'")

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > 19 or not -2**63 <= int(digits) <= 2**63 - 1:
            refuse(f"an integer outside Neo4j's 64-bit range ({-2**63} to {2**63 - 1})")
        return int(digits)

    def real(digits: str) -> float:
        if not math.isfinite(number := float(digits)):
            refuse("a number too large for Neo4j's 64-bit float")
        return number

    def constant(word: str):  # NaN, Infinity, -Infinity: JSON has no such numbers
        refuse(f"{word} is not a number Neo4j can hold")

    try:
        return name, json.loads(value, parse_int=integer, parse_float=real,
                                parse_constant=constant)
    except ValueError:
        return name, value


def _operators(plan) -> list[tuple[str, str]]:
    """Every operator of a plan, with its details: ``[("ProcedureCall", "db.labels() ..."), ...]``."""
    if not plan:
        return []
    details = (plan.get("args") or {}).get("Details") or ""
    ops = [(str(plan.get("operatorType", "")).split("@")[0], str(details))]
    for child in plan.get("children", []) or []:
        ops += _operators(child)
    return ops


def check_read_only(driver, query: str, params: dict, *, database: str | None = None) -> None:
    """Raise :class:`ReadOnlyViolation`, with the reason, unless ``query`` only reads."""
    from neo4j import RoutingControl

    keyword = first_keyword(query)
    if keyword in _ADMIN_KEYWORDS:
        raise ReadOnlyViolation(f"refused: {keyword} ... is an administration command; "
                                "`graphmodel cypher` runs queries that read the graph only")
    called = calls(query)
    for name in called.procedures:
        _check_procedure(name)
    builtin = _builtin_functions(driver, database)
    unknown = [f for f in called.functions if f.lower() not in builtin]
    if unknown:
        raise ReadOnlyViolation(f"refused: function {unknown[0]} is not a built-in Cypher "
                                "function, so it is not known to be read-only")

    _, summary, _ = driver.execute_query("EXPLAIN " + query, params, database_=database,
                                         routing_=RoutingControl.READ)
    kind = summary.query_type
    if kind != "r":
        raise ReadOnlyViolation(
            f"refused: this is a {_QUERY_TYPES.get(kind, kind)} query; "
            "`graphmodel cypher` runs read-only queries only")
    for op, details in _operators(summary.plan):
        if op.startswith(_ADMIN_OPERATOR_PREFIXES):
            raise ReadOnlyViolation(f"refused: {op} is an administration command; "
                                    "`graphmodel cypher` runs queries that read the graph only")
        if op == "ProcedureCall":
            _check_procedure(details.split("(", 1)[0].strip())
        for forbidden, why in _FORBIDDEN_OPERATORS.items():
            if op.startswith(forbidden):
                raise ReadOnlyViolation(f"refused: {why}")


def _check_procedure(name: str) -> None:
    if name.lower() not in _READ_ONLY_PROCEDURES:
        raise ReadOnlyViolation(
            f"refused: procedure {name} is not known to be read-only; the procedures allowed "
            f"are {', '.join(READ_ONLY_PROCEDURES)}")


_BUILTIN_CACHE: dict[tuple[int, str | None], frozenset[str]] = {}


def _builtin_functions(driver, database: str | None) -> frozenset[str]:
    """Lower-cased names of the server's built-in functions (asked once per driver):
    built-in Cypher functions compute values and cannot write."""
    key = (id(driver), database)
    if key not in _BUILTIN_CACHE:
        from neo4j import RoutingControl

        records, _, _ = driver.execute_query(
            "SHOW FUNCTIONS YIELD name, isBuiltIn WHERE isBuiltIn RETURN collect(name) AS names",
            database_=database, routing_=RoutingControl.READ)
        _BUILTIN_CACHE[key] = frozenset(n.lower() for n in records[0]["names"])
    return _BUILTIN_CACHE[key]


def _size(value, budget: float) -> int:
    """About how many bytes ``value`` takes as text; counting stops once past
    ``budget`` (a list of millions need not be walked to the end)."""
    if isinstance(value, str):
        return len(value) + 3
    if isinstance(value, (list, tuple)):
        total = 2
        for item in value:
            total += _size(item, budget - total) + 1
            if total > budget:
                break
        return total
    if isinstance(value, dict):
        total = 2
        for key, item in value.items():
            total += len(key) + 4 + _size(item, budget - total)
            if total > budget:
                break
        return total
    return 8


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
                   timeout: float = DEFAULT_TIMEOUT, max_mb: float = DEFAULT_MAX_MB) -> QueryResult:
    """Check that ``query`` only reads, then run it in a read transaction.

    At most ``limit`` rows are returned (``truncated`` says whether there were more);
    the server stops the query after ``timeout`` seconds. Rows are measured as they
    arrive (about the size of their values as text): once they pass ``max_mb`` MB the
    query is stopped with :class:`~graphmodel.errors.QueryTooBig`, before the rows are
    formatted, which for a huge value takes far longer than fetching it. (One row is
    fetched whole by the driver before it can be measured: the server's
    per-transaction memory limit bounds that one.)
    """
    from neo4j import READ_ACCESS
    from neo4j.exceptions import ClientError, TransientError

    params = params or {}
    check_read_only(driver, query, params, database=database)
    try:
        # An explicit transaction: the driver's managed ones would retry a query
        # stopped for memory (a transient error) for half a minute.
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session, \
                session.begin_transaction(timeout=timeout) as tx:
            result = tx.run(query, params)
            rows: list[dict]
            columns, rows, truncated = list(result.keys()), [], False
            budget = max_mb * 1_000_000
            for record in result:
                if len(rows) == limit:
                    truncated = True
                    break
                row = {k: _plain(v) for k, v in record.data().items()}
                budget -= _size(row, budget)
                if budget < 0:
                    raise QueryTooBig(
                        f"the result is larger than --max-mb {max_mb:g} MB (at row "
                        f"{len(rows) + 1:,}); narrow it (LIMIT, fewer or smaller values), or "
                        "raise --max-mb") from None
                rows.append(row)
    except ClientError as exc:
        if "TransactionTimedOut" in (exc.code or ""):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped; "
                               "give it more time with --timeout") from None
        raise
    except TransientError as exc:
        if "OutOfMemoryError" in (exc.code or ""):  # MemoryPoolOutOfMemoryError too
            raise QueryTooBig(
                "the query needs more memory than allowed and was stopped "
                f"({_first_line(exc.message)}); narrow it (LIMIT, fewer collect()s), or give "
                "the local server a bigger heap: graphmodel neo4j stop && graphmodel neo4j start "
                "--heap 4g") from None
        raise
    return QueryResult(columns, rows, truncated)


def _first_line(text: str | None) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0] if lines else "out of memory"

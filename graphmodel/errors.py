"""The exception hierarchy, all of it in this one module: everything graphmodel
raises on purpose derives from :class:`GraphmodelError`, so a caller (and the CLI) can
tell an expected failure, reported as a plain message, from a bug, which keeps its
traceback. No name here is also the name of a Python built-in exception or of one in
the Neo4j driver's ``neo4j.exceptions``, so both can be imported side by side::

    GraphmodelError
    ├── DatasetError              a dataset rejected (its Problem list)
    ├── WorkbookTooLarge          a workbook over a size limit, refused before it is
    │                             read (a reader reports it as a DatasetError's problem)
    ├── StoreError                the store missing, unreadable or incompatible
    ├── QueryError                a question that cannot be answered as asked
    │   ├── ArgumentError         an argument of the wrong form or out of range
    │   │                         (also a ValueError)
    │   ├── UnknownName           an argument that names nothing in the data (a
    │   │                         region, an industry, a question)
    │   └── NotAnswered           a question the chosen backend does not answer
    ├── OptionValueError          a command-line value out of bounds
    ├── MissingPackageError       an optional package a feature needs is not installed
    │                             (also an ImportError)
    ├── PlanError                 a plan that cannot be written where asked
    ├── ExportError               an export that cannot be made
    ├── ReportError               a chart or HTML report that cannot be drawn or written
    ├── SparkError                Spark cannot start, or cannot read the Parquet folder
    └── Neo4jFailure              anything between graphmodel and Neo4j
        ├── UriError              a Neo4j URI the driver cannot use
        ├── Neo4jConnectionError  Neo4j unreachable, or refusing what was asked
        ├── Neo4jServerError      the local Neo4j server not built, started or stopped
        ├── PushError             a batch the server refused for good while pushing
        ├── BulkImportError       ``neo4j import`` could not replace the database
        ├── ReadOnlyViolation     an ad-hoc query that could write or administer
        ├── QueryTimeout          an ad-hoc query stopped at its timeout
        └── QueryTooBig           an ad-hoc query stopped for memory

The driver's own errors (``neo4j.exceptions``) are translated into the
:class:`Neo4jFailure` branch by :mod:`graphmodel.backends.neo4j.connection`.

:class:`Problem` is not an exception: it is one located entry of a
:class:`DatasetError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codes import redact

__all__ = [
    "GraphmodelError",
    "DatasetError",
    "WorkbookTooLarge",
    "Problem",
    "StoreError",
    "QueryError",
    "ArgumentError",
    "UnknownName",
    "NotAnswered",
    "MissingPackageError",
    "SparkError",
    "Neo4jFailure",
    "PlanError",
    "ExportError",
    "OptionValueError",
    "UriError",
    "Neo4jConnectionError",
    "BulkImportError",
    "Neo4jServerError",
    "PushError",
    "ReadOnlyViolation",
    "QueryTimeout",
    "QueryTooBig",
    "ReportError",
]


class GraphmodelError(Exception):
    """Root of every error graphmodel raises deliberately."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a dataset, located as precisely as it can be.

    ``line`` is the 1-based physical line in the file (the header is line 1) and
    ``column`` the header name; either is ``None`` for a problem of a whole file. In a
    workbook ``file`` is the sheet and ``line`` its row, shown ``sheet!row``.
    The message never contains the raw value of a personal field: an ID number that
    slips into one anyway (quoted in an unknown reference) is masked here.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    #: Between the file and the line: ``!`` for a workbook sheet (``members!5``).
    separator: str = ":"

    def __post_init__(self) -> None:
        for name in ("file", "column", "message"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, redact(value))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}{self.separator}{self.line}"
        if self.column:
            return f"{where}: {self.column}: {self.message}"
        return f"{where}: {self.message}"


class DatasetError(GraphmodelError):
    """A dataset was rejected; ``problems`` lists every problem found, in file order."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = redact(source)
        self.problems = sorted(problems, key=_problem_order)
        n = len(self.problems)
        super().__init__(f"{self.source}: {n} problem{'' if n == 1 else 's'} found")


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.column or "", p.message)


class WorkbookTooLarge(GraphmodelError):
    """A workbook over one of the limits of :mod:`graphmodel.io.workbook_limits`; the
    message says which, in one line."""


class StoreError(GraphmodelError):
    """The store is missing, unreadable, or written by an incompatible version."""


class QueryError(GraphmodelError):
    """A question cannot be answered as it was asked: the parent of the three below."""


class ArgumentError(QueryError, ValueError):
    """An argument of the wrong type, form or range (``as_of="16/06/2016"``,
    ``min_members=-1``, an unknown choice, an unexpected keyword): found before
    anything is read. Also a :class:`ValueError`, as Python callers expect."""


class UnknownName(QueryError):
    """An argument that names nothing in the data: no region with that id, name or
    code (or several), no such industry, no question of that name."""


class NotAnswered(QueryError):
    """The chosen backend does not answer this question; the message names both."""


class MissingPackageError(GraphmodelError, ImportError):
    """An optional package that a feature needs is not installed (pandas for frames,
    pyarrow for Parquet, pyspark for Spark, matplotlib for charts); the message says
    which extra to install."""


class SparkError(GraphmodelError):
    """Spark cannot start, or cannot read the Parquet folder it was given (no such
    table, an unknown host, a refused connection)."""


class Neo4jFailure(GraphmodelError):
    """Anything between graphmodel and Neo4j went wrong: the parent of every Neo4j
    error below (not the driver's ``neo4j.exceptions.Neo4jError``, which is translated
    into one of them)."""


class PlanError(GraphmodelError):
    """A plan cannot be written where asked (its files are already there, the folder
    cannot be written): nothing was written."""


class ExportError(GraphmodelError):
    """An export cannot be made: an unknown format, a missing optional package, a path
    that cannot be written (nothing is left half-written)."""


class OptionValueError(GraphmodelError):
    """A command-line value outside what the option accepts (``--limit 0``, ``--timeout
    nan``, an unknown ``--sort`` column): raised by a command before anything runs or
    connects; the message names the option."""


class UriError(Neo4jFailure):
    """A Neo4j URI the driver cannot use (a scheme other than Bolt's, no host, a bad
    port, a path): raised before anything connects. The message never holds a password."""


class Neo4jConnectionError(Neo4jFailure):
    """Talking to Neo4j failed: there is no Neo4j to connect to, it cannot be reached,
    it refused the user, password or database, or it refused a request sent over the
    connection (the driver's own errors, turned into one line by
    :func:`graphmodel.backends.neo4j.connection.translate_errors`). Not the driver's
    ``neo4j.exceptions.Neo4jError``, which it translates."""


class Neo4jServerError(Neo4jFailure):
    """The local Neo4j server (``graphmodel neo4j start|stop``) could not be built,
    started or stopped: Maven or Java missing, a failed build, a launcher that exits or
    is not ready in time, a heap size out of bounds, a password or users someone else
    changed."""


class PushError(Neo4jFailure):
    """Pushing to Neo4j stopped at a batch refused for a reason retrying cannot fix (a
    constraint, a syntax error, one row larger than the transaction memory); the message
    names the step and the batch's row range."""


class ReadOnlyViolation(Neo4jFailure):
    """An ad-hoc Cypher query (``graphmodel cypher``) was refused before it ran: it
    would write, change the schema, administer the server, or reach outside the
    database."""


class QueryTimeout(Neo4jFailure):
    """The server stopped an ad-hoc Cypher query at its timeout."""


class QueryTooBig(Neo4jFailure):
    """The server stopped an ad-hoc Cypher query: it needs more memory than one query
    may have."""


class BulkImportError(Neo4jFailure):
    """``graphmodel neo4j import`` could not replace the local server's database: the
    directory is not a local server's, the import files could not be written (a full
    disk, an unwritable folder), or Neo4j's importer failed. The previous database is
    kept in each case."""


class ReportError(GraphmodelError):
    """A chart or an HTML report cannot be made: no font with Chinese glyphs is
    installed (``make system`` installs one), or the file cannot be written (nothing
    is left half-written)."""

"""The question commands, derived from the :mod:`~graphmodel.catalogue`.

Each question with a ``command`` becomes a command whose options are its declared
parameters (with their help), plus what every question command shares: the output
(``--format``, ``--lang``, and for rows ``--sort`` and ``--limit``), the store, and
the backend switch with its Neo4j connection. The command is one call into the
library: :func:`graphmodel.catalogue.answer` on the chosen backend.
"""

from __future__ import annotations

import contextlib
import inspect
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

import typer

from .. import catalogue
from ..catalogue import Parameter, Question
from ..errors import GraphmodelError, OptionValueError
from ..table import Table
from .common import (
    LimitOption, SortOption, StoreOption, check_limit, check_sort, reports_errors, store_path,
)
from .neo4j import DatabaseOption, PasswordOption, UriOption, UserOption, neo4j_driver
from .output import FORMAT_HELP, Format, echo_report, echo_table

__all__ = ["query_app", "register", "Backend", "open_source"]

query_app = typer.Typer(help="Questions about who and what the organisation network misses, "
                             "and breakdowns of coverage.", no_args_is_help=True)


class Backend(str, Enum):
    embedded = "embedded"
    neo4j = "neo4j"
    spark = "spark"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
LangOption = Annotated[Lang, typer.Option(
    "--lang", help="Language of headers and of values such as types and levels: en or zh.")]
BackendOption = Annotated[Backend, typer.Option(
    "--backend", help="Answer from the embedded store, from Neo4j or from Apache Spark over "
                      "partitioned Parquet (same answers).")]
DataOption = Annotated[Optional[str], typer.Option(
    "--data", show_default=False, metavar="<dir|url>",
    help="With --backend spark: the Parquet folder (graphmodel export parquet), a local "
         "path or a URL Spark reads (hdfs://..., s3a://...).")]
MasterOption = Annotated[str, typer.Option(
    "--master", help="With --backend spark: Spark's master URL (local[2], spark://host:7077, "
                     "yarn...).")]


@contextlib.contextmanager
def open_source(backend: Backend, store: Any, uri: Any, user: Any, password: Any,
                database: Any, data: str | None = None,
                master: str = "local[2]") -> Iterator[Any]:
    """The Graph, the Neo4j database or the Spark dataset the command's options name."""
    if backend is Backend.spark:
        from ..spark.session import spark_session
        from ..spark.source import SparkDataset

        if data is None:
            raise OptionValueError("--backend spark needs --data: the Parquet folder "
                                   "(write one with graphmodel export parquet)")
        if "://" not in data and not Path(data).is_dir():  # a URL is Spark's to check
            raise OptionValueError(f"--data: no folder {data}")
        from pyspark.sql import SparkSession

        running = SparkSession.getActiveSession()  # a caller's (a notebook's): not ours to stop
        session = spark_session(master)
        try:
            yield SparkDataset(session, data)
        finally:
            if running is None:
                session.stop()
    elif backend is Backend.neo4j:
        from ..neo4j.source import Neo4jDatabase

        with neo4j_driver(uri, user, password, database) as (driver, conn):
            yield Neo4jDatabase(driver, conn.database)
    else:
        from ..store import open_store

        yield open_store(store_path(store))


def _option(p: Parameter) -> inspect.Parameter:
    """The CLI option of a declared parameter."""
    kind: Any = Optional[str]
    default: Any = None
    extra: dict[str, Any] = {}
    if p.kind == "count":
        kind, default = int, p.default
    elif p.kind == "flag":
        kind, default = bool, False
    elif p.kind == "choice":
        choice: Any = Enum(p.name.title(), [(c, c) for c in p.choices], type=str)  # type: ignore[misc]
        kind = choice if p.default is not None else Optional[choice]
        default = choice(p.default) if p.default is not None else None
    elif p.kind == "date":
        extra["show_default"] = "the dataset's date, else today"
    if p.kind == "types":
        help = "Entity types, comma-separated: small_micro, individual, market, enterprise."
    else:
        help = p.help.split(" (default:")[0] + ("" if p.help.endswith(".") else ".")
    option = typer.Option(p.cli_option, help=help, **extra)
    return inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[kind, option])


_SHARED = {
    "format": (FormatOption, Format.table), "lang": (LangOption, Lang.en),
    "sort": (SortOption, None), "limit": (LimitOption, None),
    "store": (StoreOption, None), "backend": (BackendOption, Backend.embedded),
    "uri": (UriOption, None), "user": (UserOption, None),
    "password": (PasswordOption, None), "database": (DatabaseOption, None),
    "data": (DataOption, None), "master": (MasterOption, "local[2]"),
}


def _shared(names: list[str]) -> list[inspect.Parameter]:
    return [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=_SHARED[n][1],
                              annotation=_SHARED[n][0]) for n in names]


def checked(q: Question, values: dict[str, Any]) -> dict[str, Any]:
    """The options' values as the library takes them, checked before anything runs
    (a bad value is a usage error, whatever the backend)."""
    values = {k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()}
    try:
        return q.check(values)
    except GraphmodelError as exc:
        message = str(exc)
        for p in q.parameters:  # name the option, not the Python argument
            if message.startswith((p.name + ":", p.name + " ")):
                message = p.cli_option + message[len(p.name):]
                break
        raise OptionValueError(message) from None


def print_answer(q: Question, result: Any, fmt: Format, lang: Lang,
                 sort: list[str] | None = None, limit: int | None = None) -> None:
    """Print a question's answer: a table of rows, or the report's figures."""
    if isinstance(result, Table):
        table = result.sort(sort).head(limit)
        counted = len(table)
        if fmt is Format.table:
            table = for_people(q, table)
        footer = None
        if lang is not Lang.en:
            from ..i18n import count_text, translate_table

            table = translate_table(table, lang.value)
            footer = count_text(counted, q.noun, lang.value)
        echo_table(table, fmt, q.noun, counted=counted, footer=footer)
    else:
        echo_report(result, fmt, lang.value)


def for_people(q: Question, table: Table) -> Table:
    """A table as a person reads it: rates as percentages, and the question's total
    row (JSON and CSV keep the exact fractions and only the rows)."""
    columns = dict(table.columns)
    if q.total is not None and len(table):
        total = q.total(table)
        columns = {k: [*v, total.get(k)] for k, v in columns.items()}
    for name, values in columns.items():
        if name.endswith("_rate"):
            columns[name] = [None if v is None else f"{v:.1%}" for v in values]
    return Table(columns)


def command(q: Question) -> Any:
    """The CLI command of question ``q``."""
    rows = bool(q.columns)
    shared = ["format", "lang"] + (["sort", "limit"] if rows else []) + \
        ["store", "backend", "uri", "user", "password", "database", "data", "master"]

    def run(**options: Any) -> None:
        if rows:
            check_limit(options["limit"])
            check_sort(options["sort"], q.column_names)
        values = checked(q, {p.name: options[p.name] for p in q.parameters})
        with open_source(options["backend"], options["store"], options["uri"],
                         options["user"], options["password"], options["database"],
                         options["data"], options["master"]) as source:
            result = catalogue.answer(source, q, **values)
        print_answer(q, result, options["format"], options["lang"],
                     options.get("sort"), options.get("limit"))

    params = [_option(p) for p in q.parameters] + _shared(shared)
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = q.purpose
    run.__name__ = q.name
    return reports_errors(run)


def register(app: typer.Typer) -> None:
    """Add every catalogue question's command: under ``query`` or at the top level."""
    for q in catalogue.questions().values():
        if not q.command or q.name in _CUSTOM:
            continue
        target = query_app if q.command[0] == "query" else app
        target.command(q.command[-1])(command(q))
    app.command("report")(report_command())
    app.command("questions")(questions_command)


@reports_errors
def questions_command(format: FormatOption = Format.table) -> None:
    """The questions graphmodel answers: command, parameters, Cypher file, purpose."""
    echo_table(catalogue.listing(), format, "questions")


#: Questions whose command is written below rather than derived.
_CUSTOM = {"report", "report_by"}


HtmlOption = Annotated[Optional[Path], typer.Option(
    "--html", metavar="FILE", dir_okay=False,
    help="Write the report as one self-contained HTML page (charts, the uncovered "
         "entities with most members, isolated members, stations, instructors, the plan's "
         "before and after) to FILE instead of printing it; --lang sets its language.")]


def write_html(figures: Question, options: dict[str, Any]) -> None:
    """``report --html FILE``: :func:`graphmodel.report_html` on the chosen backend."""
    if options["by"] is not None or options["sort"] or options["limit"] is not None:
        raise OptionValueError("--html writes the region's whole page: it takes no --by, "
                               "--sort or --limit")
    if options["format"] is not Format.table:
        raise OptionValueError("--html writes HTML: it takes no --format")
    from ..html_report import report_html

    values = checked(figures, {p.name: options[p.name] for p in figures.parameters})
    with open_source(options["backend"], options["store"], options["uri"],
                     options["user"], options["password"], options["database"]) as source:
        path = report_html(source, options["html"], lang=options["lang"].value, **values)
    typer.echo(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)", err=True)


def report_command() -> Any:
    """``graphmodel report``: the report's figures, or with ``--by LEVEL`` the same
    figures per region of that level, one row each (the ``report_by`` question)."""
    figures = catalogue.get("report")
    by_region = catalogue.get("report_by")
    by = by_region.parameter("by")

    def run(**options: Any) -> None:
        with_by = options["by"] is not None
        if options["html"] is not None:
            write_html(figures, options)
            return
        q = by_region if with_by else figures
        if with_by:
            check_limit(options["limit"])
            check_sort(options["sort"], q.column_names)
        elif options["sort"] or options["limit"] is not None:
            raise OptionValueError("--sort and --limit need --by (the report is one set "
                                   "of figures)")
        values = checked(q, {p.name: options[p.name] for p in q.parameters})
        with open_source(options["backend"], options["store"], options["uri"],
                         options["user"], options["password"], options["database"],
                         options["data"], options["master"]) as source:
            result = catalogue.answer(source, q, **values)
        print_answer(q, result, options["format"], options["lang"], options["sort"],
                     options["limit"])

    by_option = _option(Parameter(by.name, "choice", by.help, None, by.choices))
    html_option = inspect.Parameter("html", inspect.Parameter.KEYWORD_ONLY, default=None,
                                    annotation=HtmlOption)
    params = [_option(p) for p in figures.parameters] + [by_option, html_option] + _shared(
        ["format", "lang", "sort", "limit", "store", "backend", "uri", "user", "password",
         "database", "data", "master"])
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = (figures.purpose + " With --by, the same figures per region of a level; "
                   "with --html FILE, a page with charts to read, print and send on.")
    run.__name__ = "report"
    return reports_errors(run)

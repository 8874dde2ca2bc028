"""The question commands, derived from the :mod:`~graphmodel.questions.catalogue`.

Each question with a ``command`` becomes a command whose options are its declared
parameters (with their help), plus what every question command shares: the output
(``--format``, ``--lang``, and for rows ``--sort`` and ``--limit``), the store, and
the source options (:mod:`graphmodel.cli.options`). The command is one call into the
library: :func:`graphmodel.questions.asking.answer` on the source
:func:`~graphmodel.cli.options.open_backend` opens.
"""

from __future__ import annotations

import inspect
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import GraphmodelError, OptionValueError
from ..model.table import Table
from ..questions import catalogue
from ..questions.asking import answer
from ..questions.catalogue import Parameter, Question
from .common import check_limit, check_sort, reports_errors
from .options import (
    SOURCE_OPTIONS, FormatOption, Lang, SourceOptions, open_backend, shared_parameters,
)
from .output import Format, echo_report, echo_table

__all__ = ["query_app", "register"]

query_app = typer.Typer(help="Questions about who and what the organisation network misses, "
                             "and breakdowns of coverage.", no_args_is_help=True)


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
    shared = ["format", "lang"] + (["sort", "limit"] if rows else []) + list(SOURCE_OPTIONS)

    def run(**options: Any) -> None:
        if rows:
            check_limit(options["limit"])
            check_sort(options["sort"], q.column_names)
        values = checked(q, {p.name: options[p.name] for p in q.parameters})
        with open_backend(SourceOptions.of(options)) as source:
            result = answer(source, q, **values)
        print_answer(q, result, options["format"], options["lang"],
                     options.get("sort"), options.get("limit"))

    params = [_option(p) for p in q.parameters] + shared_parameters(shared)
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
    with open_backend(SourceOptions.of(options)) as source:
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
        with open_backend(SourceOptions.of(options)) as source:
            result = answer(source, q, **values)
        print_answer(q, result, options["format"], options["lang"], options["sort"],
                     options["limit"])

    by_option = _option(Parameter(by.name, "choice", by.help, None, by.choices))
    html_option = inspect.Parameter("html", inspect.Parameter.KEYWORD_ONLY, default=None,
                                    annotation=HtmlOption)
    params = [_option(p) for p in figures.parameters] + [by_option, html_option] + shared_parameters(
        ["format", "lang", "sort", "limit", *SOURCE_OPTIONS])
    run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = (figures.purpose + " With --by, the same figures per region of a level; "
                   "with --html FILE, a page with charts to read, print and send on.")
    run.__name__ = "report"
    return reports_errors(run)

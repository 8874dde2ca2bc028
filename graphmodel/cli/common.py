"""What every command shares: checking --sort and --limit, and turning errors into
messages (the options themselves are in :mod:`graphmodel.cli.options`)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import typer

from ..codes import redact
from ..errors import DatasetError, GraphmodelError, OptionValueError
from ..model import rows as _rows
from .output import count, printable
from .values import MAX_ROWS, check_count

__all__ = ["fail", "reports_errors", "print_problems", "check_sort", "check_limit", "arrange"]

def check_sort(sort: Sequence[str] | None, columns: Sequence[str] | None) -> None:
    """Refuse a --sort column not among ``columns``, before anything runs."""
    try:
        _rows.sort_keys(sort, columns)
    except GraphmodelError as exc:
        raise OptionValueError(f"--sort: {exc}") from None


def check_limit(limit: int | None) -> None:
    check_count("--limit", limit, 1, MAX_ROWS)


def arrange(rows: Sequence[dict[str, Any]], sort: Sequence[str] | None, limit: int | None,
            columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """``rows`` sorted by --sort and cut at --limit (the library's :mod:`graphmodel.model.rows`)."""
    check_sort(sort, columns)
    return _rows.limit(_rows.sort_rows(rows, sort), limit)

def fail(message: str) -> typer.Exit:
    # Messages may quote data (an id, a name): no raw control characters reach the
    # terminal; a deliberate second line (a server log's tail) stays. An ID number
    # in one is masked.
    typer.echo("error: " + printable(redact(message), keep="\n\t"), err=True)
    return typer.Exit(1)


def print_problems(error: DatasetError, max_errors: int | None = None) -> None:
    shown = error.problems if max_errors is None else error.problems[:max_errors]
    for problem in shown:
        typer.echo(printable(str(problem)), err=True)
    hidden = len(error.problems) - len(shown)
    if hidden:
        typer.echo(f"... and {hidden} more", err=True)
    typer.echo(f"error: {printable(str(error.source))}: rejected, "
               f"{count(len(error.problems), 'problems')}; nothing was changed", err=True)


def reports_errors(command):
    """Expected failures become a message on stderr and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DatasetError as exc:
            print_problems(exc, kwargs.get("max_errors"))
            raise typer.Exit(1) from None
        except GraphmodelError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:  # a path given that the system refuses (too long, /proc...)
            where = str(exc.filename or "")
            where = where if len(where) <= 120 else where[:60] + "..." + where[-40:]
            raise fail(f"{where + ': ' if where else ''}{exc.strerror or exc}") from None

    return wrapper

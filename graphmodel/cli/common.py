"""What every command shares: the store option and turning errors into messages."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..api import STORE_ENV, default_store_path
from ..codes import redact
from ..errors import DatasetError, GraphmodelError
from .output import count, printable

__all__ = ["StoreOption", "store_path", "fail", "reports_errors", "print_problems"]

StoreOption = Annotated[
    Optional[Path],
    typer.Option("--store", envvar=STORE_ENV, show_envvar=True, help="Store file.",
                 show_default="$XDG_DATA_HOME/graphmodel/store.gmz", dir_okay=False),
]


def store_path(option: Path | None) -> Path:
    return option if option is not None else default_store_path()


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

    return wrapper

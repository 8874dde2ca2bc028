"""The `graphmodel` command: argument parsing and messages over the library.

Each command is one call into the library; see the modules beside this one.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Annotated, Any, Optional

import typer
import typer.core

try:  # typer 0.2x carries its own copy of click
    from typer import _click as click
except ImportError:  # pragma: no cover
    # Only older typer gets here; with typer 0.2x click itself is not installed.
    import click  # type: ignore[no-redef, import-not-found, unused-ignore]

from .bulk import export_app
from .data import generate, seed, validate
from .neo4j import cypher, neo4j_app, push
from . import parquet as _parquet  # noqa: F401  (adds `export parquet`)
from .plan import plan_command
from .questions import query_app, register
from .records import link

__all__ = ["app", "main"]


def _usage_line(error: click.exceptions.ClickException) -> str:
    """A usage error as the one line every graphmodel error is: ``error: <message>``.

    >>> _usage_line(click.exceptions.UsageError("No such option: --bogus"))
    'error: no such option: --bogus'
    """
    from .output import printable

    message = " ".join(line.strip() for line in error.format_message().splitlines()).strip()
    if message[:2].istitle():  # "Missing argument" -> "missing argument"; "URI" stays
        message = message[0].lower() + message[1:]
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        message += f"{'' if message.endswith('.') else '.'} See '{ctx.command_path} --help'."
    return "error: " + printable(message)


# click 8.2 and later: a group without a command prints its help by raising this.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class _Group(typer.core.TyperGroup):
    """The root command: a usage error (an unknown option, a value of the wrong type,
    a missing argument) is one line on stderr and exit code 2, as click's exit code
    is, instead of a usage block or a box. CliRunner calls this ``main`` too."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        extra["windows_expand_args"] = windows_expand_args  # click's default too
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as exc:  # the help, on stderr, exit 2
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.ClickException as exc:
            typer.echo(_usage_line(exc), err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            sys.exit(1)
        # Without standalone mode click returns the exit code of a typer.Exit, or the
        # command's return value (None: every command returns nothing).
        sys.exit(code if isinstance(code, int) else 0)


# Help is click's plain text: no markup, so brackets in help texts survive, and each
# option shows its default and environment variable as [env var: X; default: Y].
# Locals are never shown: a traceback's locals could include a password.
app = typer.Typer(
    name="graphmodel",
    cls=_Group,
    help="Market entities, party organisations and members as one graph: "
         "seed a dataset, then ask what the organisation network misses.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"graphmodel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version.")] = None):
    """Market entities, party organisations and members as one graph."""


app.command("seed")(seed)
app.command("validate")(validate)
app.command("generate")(generate)
app.command("link")(link)
app.add_typer(query_app, name="query")
register(app)  # the questions' commands, from the catalogue
app.command("plan")(plan_command)
app.add_typer(neo4j_app, name="neo4j")
app.command("push")(push)
app.command("cypher")(cypher)
app.add_typer(export_app, name="export")


def main() -> None:
    # The driver logs server notifications (e.g. "label does not exist") as warnings;
    # a command-line user should not get them as raw log lines.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    app()

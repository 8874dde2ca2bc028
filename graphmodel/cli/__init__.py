"""The `graphmodel` command: argument parsing and messages over the library.

Each command is one call into the library; see the modules beside this one.
"""

from __future__ import annotations

import logging
from typing import Annotated, Optional

import typer

from .data import generate, seed, validate
from .neo4j import cypher, neo4j_app, push
from .query import query_app, report

__all__ = ["app", "main"]

# Locals are never shown: a traceback's locals could include a password.
app = typer.Typer(
    name="graphmodel",
    help="Market entities, party organisations and members as one graph: "
         "seed a dataset, then ask what the organisation network misses.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
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
app.add_typer(query_app, name="query")
app.command("report")(report)
app.add_typer(neo4j_app, name="neo4j")
app.command("push")(push)
app.command("cypher")(cypher)


def main() -> None:
    # The driver logs server notifications (e.g. "label does not exist") as warnings;
    # a command-line user should not get them as raw log lines.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    app()

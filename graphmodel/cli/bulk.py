"""`graphmodel neo4j import` and `graphmodel export neo4j-admin`: Neo4j's offline importer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import BulkImportError
from .options import DirOption, FromOption, StoreOption, graph_from
from ..backends.neo4j import connection
from .common import reports_errors
from .neo4j import neo4j_app
from .progress import QuietOption, progress_bar

__all__ = ["neo4j_import", "export_app", "neo4j_admin"]

export_app = typer.Typer(help="Write the graph in a form other tools load.",
                         no_args_is_help=True)

_PHASES = {"files": "writing the importer's files", "import": "importing (the old database "
           "is served meanwhile)", "stop": "stopping the server", "start": "starting the "
           "server on the new database", "schema": "creating constraints and indexes"}


@neo4j_app.command("import")
@reports_errors
def neo4j_import(store: StoreOption = None, from_: FromOption = None,
                 dir: DirOption = None, quiet: QuietOption = False) -> None:
    """Replace the local server's database with the store, through Neo4j's offline
    importer (much faster than push; the local server only: push for any other)."""
    from ..backends.neo4j import bulk, server
    from ..backends.neo4j.uri import display_uri

    data_dir = (dir or connection.local_server_dir()).expanduser().resolve()
    elsewhere = os.environ.get("NEO4J_URI")
    running = server.status(data_dir)
    if elsewhere and (running is None or elsewhere.rstrip("/") != running.uri):
        raise BulkImportError(
            f"NEO4J_URI points at {display_uri(elsewhere)}, not at the local server in "
            f"{data_dir}: graphmodel neo4j import replaces only the local server's database "
            "(use graphmodel push for another server, or unset NEO4J_URI)")
    G = graph_from(store, from_)
    with progress_bar(quiet) as bar:
        begun: list[str] = []

        def phase(name: str) -> None:  # a row per phase, complete once the next begins
            if bar is not None:
                if begun:
                    bar(_PHASES[begun[-1]], 1, 1)
                bar(_PHASES[name], 0, 1)
                begun.append(name)

        summary = bulk.bulk_import(G, data_dir, cache_dir=connection.maven_cache_dir(),
                                   progress=phase)
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.seconds.items())
    assert summary.info is not None
    typer.echo(f"imported {summary.rows} rows into the local Neo4j at {summary.info.uri} in "
               f"{summary.total_seconds:.1f} s ({phases})")


@export_app.command("neo4j-admin")
@reports_errors
def neo4j_admin(directory: Annotated[Path, typer.Argument(
                    help="Folder to write the files into (created; files in it are replaced).",
                    file_okay=False, show_default=False)],
                store: StoreOption = None, from_: FromOption = None) -> None:
    """Write the files of `neo4j-admin database import full` for your own Neo4j, and print
    the command that imports them."""
    from ..backends.neo4j import bulk
    from ..io.private import write_private

    G = graph_from(store, from_)
    try:
        files = bulk.write_import_files(G, directory)
        after = write_private(files.directory / "after-import.cypher", bulk.after_import_cypher(G))
    except OSError as exc:
        raise BulkImportError(f"cannot write the files in {directory}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {files.rows} rows in {len(files.nodes) + len(files.relationships)} files "
               f"to {files.directory}. With the database stopped, import them with:\n"
               f"  {bulk.admin_command(files)}\n"
               f"then start it and run {after} (constraints, indexes, the dataset's date), e.g.\n"
               f"  cypher-shell -f {after}")

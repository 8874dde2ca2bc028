"""`graphmodel neo4j start|stop|status`, `graphmodel push` and `graphmodel cypher`."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..errors import GraphmodelError, OptionValueError
from .options import DatabaseOption, DirOption, PasswordOption, SortOption, StoreOption, UriOption, UserOption, neo4j_driver, store_path
# The defaults of the options below come from these; what only a command uses (the
# driver, the store) is imported by that command.
from ..backends.neo4j import adhoc, connection, push as loading, server
from ..backends.neo4j.registry import ANSWERS as NEO4J_ANSWERS
from ..backends.neo4j.source import Neo4jDatabase, cypher_query, cypher_query_dir, file_parameters
from ..questions import catalogue
from ..questions.asking import resolve
from .common import arrange, reports_errors
from .progress import QuietOption, progress_bar
from .output import FORMAT_HELP, Format, count, echo_rows
from .values import (MAX_BATCH_SIZE, MAX_PAGECACHE_MB, MAX_ROWS, MAX_WORKERS, check_count,
                     check_heap, check_seconds)


__all__ = ["neo4j_app", "push", "cypher"]

neo4j_app = typer.Typer(help="A local Neo4j server for graphmodel (Java, no Docker).",
                        no_args_is_help=True)


def _describe(info: server.ServerInfo, environ: Mapping[str, str] | None = None) -> None:
    env = os.environ if environ is None else environ
    typer.echo(f"Neo4j {info.version} is running (pid {info.pid})\n"
               f"  uri:      {info.uri}\n"
               f"  user:     {info.user}\n"
               f"  password: in {info.data_dir / 'password'} (readable by you only)\n"
               f"  data:     {info.data_dir}\n"
               f"{_how_graphmodel_connects(info.data_dir, env)}, e.g.:\n"
               f"  cypher-shell -a {info.uri} -u {info.user} -p \"$(cat {info.data_dir / 'password'})\"")


def _how_graphmodel_connects(data_dir: Path, env: Mapping[str, str]) -> str:
    """What later graphmodel commands need to find the server in ``data_dir``: they
    connect to NEO4J_URI when it is set, else to the server in ``local_server_dir``
    ($GRAPHMODEL_NEO4J_DIR, else the default directory)."""
    lines = []
    if env.get("NEO4J_URI"):
        lines.append("NEO4J_URI is set, so graphmodel commands connect to that server: "
                     "unset NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD) to use this one")
    if Path(data_dir).resolve() != connection.local_server_dir(env).resolve():
        lines.append("graphmodel commands find this server (not in the default directory) "
                     "with this variable set:\n"
                     f"  export GRAPHMODEL_NEO4J_DIR={shlex.quote(os.path.abspath(data_dir))}")
    if not lines:
        return "graphmodel commands connect to it with no flags; other clients"
    return "\n".join(lines) + "\nother clients"


@neo4j_app.command("start")
@reports_errors
def start(dir: DirOption = None,
          port: Annotated[Optional[int], typer.Option(
              "--port", help="Bolt port on 127.0.0.1, 1 to 65535.",
              show_default="a free one")] = None,
          heap: Annotated[str, typer.Option(
              "--heap", help="Java heap size, 256m to 1024g (e.g. 512m, 2g); one query may "
                        "use a quarter of it, all queries together 70%.")] = server.DEFAULT_HEAP,
          pagecache: Annotated[int, typer.Option(
              "--pagecache-mb", help="Page cache in MiB, 16 to 1048576 (the graph's "
                                     "working set).")] = 512) -> None:
    """Start the local Neo4j (jars from Maven Central on first use) on 127.0.0.1."""
    check_count("--port", port, 1, 65535)
    heap = check_heap("--heap", heap)
    check_count("--pagecache-mb", pagecache, 16, MAX_PAGECACHE_MB)
    data_dir = dir or connection.local_server_dir()
    typer.echo("starting Neo4j (the first start resolves its jars with Maven)...", err=True)
    info = server.start(data_dir, port=port, heap=heap, pagecache_mb=pagecache,
                        cache_dir=connection.maven_cache_dir())
    _describe(info)


@neo4j_app.command("stop")
@reports_errors
def stop(dir: DirOption = None) -> None:
    """Stop the local Neo4j."""
    data_dir = dir or connection.local_server_dir()
    typer.echo("stopped" if server.stop(data_dir) else f"no server running in {data_dir}")


@neo4j_app.command("status")
@reports_errors
def status(dir: DirOption = None) -> None:
    """Say whether the local Neo4j is running, and where (exit code 1 if not)."""
    data_dir = dir or connection.local_server_dir()
    info = server.status(data_dir)
    if info is None:
        typer.echo(f"not running (data directory {data_dir})")
        raise typer.Exit(1)
    _describe(info)


@reports_errors
def push(store: StoreOption = None,
         from_: Annotated[Optional[str], typer.Option(
             "--from", help="Push this dataset directory (or bundled dataset) instead of the store.")] = None,
         batch_size: Annotated[int, typer.Option(
             "--batch-size", help="Rows per transaction, 1 to 1000000.")]
         = loading.DEFAULT_BATCH_SIZE,
         workers: Annotated[int, typer.Option(
             "--workers", help="Transactions in flight at once, 1 to 64.")]
         = loading.DEFAULT_WORKERS,
         retry_seconds: Annotated[int, typer.Option(
             "--retry-seconds", help="How long a batch is retried after a transient error "
                                     "(a lock timeout, the server unreachable), 0 to 3600.")]
         = int(loading.RETRY_SECONDS),
         replace: Annotated[bool, typer.Option(
             "--replace", help="Also delete graphmodel nodes and relationships that are not "
                               "in the data. Nothing else is ever deleted.")] = False,
         rewrite: Annotated[bool, typer.Option(
             "--rewrite", help="Write every batch, also those the database holds unchanged "
                               "since the last push (after it was changed by other means).")]
         = False,
         uri: UriOption = None, user: UserOption = None, password: PasswordOption = None,
         database: DatabaseOption = None, quiet: QuietOption = False) -> None:
    """Load the store (or a dataset) into Neo4j, idempotently, in batches; batches the
    database holds unchanged since the last push are skipped."""
    from .. import api
    from ..backends.neo4j.uri import display_uri
    from ..io.store import open_store

    check_count("--batch-size", batch_size, 1, MAX_BATCH_SIZE)
    check_count("--workers", workers, 1, MAX_WORKERS)
    check_count("--retry-seconds", retry_seconds, 0, 3600)
    connection.resolve_connection(uri, user, password, database)  # a bad URI: before the data
    G = api.validate(from_) if from_ else open_store(store_path(store))
    with neo4j_driver(uri, user, password, database) as (driver, conn), progress_bar(quiet) as progress:
        summary = loading.push(G, driver, database=conn.database, batch_size=batch_size,
                               replace=replace, progress=progress, workers=workers,
                               rewrite=rewrite, retry_seconds=retry_seconds)
    rate = summary.total_rows / summary.seconds if summary.seconds else 0
    typer.echo(f"pushed {summary.total_rows} rows to {display_uri(conn.uri)} "
               f"in {summary.seconds:.1f} s ({rate:,.0f} rows/s): "
               f"{summary.nodes_created} nodes and "
               f"{summary.relationships_created} relationships created, "
               f"{summary.properties_set} properties set, {summary.nodes_deleted} nodes and "
               f"{summary.relationships_deleted} relationships deleted; "
               f"{summary.skipped} of {summary.batches} batches unchanged, skipped")


@reports_errors
def cypher(query: Annotated[str, typer.Argument(
               help="A read-only Cypher query, a path to a .cypher file, or the name of a "
                    "question of the library (uncovered, coverage...: see `graphmodel "
                    "questions`), whose parameters default as its command's do.",
               show_default=False, metavar="QUERY_OR_FILE_OR_NAME")],
           param: Annotated[Optional[List[str]], typer.Option(
               "--param", "-p", metavar="NAME=VALUE", help="name=value (JSON values are parsed: 5, true, [\"a\"]).")] = None,
           format: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
           = Format.table,
           sort: SortOption = None,
           limit: Annotated[int, typer.Option("--limit", help="Most rows to print, 1 to "
                                              "1000000.")] = adhoc.DEFAULT_LIMIT,
           timeout: Annotated[float, typer.Option("--timeout", help="Seconds before the server "
                                                  "stops the query, above 0 and at most 86400 "
                                                  "(a day).")] = adhoc.DEFAULT_TIMEOUT,
           max_mb: Annotated[int, typer.Option("--max-mb", help="Most megabytes the rows may "
                                               "take (about, as text) before the query is "
                                               "stopped, 1 to 65536.")] = adhoc.DEFAULT_MAX_MB,
           uri: UriOption = None, user: UserOption = None, password: PasswordOption = None,
           database: DatabaseOption = None) -> None:
    """Run your own read-only Cypher; anything that could write is refused with the reason."""
    check_count("--limit", limit, 1, MAX_ROWS)
    check_count("--max-mb", max_mb, 1, 65536)
    check_seconds("--timeout", timeout)
    path = Path(query)
    text = path.read_text(encoding="utf-8") if query.endswith(".cypher") and path.is_file() else query
    params = dict(adhoc.parse_param(p) for p in param or [])
    if text is not query:  # a file: one of the library's gets the parameters set from others
        params = library_file_parameters(path, params)
    with neo4j_driver(uri, user, password, database) as (driver, conn):
        named = library_query(query) if text is query else None
        if named is not None:
            text, params = named, catalogue_parameters(
                query, params, Neo4jDatabase(driver, conn.database))
        result = adhoc.run_read_query(driver, text, params, database=conn.database,
                                      limit=limit, timeout=timeout, max_mb=max_mb)
    # --limit stops the query at that many rows; --sort orders the rows fetched.
    echo_rows(arrange(result.rows, sort, None, result.columns), result.columns, format, "rows")
    if result.truncated:
        typer.echo(f"(stopped at --limit {limit}: {count(limit, 'rows')} shown; raise it for more)", err=True)


def library_query(name: str) -> str | None:
    """The text of the catalogue question ``name``'s Cypher file, if it is answered by
    running that file (not by an answer of the Neo4j backend's own)."""
    q = catalogue.questions().get(name)
    if q is None or not q.cypher or NEO4J_ANSWERS.find(name) is not None:
        return None
    return cypher_query(q.cypher)


def library_file_parameters(path: Path, given: dict) -> dict:
    """``given``, and for a file of the library whose question sets parameters from
    others (``coverage``: ``$link`` and ``$property`` from ``$by``), those it lacks."""
    library = (cypher_query_dir() / f"{path.stem}.cypher").resolve()
    q = catalogue.questions().get(path.stem)
    if q is None or path.resolve() != library or not all(
            p.name in given for p in q.parameters):
        return given
    try:
        derived = file_parameters(q, given)
    except GraphmodelError:  # a $by that names no group: the query says so itself
        return given
    return {**derived, **given}


def catalogue_parameters(name: str, given: dict, db: Neo4jDatabase) -> dict:
    """A library question's parameters: those given (--param), the rest defaulting as
    the question's command does; checked and resolved as the library does."""
    q = catalogue.get(name)
    known = [p.name for p in q.parameters]
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise OptionValueError(f"--param {unknown[0]}: {name} takes "
                               f"{', '.join(known) or 'no parameters'}")
    return file_parameters(q, resolve(db, q, q.check(given)))

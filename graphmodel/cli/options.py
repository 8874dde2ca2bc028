"""Every option that several commands share, defined once, and :func:`open_backend`,
the one function that opens a command's source from them.

A command takes an option by naming its type here (``store: StoreOption = None``);
the question commands add them to the options derived from a question's parameters
(:mod:`graphmodel.cli.questions`).
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, List, Optional

import typer

from ..api import STORE_ENV, default_store_path, validate
from ..backends.neo4j import connection
from ..backends.neo4j.source import Neo4jDatabase
from ..errors import OptionValueError
from ..io.store import open_store
from ..model.graph import Graph
from .output import FORMAT_HELP, Format

__all__ = ["Backend", "Lang", "Format", "FormatOption", "LangOption", "BackendOption",
           "DataOption", "MasterOption", "StoreOption", "UriOption", "UserOption",
           "PasswordOption", "DatabaseOption", "SortOption", "LimitOption", "SourceOptions",
           "SOURCE_OPTIONS", "open_backend", "neo4j_driver", "store_path", "FromOption",
           "graph_from", "DirOption", "SHARED", "shared_parameters"]


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


@dataclass(frozen=True)
class SourceOptions:
    """The options that name where answers come from: the backend, and what it needs
    (the store; the Neo4j connection; the Parquet folder and Spark's master)."""

    backend: Backend = Backend.embedded
    store: Path | None = None
    uri: str | None = None
    user: str | None = None
    password: str | None = None
    database: str | None = None
    data: str | None = None
    master: str = "local[2]"

    @classmethod
    def of(cls, options: Mapping[str, Any]) -> "SourceOptions":
        """The source options among a command's options (the others are ignored)."""
        return cls(**{f.name: options[f.name] for f in fields(cls) if f.name in options})


#: The names of a command's options that :class:`SourceOptions` holds.
SOURCE_OPTIONS = tuple(f.name for f in fields(SourceOptions))


def open_backend(options: SourceOptions) -> contextlib.AbstractContextManager[Any]:
    """The Graph, the Neo4j database or the Spark dataset the options name, open for
    the command's duration: the one place a command opens its source."""
    return _OPENERS[options.backend](options)


@contextlib.contextmanager
def _open_store(options: SourceOptions) -> Iterator[Graph]:
    yield open_store(store_path(options.store))


@contextlib.contextmanager
def _open_neo4j(options: SourceOptions) -> Iterator[Neo4jDatabase]:
    with neo4j_driver(options.uri, options.user, options.password,
                      options.database) as (driver, conn):
        yield Neo4jDatabase(driver, conn.database)


@contextlib.contextmanager
def _open_spark(options: SourceOptions) -> Iterator[Any]:
    data = options.data
    if data is None:
        raise OptionValueError("--backend spark needs --data: the Parquet folder "
                               "(write one with graphmodel export parquet)")
    if "://" not in data and not Path(data).is_dir():  # a URL is Spark's to check
        raise OptionValueError(f"--data: no folder {data}")
    # pyspark is imported only by a command that asks Spark.
    from ..backends.spark.session import require_pyspark, spark_session
    from ..backends.spark.source import SparkDataset

    running = require_pyspark().sql.SparkSession.getActiveSession()  # a caller's (a notebook's): not ours to stop
    session = spark_session(options.master)
    try:
        yield SparkDataset(session, data)
    finally:
        if running is None:
            session.stop()


_OPENERS = {Backend.embedded: _open_store, Backend.neo4j: _open_neo4j,
            Backend.spark: _open_spark}


StoreOption = Annotated[
    Optional[Path],
    typer.Option("--store", envvar=STORE_ENV, show_envvar=True, help="Store file.",
                 show_default="$XDG_DATA_HOME/graphmodel/store.gmz", dir_okay=False),
]


def store_path(option: Path | None) -> Path:
    return option if option is not None else default_store_path()


SortOption = Annotated[Optional[List[str]], typer.Option(
    "--sort", metavar="COLUMN", show_default="by id",
    help="Sort by this column, -COLUMN for descending (e.g. --sort=-members); repeat for "
         "more keys. Stable, empty values last.")]
LimitOption = Annotated[Optional[int], typer.Option(
    "--limit", show_default="all", help="Print at most this many rows (after sorting), "
                                        "1 to 1000000.")]


# The variables are read by connection.resolve_connection, not by click (a URI's
# user:password@ ranks between the options and the variables), so the help names them.
UriOption = Annotated[Optional[str], typer.Option(
    "--uri", help="Bolt URI: bolt://, neo4j:// (each also +s or +ssc) and a host. "
                  "A user:password@ in it is used as --user/--password and "
                  "never printed.  [env var: NEO4J_URI; default: (the local server)]",
    rich_help_panel="Neo4j connection")]
UserOption = Annotated[Optional[str], typer.Option(
    "--user", help="User name.  [env var: NEO4J_USERNAME; default: neo4j]",
    rich_help_panel="Neo4j connection")]
PasswordOption = Annotated[Optional[str], typer.Option(
    "--password", help="Password; prefer the variable (options are visible to other "
                       "users).  [env var: NEO4J_PASSWORD; default: (the local server's)]",
    rich_help_panel="Neo4j connection")]
DatabaseOption = Annotated[Optional[str], typer.Option(
    "--database", help="Database.  [env var: NEO4J_DATABASE; default: (the server's "
                       "default)]",
    rich_help_panel="Neo4j connection")]


@contextlib.contextmanager
def neo4j_driver(uri, user, password, database) -> Iterator[tuple[object, connection.Connection]]:
    conn = connection.resolve_connection(uri, user, password, database)
    with connection.connect(conn) as driver, connection.translate_errors(conn):
        yield driver, conn


FromOption = Annotated[Optional[str], typer.Option(
    "--from", help="Use this dataset directory (or bundled dataset) instead of the store.")]


def graph_from(store: Path | None, from_: str | None) -> Graph:
    """The graph of ``--from`` (a dataset, validated) or else of the store."""
    return validate(from_) if from_ else open_store(store_path(store))


DirOption = Annotated[Optional[Path], typer.Option(
    "--dir", envvar="GRAPHMODEL_NEO4J_DIR", show_envvar=True, file_okay=False,
    help="The server's data directory.", show_default="$XDG_DATA_HOME/graphmodel/neo4j")]

#: The options the question commands share, with their defaults, by parameter name.
SHARED = {
    "format": (FormatOption, Format.table), "lang": (LangOption, Lang.en),
    "sort": (SortOption, None), "limit": (LimitOption, None),
    "store": (StoreOption, None), "backend": (BackendOption, Backend.embedded),
    "uri": (UriOption, None), "user": (UserOption, None),
    "password": (PasswordOption, None), "database": (DatabaseOption, None),
    "data": (DataOption, None), "master": (MasterOption, "local[2]"),
}


def shared_parameters(names: list[str]) -> list[inspect.Parameter]:
    return [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=SHARED[n][1],
                              annotation=SHARED[n][0]) for n in names]

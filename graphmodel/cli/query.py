"""`graphmodel query uncovered`, `graphmodel query isolated` and `graphmodel report`."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Optional

import typer

from enum import Enum

from .. import arguments, queries
from ..neo4j import queries as neo4j_queries
from ..store import open_store
from .common import (
    LimitOption, SortOption, StoreOption, arrange, check_limit, check_sort, reports_errors,
    store_path,
)
from .neo4j import DatabaseOption, PasswordOption, UriOption, UserOption, neo4j_driver
from .output import FORMAT_HELP, Format, echo_report, echo_rows
from ..errors import GraphmodelError
from .values import MAX_ROWS, OptionValueError, check_count

__all__ = ["query_app", "report"]

query_app = typer.Typer(help="Gap queries: who and what the organisation network misses.",
                        no_args_is_help=True)

RegionOption = Annotated[Optional[str], typer.Option(
    "--region", help="Only this region and every region below it: its id, exact name "
                     "or GB/T 2260 code.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]


class Backend(str, Enum):
    embedded = "embedded"
    neo4j = "neo4j"


BackendOption = Annotated[Backend, typer.Option(
    "--backend", help="Answer from the embedded store or from Neo4j (same answers).")]


def _ask(backend: Backend, store, conn_options: tuple, name: str, **kwargs):
    """Run the query ``name`` on the chosen backend: one library call either way."""
    if backend is Backend.neo4j:
        with neo4j_driver(*conn_options) as (driver, conn):
            return getattr(neo4j_queries, name)(driver, **kwargs, database=conn.database)
    return getattr(queries, name)(open_store(store_path(store)), **kwargs)


@query_app.command("uncovered")
@reports_errors
def uncovered(region: RegionOption = None,
              type: Annotated[Optional[str], typer.Option(
                  "--type", help="Entity types, comma-separated: small_micro, individual, "
                                 "market, enterprise (e.g. small_micro,individual).")] = None,
              industry: Annotated[Optional[str], typer.Option(
                  "--industry", help="Only this industry (its id).")] = None,
              min_members: Annotated[int, typer.Option(
                  "--min-members", help="Only entities employing at least this many "
                  "members, 0 to 1000000 (3: candidates for a standalone branch).")] = 0,
              format: FormatOption = Format.table, sort: SortOption = None,
              limit: LimitOption = None, store: StoreOption = None,
              backend: BackendOption = Backend.embedded, uri: UriOption = None,
              user: UserOption = None, password: PasswordOption = None,
              database: DatabaseOption = None) -> None:
    """Market entities that no party organisation covers."""
    check_count("--min-members", min_members, 0, MAX_ROWS)
    check_limit(limit)
    columns = ["id", "name", "type", "region_id", "industry_id", "members"]
    check_sort(sort, columns)
    types = _types(type)
    rows = _ask(backend, store, (uri, user, password, database), "uncovered",
                region=region, types=types, industry=industry, min_members=min_members)
    echo_rows(arrange(rows, sort, limit, columns), columns, format, "uncovered entities")


@query_app.command("isolated")
@reports_errors
def isolated(region: RegionOption = None, format: FormatOption = Format.table,
             sort: SortOption = None, limit: LimitOption = None,
             store: StoreOption = None, backend: BackendOption = Backend.embedded,
             uri: UriOption = None, user: UserOption = None, password: PasswordOption = None,
             database: DatabaseOption = None) -> None:
    """Members the organisation network cannot reach (lost contact, or unattached)."""
    check_limit(limit)
    columns = ["id", "name", "region_id", "employer_id", "reasons"]
    check_sort(sort, columns)
    rows = _ask(backend, store, (uri, user, password, database), "isolated", region=region)
    echo_rows(arrange(rows, sort, limit, columns), columns, format, "isolated members")


def _as_of(value: str | None) -> _dt.date | None:
    """The --as-of date, checked as the library checks it, before anything runs."""
    try:
        return arguments.as_of_date(value, "--as-of")
    except GraphmodelError as exc:
        raise OptionValueError(str(exc)) from None


def _types(value: str | None) -> list[str] | None:
    """The --type list, checked as the library checks it, before anything runs."""
    try:
        return arguments.entity_types(value, "--type")
    except GraphmodelError as exc:
        raise OptionValueError(str(exc)) from None


@reports_errors
def report(region: RegionOption = None,
           type: Annotated[Optional[str], typer.Option(
               "--type", help="Entity types in scope, comma-separated "
                              "(e.g. small_micro,individual).")] = None,
           as_of: Annotated[Optional[str], typer.Option(
               "--as-of", help="Date ending the 183-day organisational-life window, "
                               "YYYY-MM-DD.",
               show_default="the dataset's date, else today")] = None,
           format: FormatOption = Format.table, store: StoreOption = None,
           backend: BackendOption = Backend.embedded, uri: UriOption = None,
           user: UserOption = None, password: PasswordOption = None,
           database: DatabaseOption = None) -> None:
    """Coverage and member figures for a region subtree and entity types."""
    types = _types(type)
    figures = _ask(backend, store, (uri, user, password, database), "report",
                   region=region, types=types, as_of=_as_of(as_of))
    echo_report(figures, format)

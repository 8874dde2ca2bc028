"""`graphmodel regions` and `graphmodel industries`: the reference lists."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Optional

import typer

from .. import reference
from ..neo4j import queries as neo4j_queries
from ..store import open_store
from .common import (
    LimitOption, SortOption, StoreOption, arrange, check_limit, check_sort, reports_errors,
    store_path,
)
from .neo4j import DatabaseOption, PasswordOption, UriOption, UserOption, neo4j_driver
from .output import Format, echo_rows
from .query import Backend, BackendOption, FormatOption

__all__ = ["regions", "industries"]


class Level(str, Enum):
    province = "province"
    city = "city"
    county = "county"
    town = "town"


def _list(backend: Backend, store: Any, conn_options: tuple, name: str,
          **kwargs: Any) -> list[dict[str, Any]]:
    if backend is Backend.neo4j:
        with neo4j_driver(*conn_options) as (driver, conn):
            return getattr(neo4j_queries, name)(driver, **kwargs, database=conn.database)
    return getattr(reference, name)(open_store(store_path(store)), **kwargs)


@reports_errors
def regions(under: Annotated[Optional[str], typer.Option(
                "--under", metavar="ID_OR_NAME", help="Only this region and every region below "
                "it (its id, exact name or GB/T 2260 code).")] = None,
            level: Annotated[Optional[Level], typer.Option(
                "--level", help="Only regions of this level.")] = None,
            format: FormatOption = Format.table, sort: SortOption = None,
            limit: LimitOption = None, store: StoreOption = None,
            backend: BackendOption = Backend.embedded, uri: UriOption = None,
            user: UserOption = None, password: PasswordOption = None,
            database: DatabaseOption = None) -> None:
    """The regions: id, name, level, GB/T 2260 code and parent."""
    check_limit(limit)
    columns = list(reference.REGION_COLUMNS)
    check_sort(sort, columns)
    rows = _list(backend, store, (uri, user, password, database), "regions", under=under,
                 level=level.value if level is not None else None)
    echo_rows(arrange(rows, sort, limit, columns), columns, format, "regions")


@reports_errors
def industries(format: FormatOption = Format.table, sort: SortOption = None,
               limit: LimitOption = None, store: StoreOption = None,
               backend: BackendOption = Backend.embedded, uri: UriOption = None,
               user: UserOption = None, password: PasswordOption = None,
               database: DatabaseOption = None) -> None:
    """The industries: id and name."""
    check_limit(limit)
    columns = list(reference.INDUSTRY_COLUMNS)
    check_sort(sort, columns)
    rows = _list(backend, store, (uri, user, password, database), "industries")
    echo_rows(arrange(rows, sort, limit, columns), columns, format, "industries")

"""`graphmodel query uncovered`, `graphmodel query isolated` and `graphmodel report`."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Optional

import typer

from .. import queries
from ..store import open_store
from .common import StoreOption, reports_errors, store_path
from .output import Format, render_report, render_rows

__all__ = ["query_app", "report"]

query_app = typer.Typer(help="Gap queries: who and what the organisation network misses.",
                        no_args_is_help=True)

RegionOption = Annotated[Optional[str], typer.Option(
    "--region", help="Only this region and every region below it (its id).")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


@query_app.command("uncovered")
@reports_errors
def uncovered(region: RegionOption = None,
              type: Annotated[Optional[str], typer.Option(
                  "--type", help="small_micro, individual, market or enterprise.")] = None,
              industry: Annotated[Optional[str], typer.Option(
                  "--industry", help="Only this industry (its id).")] = None,
              format: FormatOption = Format.table, store: StoreOption = None) -> None:
    """Market entities that no party organisation covers."""
    rows = queries.uncovered(open_store(store_path(store)), region=region, type=type,
                             industry=industry)
    columns = ["id", "name", "type", "region_id", "industry_id", "members"]
    typer.echo(render_rows(rows, columns, format, "uncovered entities"))


@query_app.command("isolated")
@reports_errors
def isolated(region: RegionOption = None, format: FormatOption = Format.table,
             store: StoreOption = None) -> None:
    """Members the organisation network cannot reach (lost contact, or unattached)."""
    rows = queries.isolated(open_store(store_path(store)), region=region)
    columns = ["id", "name", "region_id", "employer_id", "reasons"]
    typer.echo(render_rows(rows, columns, format, "isolated members"))


def _as_of(value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("expected a date YYYY-MM-DD", param_hint="--as-of") from None


@reports_errors
def report(region: RegionOption = None,
           type: Annotated[Optional[str], typer.Option(
               "--type", help="Entity types in scope, comma-separated "
                              "(e.g. small_micro,individual).")] = None,
           as_of: Annotated[Optional[str], typer.Option(
               "--as-of", help="Date ending the 183-day organisational-life window "
                               "[default: today].")] = None,
           format: FormatOption = Format.table, store: StoreOption = None) -> None:
    """Coverage and member figures for a region subtree and entity types."""
    if format is Format.csv:
        raise typer.BadParameter("the report is printed as table or json", param_hint="--format")
    types = [t.strip() for t in type.split(",") if t.strip()] if type else None
    figures = queries.report(open_store(store_path(store)), region=region, types=types,
                             as_of=_as_of(as_of))
    typer.echo(render_report(figures, format))

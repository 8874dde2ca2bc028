"""``graphmodel plan``: :func:`graphmodel.plan` plus argument parsing and printing."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..questions import arguments
from .options import SourceOptions, open_backend, Backend, BackendOption, DataOption, DatabaseOption, FormatOption, Lang, LangOption, LimitOption, MasterOption, PasswordOption, SortOption, StoreOption, UriOption, UserOption
from ..errors import GraphmodelError, OptionValueError
from ..model.table import Table
from .common import check_limit, check_sort, reports_errors
from .output import Format, echo_table
from .values import check_count

__all__ = ["plan_command"]


class PlanBy(str, Enum):
    city = "city"
    county = "county"
    town = "town"
    type = "type"


def _checked(region: str | None, types: str | None, as_of: str | None,
             station_threshold: int, max_load: float | None) -> dict[str, Any]:
    """The options as the library takes them, refused before anything is opened."""
    try:
        return {"region": arguments.identifier(region, "--region"),
                "types": arguments.entity_types(types, "--type"),
                "as_of": arguments.as_of_date(as_of, "--as-of"),
                "station_threshold": check_count("--station-threshold", station_threshold,
                                                 1, 10**9),
                "max_load": None if max_load is None else _positive(max_load)}
    except GraphmodelError as exc:
        raise OptionValueError(str(exc)) from None


def _positive(value: float) -> float:
    if not 0 < value <= 10**9:             # NaN fails too
        raise OptionValueError(f"--max-load: expected a number above 0, got {value}")
    return value


def _for_people(table: Table, total: dict[str, Any] | None) -> Table:
    """Rates as percentages, and the total row under the rows (tables only)."""
    columns = dict(table.columns)
    if total is not None and len(table):
        columns = {k: [*v, total.get(k)] for k, v in columns.items()}
    for name in ("coverage_before", "coverage_after"):
        if name in columns:
            columns[name] = [None if v is None else f"{v:.1%}" for v in columns[name]]
    return Table(columns)


@reports_errors
def plan_command(
    region: Annotated[Optional[str], typer.Option(
        "--region", help="Only this region and every region below it: its id, exact name or "
                         "GB/T 2260 code.")] = None,
    types: Annotated[Optional[str], typer.Option(
        "--type", help="Entity types, comma-separated: small_micro, individual, market, "
                       "enterprise.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="The report's date, YYYY-MM-DD.",
        show_default="the dataset's date, else today")] = None,
    station_threshold: Annotated[int, typer.Option(
        "--station-threshold", help="Unregistered floating members a town without a liaison "
                                    "station needs for a new one.")] = 5,
    max_load: Annotated[Optional[float], typer.Option(
        "--max-load", help="Organisations per instructor a county without instructors is "
                           "staffed for.", show_default="the current median load")] = None,
    summary: Annotated[bool, typer.Option(
        "--summary", help="Print the effect per county: coverage before and after, new "
                          "branches by formation, stations and instructors.")] = False,
    by: Annotated[Optional[PlanBy], typer.Option(
        "--by", help="Print the effect per region of this level, or per entity type.")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", help="Also write the proposals as dataset files (organisations.csv, "
                      "coverage.csv, memberships.csv, stations.csv, registrations.csv, "
                      "guidance.csv) in this folder.")] = None,
    format: FormatOption = Format.table,
    lang: LangOption = Lang.en,
    sort: SortOption = None,
    limit: LimitOption = None,
    store: StoreOption = None,
    backend: BackendOption = Backend.embedded,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data: DataOption = None,
    master: MasterOption = "local[2]",
) -> None:
    """A work plan for the uncovered entities: a formation for each one with members
    (standalone, regional or affiliated), liaison stations for unregistered floating
    members, instructors for unguided organisations; --summary prints its effect."""
    from ..planning import FORMATION_COLUMNS, SUMMARY_COLUMNS, plan

    values = _checked(region, types, as_of, station_threshold, max_load)
    effect = summary or by is not None
    columns = SUMMARY_COLUMNS if effect else FORMATION_COLUMNS
    check_limit(limit)
    check_sort(sort, columns)
    if out is not None:
        from ..planning.files import check_out

        check_out(out)
    sources = SourceOptions(backend, store, uri, user, password, database, data, master)
    with open_backend(sources) as source:
        result = plan(source, **values, by=(by or PlanBy.county).value)
    if out is not None:
        for path in result.write(out):
            with open(path, encoding="utf-8") as fh:
                written = sum(1 for _ in fh) - 1
            typer.echo(f"wrote {path.name}: {written} proposed rows", err=True)
    rows = result.summary if effect else result.formations
    table = Table.from_rows(rows, columns).sort(sort).head(limit)
    counted = len(table)
    noun = "regions" if effect and result.by != "type" else \
        ("types" if effect else "entities to form or attach")
    if format is Format.table and effect:
        table = _for_people(table, result.total())
    footer = None
    if lang is not Lang.en:
        from ..i18n import count_text, translate_table

        table = translate_table(table, lang.value)
        footer = count_text(counted, noun, lang.value)
    echo_table(table, format, noun, counted=counted, footer=footer)

"""`graphmodel check`: :func:`graphmodel.check` plus argument parsing and printing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from .options import FormatOption, LimitOption, SortOption, StoreOption, store_path
from ..questions import arguments
from ..errors import GraphmodelError, OptionValueError
from ..model.table import Table
from .common import check_limit, check_sort, reports_errors
from .data import LinksOption, MappingOption
from .output import Format, echo_table

__all__ = ["check_command"]


@reports_errors
def check_command(
    source: Annotated[Optional[str], typer.Argument(
        help="A dataset directory, .xlsx workbook or bundled dataset to check before seeding "
             "it (read with --mapping and --links as seed reads it).",
        show_default="the store", metavar="[SOURCE]")] = None,
    mapping: MappingOption = None,
    links: LinksOption = None,
    region: Annotated[Optional[str], typer.Option(
        "--region", help="Only records in this region and every region below it: its id, "
                         "exact name or GB/T 2260 code.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="The date ages are taken at, YYYY-MM-DD.",
        show_default="the dataset's date, else today")] = None,
    format: FormatOption = Format.table,
    sort: SortOption = None,
    limit: LimitOption = None,
    store: StoreOption = None,
    truth: Annotated[Optional[Path], typer.Option(
        "--truth", dir_okay=False, metavar="FILE",
        help="The injected records (rule, kind, id), such as the faults_truth.csv that "
             "generate --faults writes: print how many were found and the share of clean "
             "records reported.")] = None,
) -> None:
    """List suspicious records (not errors: the dataset loads): the same person twice, ID
    numbers that cannot be right, members and coverage across county lines, empty
    organisations and small branches, unused stations, idle instructors."""
    from ..checks import CHECK_COLUMNS, RULES, check

    try:
        day = arguments.as_of_date(as_of, "--as-of")
        wanted = arguments.identifier(region, "--region")
    except GraphmodelError as exc:
        raise OptionValueError(str(exc)) from None
    check_limit(limit)
    check_sort(sort, CHECK_COLUMNS)
    if source is not None:
        G = api.validate(source, mapping=mapping or None, links=links)
    else:
        if mapping or links is not None:
            raise OptionValueError("--mapping and --links read a SOURCE: name the dataset")
        from ..io.store import open_store

        G = open_store(store_path(store))
    rows = check(G, as_of=day, region=wanted)
    table = Table.from_rows(rows, CHECK_COLUMNS).sort(sort).head(limit)
    echo_table(table, format, "suspicious records", counted=len(table))
    if truth is not None:
        # On stderr, beside the rows: JSON or CSV output stays clean.
        from ..generate.faults import read_fault_truth, score_checks

        records = {kind: G.count(kind) for kind in {r.kind for r in RULES}}
        score = score_checks(rows, read_fault_truth(truth), records)
        typer.echo(f"found {score['found']:,} of {score['injected']:,} injected records; "
                   f"{score['flagged_clean']:,} of {score['clean']:,} clean records reported "
                   f"({score['false_positive_rate']:.2%})", err=True)
        for rule, (found, injected) in score["by_rule"].items():
            typer.echo(f"  {rule}: found {found:,} of {injected:,}", err=True)
        for kind, (flagged, clean) in score["by_kind"].items():
            typer.echo(f"  clean {kind} records reported: {flagged:,} of {clean:,}", err=True)

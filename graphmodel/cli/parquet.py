"""`graphmodel export parquet`: the store as partitioned Parquet (pandas, polars,
DuckDB, Spark)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .bulk import FromOption, _graph, export_app
from .common import StoreOption, reports_errors

__all__ = ["parquet"]

RegionExportOption = Annotated[Optional[str], typer.Option(
    "--region", help="Only this region's part: its id, exact name or GB/T 2260 code.")]


@export_app.command("parquet")
@reports_errors
def parquet(out: Annotated[Path, typer.Argument(
                help="Folder to write the tables into (created; tables in it are replaced).",
                file_okay=False, show_default=False)],
            store: StoreOption = None, from_: FromOption = None,
            region: RegionExportOption = None) -> None:
    """Write one Parquet table per file of the dataset contract, partitioned by province
    (OUT/entities/province=46/part-0.parquet...)."""
    from ..exports.parquet import write_parquet

    G = _graph(store, from_)
    path = write_parquet(G, out, region=region)
    typer.echo(f"wrote the tables as Parquet to {path}")

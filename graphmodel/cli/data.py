"""`graphmodel seed` and `graphmodel validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from .common import StoreOption, reports_errors, store_path

__all__ = ["seed", "validate", "generate"]

SourceArgument = Annotated[str, typer.Argument(
    help="A dataset directory, or the name of a bundled (demo) or generated (hainan-2016) "
         "dataset.", show_default=False)]
MaxErrors = Annotated[Optional[int], typer.Option(
    "--max-errors", min=1, help="Show at most this many problems, then a count.")]


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in counts.items())


@reports_errors
def seed(source: SourceArgument, store: StoreOption = None,
         max_errors: MaxErrors = None) -> None:
    """Validate a dataset and replace the store's contents with it."""
    path = store_path(store)
    G = api.seed(source, path)
    typer.echo(f"seeded {source} into {path}: {_summary(G.counts())}")


@reports_errors
def validate(source: SourceArgument, max_errors: MaxErrors = None) -> None:
    """Check a dataset and list every problem; change nothing."""
    G = api.validate(source)
    typer.echo(f"{source}: valid: {_summary(G.counts())}")


@reports_errors
def generate(name: Annotated[str, typer.Argument(help="The generator: hainan-2016.",
                                                 show_default=False)],
             out: Annotated[Path, typer.Option("--out", file_okay=False,
                                               help="Directory to write the CSV files to.")],
             seed: Annotated[Optional[int], typer.Option(
                 "--seed", help="Random seed (the same seed writes the same files).")] = None) -> None:
    """Write a generated dataset (a whole province) as CSV files."""
    from ..generate import generate as write

    path = write(name, out, seed)
    typer.echo(f"wrote {name} to {path}")

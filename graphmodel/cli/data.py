"""`graphmodel seed` and `graphmodel validate`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from .options import StoreOption, store_path
from ..errors import OptionValueError
from .common import reports_errors
from .output import count
from .progress import QuietOption, progress_bar
from .values import MAX_ROWS, MAX_SEED, check_count

__all__ = ["seed", "validate", "generate", "SourceArgument", "MappingOption"]

class GenerateFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


SourceArgument = Annotated[str, typer.Argument(
    help="A dataset directory or .xlsx workbook (one sheet per file), or the name of a bundled (demo) or generated (hainan-2016) "
         "dataset. A folder with such a name is refused as ambiguous: say ./demo for the "
         "folder, bundled:demo or generated:hainan-2016 for graphmodel's.", show_default=False,
    metavar="SOURCE")]
MappingOption = Annotated[Optional[list[Path]], typer.Option(
    "--mapping", dir_okay=False, metavar="FILE",
    help="A mapping file (TOML) for source files in other layouts: which source column "
         "feeds which contract column, value translations, title rows, defaults. May be "
         "given more than once. See README, Bringing your own data.")]
LinksOption = Annotated[Optional[Path], typer.Option(
    "--links", dir_okay=False, metavar="FILE",
    help="A reviewed link file (graphmodel link --out): members without an employer_id "
         "take its entity_id.")]
MaxErrors = Annotated[Optional[int], typer.Option(
    "--max-errors", help="Show at most this many problems (1 to 1000000), then a count.")]


def _summary(counts: dict[str, int]) -> str:
    """Nodes per kind, then rows per link file.

    >>> _summary({"entity": 1, "agency": 2, "coverage": 1})
    '1 entity, 2 agencies; link rows: coverage 1'
    """
    from ..model.schema import NODE_KINDS

    nodes = {k.name for k in NODE_KINDS}
    text = ", ".join(count(v, k[:-1] + "ies" if k.endswith("y") else k + "s")
                     for k, v in counts.items() if k in nodes)
    links = ", ".join(f"{k} {v:,}" for k, v in counts.items() if k not in nodes)
    return f"{text}; link rows: {links}" if links else text


@reports_errors
def seed(source: SourceArgument, store: StoreOption = None,
         mapping: MappingOption = None, links: LinksOption = None,
         max_errors: MaxErrors = None, quiet: QuietOption = False) -> None:
    """Validate a dataset and replace the store's contents with it."""
    check_count("--max-errors", max_errors, 1, MAX_ROWS)
    path = store_path(store)
    with progress_bar(quiet) as progress:
        G = api.seed(source, path, mapping=mapping or None, links=links, progress=progress)
    typer.echo(f"seeded {source} into {path}: {_summary(G.counts())}")


@reports_errors
def validate(source: SourceArgument, mapping: MappingOption = None,
             links: LinksOption = None, max_errors: MaxErrors = None) -> None:
    """Check a dataset and list every problem; change nothing."""
    check_count("--max-errors", max_errors, 1, MAX_ROWS)
    G = api.validate(source, mapping=mapping or None, links=links)
    typer.echo(f"{source}: valid: {_summary(G.counts())}")


@reports_errors
def generate(name: Annotated[str, typer.Argument(help="The generator: hainan-2016.",
                                                 show_default=False, metavar="NAME")],
             out: Annotated[Path, typer.Option("--out", file_okay=False,
                                               help="Directory to write the files to.")],
             seed: Annotated[Optional[int], typer.Option(
                 "--seed", help="Random seed, 0 to 2^63-1 (the same seed writes the same "
                                "files).")] = None,
             noisy_employers: Annotated[bool, typer.Option(
                 "--noisy-employers", help="Members carry employer_name, typed with the usual "
                 "noise, instead of employer_id; the true links go to employer_truth.csv "
                 "(for graphmodel link --truth).")] = False,
             faults: Annotated[Optional[float], typer.Option(
                 "--faults", metavar="RATE",
                 help="Inject records graphmodel check reports (duplicates, bad ID numbers, "
                      "empty organisations...): this share of each rule's kind of record, "
                      "above 0 and at most 0.1; faults_truth.csv names them (for graphmodel "
                      "check --truth).")] = None,
             provinces: Annotated[Optional[int], typer.Option(
                 "--provinces", help="Write this many provinces (1 to 31), each with its own "
                 "seed, province code and id prefix, one at a time (needs --format "
                 "parquet).")] = None,
             format: Annotated[GenerateFormat, typer.Option(
                 "--format", help="csv: the dataset contract's files; parquet: the tables "
                 "of graphmodel export parquet, partitioned by province.")] = GenerateFormat.csv,
             quiet: QuietOption = False) -> None:
    """Write a generated dataset (a whole province) as CSV files, or N provinces as
    partitioned Parquet."""
    check_count("--seed", seed, 0, MAX_SEED)
    check_count("--provinces", provinces, 1, 31)
    if faults is not None and not 0 < faults <= 0.1:  # NaN fails too
        raise OptionValueError(f"--faults: expected a share above 0 and at most 0.1, got {faults}")
    if format is GenerateFormat.parquet:
        if noisy_employers or faults is not None:
            raise OptionValueError("--noisy-employers and --faults write CSV only "
                                   "(not --format parquet)")
        from ..generate.provinces import generate_provinces

        n = provinces or 1
        say = (lambda k, code: None) if quiet else (lambda k, code: typer.echo(
            f"province {k + 1} of {n} (code {code})...", err=True))
        path = generate_provinces(name, out, n, seed, progress=say)
        typer.echo(f"wrote {n} {name} province{'s' if n > 1 else ''} as Parquet to {path}")
        return
    if provinces is not None and provinces != 1:
        raise OptionValueError("--provinces needs --format parquet")
    from ..generate import generate as write

    with progress_bar(quiet) as progress:
        path = write(name, out, seed, noisy_employers=noisy_employers, faults=faults,
                     progress=progress)
    typer.echo(f"wrote {name} to {path}")

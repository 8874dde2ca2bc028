"""`graphmodel link`: employers typed by name, matched to entities."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from .options import FormatOption
from .common import reports_errors
from .data import MappingOption, SourceArgument
from .output import Format, echo_rows

__all__ = ["link"]

_FileOption = Optional[Path]


@reports_errors
def link(source: SourceArgument, mapping: MappingOption = None,
         review: Annotated[_FileOption, typer.Option(
             "--review", dir_okay=False, metavar="FILE",
             help="A reviewed link file: its rows' entity_id (empty: no employer) replace "
                  "the matcher's for those members.")] = None,
         out: Annotated[_FileOption, typer.Option(
             "--out", dir_okay=False, metavar="FILE",
             help="Write the link (review) file here: CSV, one row per member; correct "
                  "entity_id, keep the rows you reviewed, and give it to --review or to "
                  "seed --links.")] = None,
         truth: Annotated[_FileOption, typer.Option(
             "--truth", dir_okay=False, metavar="FILE",
             help="The true links (member_id, entity_id), such as the employer_truth.csv "
                  "that generate writes with noisy employers: print precision and "
                  "recall.")] = None,
         format: FormatOption = Format.table) -> None:
    """Match members' employer_name to market entities: exact, fuzzy, ambiguous, unmatched."""
    links = api.link(source, mapping, review, out)
    echo_rows([x.row() for x in links],
              ["member_id", "status", "entity_id", "score", "candidates", "employer_name",
               "entity_name"], format, "members")
    # The summary goes beside the rows: on stderr, so JSON or CSV output stays clean.
    tally = Counter(x.status for x in links)
    typer.echo(", ".join(f"{tally[s]:,} {s}" for s in ("exact", "fuzzy", "ambiguous",
                                                      "unmatched")), err=True)
    if truth is not None:
        from ..employers import score_links
        from ..generate.noise import read_truth

        scores = score_links(links, read_truth(truth))
        typer.echo(f"precision {scores['precision']:.4f}, recall {scores['recall']:.4f} "
                   f"({scores['correct']:,} right of {scores['matched']:,} matched; "
                   f"{len(read_truth(truth)):,} true links)", err=True)

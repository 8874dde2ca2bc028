"""The plan as dataset files, for review in a spreadsheet and to apply.

Each file has the columns of the dataset file of the same name (see
:mod:`graphmodel.model.schema`) plus ``proposed`` (always ``true``), so appending its rows
to that file, columns matched by header, applies the plan: ``graphmodel seed`` of
the result gives a graph whose ``report`` is the plan's "after".
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import PlanError
from ..io.csvtext import csv_safe
from ..io.private import PRIVATE_FILE_MODE, make_private_dir
from ..model.schema import LINK_FILES, NODE_KINDS

__all__ = ["PLAN_FILES", "write_files", "file_columns", "check_out"]

#: The files ``--out`` writes, by the dataset kind (node or link file) they extend.
PLAN_FILES = {"organisation": "organisations.csv", "coverage": "coverage.csv",
              "memberships": "memberships.csv", "station": "stations.csv",
              "registrations": "registrations.csv", "guidance": "guidance.csv"}


def file_columns(kind: str) -> list[str]:
    """The dataset file's columns for ``kind``, then ``proposed``.

    >>> file_columns("guidance")
    ['instructor_id', 'organisation_id', 'since', 'proposed']
    """
    model = next((k.model for k in NODE_KINDS if k.name == kind), None) or \
        next(f.model for f in LINK_FILES if f.name == kind)
    return [*model.model_fields, "proposed"]


def check_out(out: str | Path) -> Path:
    """``out`` as a folder the plan may write in: not a file, and holding none of the
    plan's files (a plan never overwrites a review in progress).

    >>> check_out("/nonexistent/plan").name
    'plan'
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise PlanError(f"{str(folder)[:200]} is a file, not a folder; nothing was written")
    there = sorted(name for name in PLAN_FILES.values() if (folder / name).exists())
    if there:
        raise PlanError(f"{str(folder)[:200]} already holds {', '.join(there)}: remove them "
                        f"or choose another folder; nothing was written")
    return folder


def write_files(tables: Mapping[str, Sequence[Mapping[str, Any]]], out: str | Path) -> list[Path]:
    """Write each kind's rows as its file in the folder ``out`` (created if needed).

    Refuses, writing nothing, when :func:`check_out` does. Returns the paths written.
    """
    folder = check_out(out)
    targets = {kind: folder / name for kind, name in PLAN_FILES.items()}
    try:
        make_private_dir(folder)
        written = []
        for kind, path in targets.items():
            columns = file_columns(kind)
            partial = path.with_name(path.name + ".part")
            # Created afresh, 0600, never through a link planted at its name: the
            # rename then puts it in place of (never into) whatever is at ``path``.
            partial.unlink(missing_ok=True)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
            with open(fd, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(columns)
                for row in tables.get(kind, ()):
                    writer.writerow([_cell({**row, "proposed": True}.get(c)) for c in columns])
            written.append((partial, path))
        for partial, path in written:
            os.replace(partial, path)
    except OSError as exc:
        for partial, _ in locals().get("written", []):
            partial.unlink(missing_ok=True)
        raise PlanError(f"cannot write the plan's files in {str(folder)[:200]}: "
                        f"{exc.strerror or exc}") from None
    return [path for _, path in written]


def _cell(value: Any) -> str:
    """The cell's text. A text that a spreadsheet would run as a formula (a name
    starting ``=``, say) gets a leading ``'``: the files are reviewed in a
    spreadsheet, which shows it as text (and drops the quote when it saves); the
    dataset reader drops it too, so the name seeds as it was."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_safe(value)
    return str(value)

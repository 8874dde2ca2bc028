"""Reviewed employer links as input: the review file ``graphmodel link --out`` writes,
read back, and a dataset source whose members take their employer from it
(``seed --links FILE``). Matching names to entities is :mod:`graphmodel.employers`.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import DatasetError, Problem

__all__ = ["read_links", "LinkedSource"]


def read_links(path: str | Path) -> dict[str, str | None]:
    """The reviewed links of a review file: member id -> entity id (None: no employer,
    an empty ``entity_id``). Every row counts as reviewed: delete the rows you did not
    review. Raises :class:`DatasetError` naming the file, line and column of bad rows.
    """
    name = str(path)
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(name, [Problem(name, None, None, f"cannot read the link file: {exc}")])
    rows = list(csv.reader(text.splitlines()))
    problems: list[Problem] = []
    if not rows or "member_id" not in rows[0] or "entity_id" not in rows[0]:
        raise DatasetError(name, [Problem(name, 1, None, "expected a header with member_id "
                                                         "and entity_id")])
    header = [c.strip() for c in rows[0]]
    out: dict[str, str | None] = {}
    for line, cells in enumerate(rows[1:], 2):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, (c.strip() for c in cells)))
        member = row.get("member_id", "")
        if not member:
            problems.append(Problem(name, line, "member_id", "required value is missing"))
        elif member in out:
            problems.append(Problem(name, line, "member_id", f"{member!r} appears twice"))
        else:
            out[member] = row.get("entity_id") or None
    if problems:
        raise DatasetError(name, problems)
    return out


class LinkedSource:
    """A source whose members.csv gets ``employer_id`` from reviewed links where its
    own is empty (``seed --links FILE``)."""

    def __init__(self, inner, links: dict[str, str | None]):
        self.inner = inner
        self.links = links
        self.label = inner.label

    def has(self, filename: str) -> bool:
        return bool(self.inner.has(filename))

    def open(self, filename: str, problems: list[Problem]):
        opened = self.inner.open(filename, problems)
        if opened is not None and filename == "members.csv":
            opened.rows = _with_employers(opened.rows, self.links)
        return opened


def _with_employers(rows, links: dict[str, str | None]):
    header: list[str] | None = None
    id_at = employer_at = -1
    for line, cells, error in rows:
        if cells is None or error is not None or not cells:
            yield line, cells, error
            continue
        if header is None:
            header = [c.strip() for c in cells]
            if "employer_id" not in header:
                header.append("employer_id")
                cells = list(cells) + [""]
            id_at, employer_at = header.index("id") if "id" in header else -1, \
                header.index("employer_id")
            yield line, cells, error
            continue
        cells = list(cells)
        while len(cells) < len(header):
            cells.append("")
        if id_at >= 0 and not cells[employer_at].strip():
            cells[employer_at] = links.get(cells[id_at].strip()) or ""
        yield line, cells, error

"""Where a dataset's files come from: a directory of CSV files, or a workbook with
one sheet per file (named like the file without ``.csv``).

:func:`open_source` gives a :class:`Source`; its :meth:`Source.open` hands the
dataset reader one file's records, ``(line, cells, error)`` as
:func:`~graphmodel.io.csvtext.records` yields them, with the name problems are located
by. Problems in a sheet read ``sheet!row: column: message``.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path

from .csvtext import decode, records
from ..errors import DatasetError, Problem, WorkbookTooLarge
from .workbook import Workbook, is_workbook

__all__ = ["Opened", "Source", "DirectorySource", "WorkbookSource", "open_source",
           "sheet_name", "INCOMPLETE_MARKER"]

Records = typing.Iterator[tuple[int, "list[str] | None", "str | None"]]


@dataclass
class Opened:
    """One file's records, and how its problems are located: ``name`` (a path or a
    sheet), ``separator`` between name and line (``!`` for a sheet), and ``columns``,
    the source column each contract column was read from (for a mapping)."""

    name: str
    rows: Records
    separator: str = ":"
    columns: dict[str, str] = field(default_factory=dict)
    # A sheet drops trailing empty cells: a short row is padded to the header.
    pad: bool = False


class Source(typing.Protocol):
    """Anything that can open a dataset's files by their contract name."""

    label: str

    def open(self, filename: str, problems: list[Problem]) -> Opened | None:
        """The records of ``filename`` (``members.csv``), or None when there is no
        such file (an unreadable one is a problem, and an empty :class:`Opened`)."""
        ...

    def has(self, filename: str) -> bool:
        """Whether the source holds ``filename``."""
        ...


def sheet_name(filename: str) -> str:
    """The sheet a dataset file is in, in a workbook.

    >>> sheet_name("members.csv"), sheet_name("dataset.json")
    ('members', 'dataset')
    """
    return filename.rsplit(".", 1)[0]


class DirectorySource:
    """A directory of CSV files."""

    def __init__(self, root: Path):
        self.root = root
        self.label = str(root)

    def has(self, filename: str) -> bool:
        return (self.root / filename).is_file()

    def open(self, filename: str, problems: list[Problem]) -> Opened | None:
        path = self.root / filename
        if not path.is_file():
            return None
        text = decode(path.read_bytes(), str(path), problems)
        return Opened(str(path), records(text) if text is not None else iter(()))


class WorkbookSource:
    """A workbook with one sheet per dataset file."""

    def __init__(self, path: Path, book: Workbook):
        self.path = path
        self.book = book
        self.label = str(path)

    def has(self, filename: str) -> bool:
        return sheet_name(filename) in self.book.sheet_names

    def open(self, filename: str, problems: list[Problem]) -> Opened | None:
        sheet = sheet_name(filename)
        if sheet not in self.book.sheet_names:
            return None
        return Opened(sheet, sheet_records(self.book, sheet), separator="!", pad=True)


def sheet_records(book: Workbook, sheet: str) -> Records:
    """A sheet's rows as CSV-like records (no row is ever unreadable)."""
    for number, cells in book.rows(sheet):
        yield number, cells, None


def open_workbook(path: Path) -> Workbook:
    """Open ``path`` as a workbook, or raise :class:`DatasetError` saying why not."""
    try:
        return Workbook(path)
    except WorkbookTooLarge as exc:
        raise DatasetError(str(path), [Problem(str(path), None, None,
                                               f"refused before reading: {exc}")]) from None
    except Exception as exc:  # calamine raises its own types for every bad file
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DatasetError(str(path), [Problem(str(path), None, None,
                                               f"not a readable .xlsx workbook: {reason}")])


#: A file in a dataset folder that says an export into it was stopped part-way (see
#: :func:`graphmodel.exports.csv.write`): such a folder is refused.
INCOMPLETE_MARKER = ".export-incomplete"


def open_source(path: str | Path) -> Source:
    """The source at ``path``: a directory, or a workbook file."""
    root = Path(path)
    if root.is_dir():
        if (root / INCOMPLETE_MARKER).exists():
            raise DatasetError(str(root), [Problem(str(root / INCOMPLETE_MARKER), None, None, (
                "an export into this folder was stopped while it replaced the files, so they "
                "may come from two exports: export again"))])
        return DirectorySource(root)
    if root.is_file() and is_workbook(root):
        return WorkbookSource(root, open_workbook(root))
    raise DatasetError(str(root), [Problem(str(root), None, None,
                                           "not a directory or an .xlsx workbook")])

"""Writing test workbooks with openpyxl (the reader is python-calamine: the two
libraries are independent, so a test is not the writer checking itself)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import openpyxl

__all__ = ["workbook_from_dir", "write_sheet"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Columns a careful analyst types as numbers in Excel (the rest stay text).
_NUMBER_COLUMNS = {"code"}


def typed(column: str, value: str) -> object:
    """A CSV cell as Excel would hold it: dates as dates, numeric codes as numbers."""
    if _DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    if column in _NUMBER_COLUMNS and value.isdigit():
        return int(value)
    return value if value else None


def write_sheet(book: openpyxl.Workbook, title: str, rows: list[list[object]]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)


def workbook_from_dir(folder: Path, target: Path) -> Path:
    """A workbook with one sheet per CSV file of ``folder`` (and ``dataset``)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        write_sheet(book, path.stem, [header] + [[typed(c, v) for c, v in zip(header, row)]
                                                 for row in rows[1:]])
    meta = folder / "dataset.json"
    if meta.is_file():
        as_of = json.loads(meta.read_text("utf-8"))["as_of"]
        write_sheet(book, "dataset", [["as_of"], [dt.date.fromisoformat(as_of)]])
    book.save(target)
    return target

"""Excel workbooks (.xlsx) as rows of text cells, the way a CSV file reads.

A workbook is read with python-calamine (a binding to the Rust ``calamine`` crate):
it reads a sheet of 100,000 rows several times faster than openpyxl's read-only mode,
and hands back typed values, so a cell typed as an Excel date is a
:class:`datetime.date` here, not a serial number.

Cells become the text the CSV contract expects: a date is ``YYYY-MM-DD``, a whole
number is its digits (never ``1.2e+17`` or ``123.0``), a boolean ``true``/``false``.
Excel keeps only 15 significant digits of a number: a credit code or ID number typed
as a number has lost its last digits already, so such a cell is a :class:`CellProblem`
(asking for the column to be typed as text) instead of a wrong id.
"""

from __future__ import annotations

import datetime as _dt
import typing
from pathlib import Path

__all__ = ["WORKBOOK_SUFFIXES", "is_workbook", "CellProblem", "Workbook", "cell_text"]

#: The file suffixes read as workbooks.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

# Beyond this a float no longer holds every integer exactly (2**53 ~ 9.007e15), and
# Excel itself rounds to 15 significant digits.
_EXACT_DIGITS = 15


def is_workbook(path: str | Path) -> bool:
    """Whether ``path`` names a workbook file (by its suffix).

    >>> is_workbook("register.XLSX"), is_workbook("members.csv")
    (True, False)
    """
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


class CellProblem(str):
    """A cell that cannot be read as text faithfully; ``message`` says why. It is a
    ``str`` (its value is a placeholder) so rows keep their shape; the dataset reader
    reports it under the cell's column."""

    message: str

    def __new__(cls, placeholder: str, message: str) -> "CellProblem":
        self = super().__new__(cls, placeholder)
        self.message = message
        return self


def cell_text(value: object) -> str:
    """The CSV-contract text of one typed cell value.

    >>> import datetime
    >>> cell_text(datetime.date(2016, 5, 20)), cell_text(460200.0), cell_text(True), cell_text(None)
    ('2016-05-20', '460200', 'true', '')
    >>> type(cell_text(4.69021198001e17)).__name__
    'CellProblem'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            digits = str(int(value))
            if len(digits.lstrip("-")) > _EXACT_DIGITS:
                return CellProblem("0", (
                    f"a number of {len(digits.lstrip('-'))} digits, typed as a number: Excel "
                    f"keeps only {_EXACT_DIGITS}, so its last digits are lost; type the "
                    "column as text"))
            return digits
        return repr(value)
    if isinstance(value, _dt.timedelta):
        return str(value)
    return str(value)


class Workbook:
    """An open workbook: its sheet names and each sheet's rows as text.

    >>> import tempfile, pathlib, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "book.xlsx"
    >>> book = openpyxl.Workbook(); book.active.title = "regions"
    >>> book.active.append(["id", "code"]); book.active.append(["HN", 460000])
    >>> book.save(path)
    >>> [cells for _, cells in Workbook(path).rows("regions")]
    [['id', 'code'], ['HN', '460000']]
    """

    def __init__(self, path: str | Path):
        from python_calamine import CalamineWorkbook

        from .workbook_limits import check_workbook

        check_workbook(path)  # before calamine sizes anything from the file's word
        self.path = Path(path)
        self._book = CalamineWorkbook.from_path(str(path))

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def rows(self, sheet: str) -> typing.Iterator[tuple[int, list[str]]]:
        """``(row number, cells)`` for each row of ``sheet`` (row 1 is the sheet's
        first row, as Excel numbers it, even when the top rows are empty); trailing
        empty cells are dropped, so a blank row has no cells."""
        values = self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for number, row in enumerate(values, 1):
            cells = [cell_text(v) for v in row]
            while cells and not cells[-1].strip() and not isinstance(cells[-1], CellProblem):
                cells.pop()
            yield number, cells

"""Limits a workbook is held to before anything reads it.

An .xlsx file is a zip of XML, and calamine allocates a sheet's whole rectangle (32
bytes a cell) from its largest row and column before it reads a value: a 14 KB file
with one cell at XFD1048576 asks for 512 GiB and aborts the process, and one 100 MB
shared string referenced twenty times takes gigabytes to reject. So the zip's
members are measured, each sheet's extent is read from its cell references, and the
shared strings' lengths are checked, all by streaming the XML (never more than one
chunk in memory), before calamine opens the file.

The limits are far above any register a county keeps (a whole province's 613,226
entities in 12 columns are 7.4 million cells) and Excel's own: a cell holds at most
32,767 characters.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import WorkbookTooLarge

__all__ = ["check_workbook", "MAX_CELLS", "MAX_MEMBER_BYTES",
           "MAX_TOTAL_BYTES", "MAX_STRING_BYTES"]

#: The largest rectangle (rows x columns, from A1) a sheet may span: about 1 GB of
#: cells; every sheet of at most 26 columns (27.3 million cells at Excel's limit).
MAX_CELLS = 30_000_000
#: The largest part of the zip, uncompressed (a sheet's XML, the shared strings).
MAX_MEMBER_BYTES = 1 << 30
#: All parts together, uncompressed.
MAX_TOTAL_BYTES = 2 << 30
#: The largest shared string as XML: Excel's 32,767 characters, each at most 4 bytes
#: of UTF-8 or a 6-byte entity such as ``&quot;``, with room for its markup.
MAX_STRING_BYTES = 32_767 * 6 + 4096

_CHUNK = 1 << 20
_EXCEL_ROWS = 1_048_576
# A <row> or <c> element (any namespace prefix) without an r attribute.
_UNREFERENCED = re.compile(rb'<(?:\w+:)?(?:row|c)(?=[\s/>])(?![^>]*\sr=")')
_ROW = re.compile(rb'\sr="[A-Z]{0,3}([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,7})"')
_STRING_START = re.compile(rb"<(?:\w+:)?si[\s>/]")


def check_workbook(path: str | Path) -> None:
    """Raise :class:`WorkbookTooLarge` if ``path`` is over a limit. A file that is not
    a zip at all is left to calamine, which says so in its own words.

    >>> import tempfile, pathlib, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "book.xlsx"
    >>> book = openpyxl.Workbook(); book.active["C2"] = "x"; book.save(path)
    >>> check_workbook(path)
    >>> book.active["XFD1048576"] = "far"; book.save(path)
    >>> check_workbook(path)
    Traceback (most recent call last):
    ...
    graphmodel.errors.WorkbookTooLarge: sheet 'Sheet' spans A1:XFD1048576, 17,179,869,184 cells (at most 30,000,000)
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        members = archive.infolist()
        total = 0
        for info in members:
            if info.file_size > MAX_MEMBER_BYTES:
                raise WorkbookTooLarge(
                    f"part {info.filename!r} is {info.file_size:,} bytes uncompressed "
                    f"(at most {MAX_MEMBER_BYTES:,})")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise WorkbookTooLarge(f"{total:,} bytes uncompressed (at most {MAX_TOTAL_BYTES:,})")
        names = _sheet_names(archive)
        for info in members:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_extent(archive, info, names.get(info.filename, info.filename))
            elif info.filename.lower() == "xl/sharedstrings.xml":
                _check_strings(archive, info)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, a chunk at a time; zipfile stops at the size its header
    declares, which the total above has bounded."""
    with archive.open(info) as raw:
        while chunk := raw.read(_CHUNK):
            yield chunk


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _check_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> None:
    """Refuse a sheet whose rectangle from A1 to its farthest cell is over MAX_CELLS.

    Reading every cell reference of a large sheet in Python would take longer than
    calamine takes to read the sheet, so the scan asks the regular expression engine
    only for the references that can matter: first those with two or three column
    letters (none in a sheet of at most 26 columns, whose rectangle then stays under
    the limit at Excel's 1,048,576 rows), then, once the widest column is known, only
    row numbers long enough to break the limit with it. The ``<dimension>`` element,
    which comes before the cells, counts as a cell."""
    _check_references(archive, info, sheet)
    columns = _farthest_column(archive, info)
    if columns * _EXCEL_ROWS <= MAX_CELLS:
        return
    most = MAX_CELLS // columns  # a row beyond this breaks the limit
    digits = len(str(most))
    longer = re.compile(rb'\sr="[A-Z]{1,3}[0-9]{%d,}"' % (digits + 1))
    as_long = re.compile(rb'\sr="[A-Z]{1,3}([0-9]{%d})"' % digits)
    rows = 0
    for i, text in enumerate(_overlapping(archive, info)):
        if i == 0:
            rows = max([0, *(int(m.group(2)) for m in _DIMENSION.finditer(text))])
        if longer.search(text):
            rows = most + 1
        else:
            rows = max([rows, *map(int, set(as_long.findall(text)))])
        if rows > most:
            rows = max(rows, _farthest_row(archive, info))
            raise WorkbookTooLarge(
                f"sheet {sheet!r} spans A1:{_column_letters(columns)}{rows}, "
                f"{columns * rows:,} cells (at most {MAX_CELLS:,})")


def _check_references(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> None:
    """A row or cell without its reference (``r="..."``) takes the next place, so a
    file of short elements could span more than its references say: such sheets
    (which Excel never writes) are refused."""
    for text in _overlapping(archive, info):
        if _UNREFERENCED.search(text):
            raise WorkbookTooLarge(
                f"sheet {sheet!r} has rows or cells without a reference (r=\"A1\"), which "
                "Excel always writes; save the workbook again from Excel")


def _farthest_column(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    wide = re.compile(rb'\sr="([A-Z]{2,3})[0-9]')
    found: set[bytes] = set()
    for i, text in enumerate(_overlapping(archive, info)):
        if i == 0:
            found.update(m.group(1) for m in _DIMENSION.finditer(text))
        found.update(wide.findall(text))
    return max([26, *map(_column_number, found)])  # 26: at most, with one letter


def _farthest_row(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The largest row number of a cell (for the message, once the sheet is refused)."""
    rows = 0
    for text in _overlapping(archive, info):
        rows = max([rows, *map(int, set(_ROW.findall(text)))])
    return rows


def _overlapping(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's chunks, each with the previous one's last bytes in front, so a
    reference cut in two is found whole (one found twice changes no maximum)."""
    tail = b""
    for chunk in _chunks(archive, info):
        text = tail + chunk
        yield text
        tail = text[-64:]


def _check_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    last = 0  # where the last string began, from the start of the part
    offset = 0  # where ``text`` begins
    tail = b""
    for chunk in _chunks(archive, info):
        text = tail + chunk
        for m in _STRING_START.finditer(text):
            at = offset + m.start()
            if at <= last:
                continue  # found in the previous round
            if at - last > MAX_STRING_BYTES:
                break
            last = at
        if offset + len(text) - last > MAX_STRING_BYTES:
            raise WorkbookTooLarge(
                f"a shared string of more than {MAX_STRING_BYTES:,} bytes "
                "(Excel holds at most 32,767 characters in a cell)")
        tail = text[-16:]
        offset += len(text) - len(tail)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> the sheet's name, for the message (the part's name if the
    workbook's index cannot be read)."""
    try:
        workbook = archive.read("xl/workbook.xml")[:1 << 20]
        rels = archive.read("xl/_rels/workbook.xml.rels")[:1 << 20]
    except (KeyError, zipfile.BadZipFile):
        return {}
    targets = {}
    for element in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid, target = _attribute(element, b"Id"), _attribute(element, b"Target")
        if rid and target:
            target = target.lstrip(b"/")
            targets[rid] = target if target.startswith(b"xl/") else b"xl/" + target
    names = {}
    for element in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name, rid = _attribute(element, b"name"), _attribute(element, b"r:id")
        if name is not None and rid in targets:
            names[targets[rid].decode("utf-8", "replace")] = name.decode("utf-8", "replace")
    return names


def _attribute(element: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"\s" + re.escape(name) + rb'="([^"]*)"', element)
    return m.group(1) if m else None

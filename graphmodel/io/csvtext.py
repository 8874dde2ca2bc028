"""Text files as CSV records: one encoding per file, and records with fields of
any length.

:func:`decode` decides a file's encoding once, for the whole file: UTF-8 when it all
is (or says so with a BOM), else GB18030 (what Excel writes on Chinese Windows); a
file that is UTF-8 except for some lines is refused, naming them. :func:`records`
reads CSV records with their line numbers, and reports a record with an over-long
field as one bad row instead of giving up on the rest of the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import typing
from bisect import bisect_left

from ..errors import Problem

__all__ = ["ENCODINGS", "decode", "records", "column_cells", "csv_safe", "FORMULA_START", "read_small_table"]

#: The encodings a file may be in, one per file (see ``_decode``): UTF-8 (with or
#: without BOM) first; GB18030, a superset of GBK, is what Excel writes on Chinese
#: Windows.
ENCODINGS = ("utf-8-sig", "gb18030")


def decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    """The file's text in the one encoding it is in, decided for the whole file:
    UTF-8 when it all is (or says so with a BOM), else GB18030. A file that is UTF-8
    but for some lines (one pasted from a GBK source) is refused, naming those lines:
    decoded either way, part of it would be garbage."""
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        furthest = exc.start + (len(codecs.BOM_UTF8) if bom else 0)  # counted after the BOM
    lines = raw[len(codecs.BOM_UTF8) if bom else 0:].decode("utf-8", "surrogateescape") \
        .split("\n")  # a line break is never part of a UTF-8 or GB18030 character
    utf8: list[int] = []  # numbers of the lines with non-ASCII text, valid UTF-8 or not
    other: list[int] = []
    for number, line in enumerate(lines, 1):
        if not line.isascii():
            (other if _ESCAPED.search(line) else utf8).append(number)
    if not bom and len(utf8) <= len(other) and other and \
            any(_pasted_utf8(lines[n - 1]) for n in utf8):
        # Mostly GB18030, with lines pasted in as UTF-8 (阿不都·热合曼): decoded as
        # GB18030 those lines would load as garbage without a word.
        pasted = [n for n in utf8 if _pasted_utf8(lines[n - 1])]
        problems.append(_mixed(name, pasted, "UTF-8", "GB18030"))
        return None
    if bom or len(utf8) > len(other) or any(_surely_utf8(lines[n - 1]) for n in utf8):
        if any(_is_gb18030(lines[n - 1]) for n in other):
            problems.append(_mixed(name, other, "not UTF-8", ""))
        else:
            problems.append(Problem(name, other[0], None, "not UTF-8 or GB18030 text"))
        return None
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        # The bad bytes are where the encoding that read furthest stopped: for a
        # GB18030 file that is GB18030's error, not UTF-8's first one.
        furthest = max(furthest, exc.start)
    number = raw[:furthest].count(b"\n") + 1
    problems.append(Problem(name, number, None, "not UTF-8 or GB18030 text"))
    return None


def _mixed(name: str, numbers: list[int], these: str, rest: str) -> Problem:
    """The problem of a file whose ``numbers`` lines are in another encoding than the
    rest: "line 3 is UTF-8 while the rest of the file is GB18030"."""
    shown = ", ".join(map(str, numbers[:5])) + (
        f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")
    said = f"line {shown} is" if len(numbers) == 1 else f"lines {shown} are"
    rest = f" {rest}" if rest else ""
    return Problem(name, numbers[0], None, f"{said} {these} while the rest of the file "
                                           f"is{rest} (mixed encodings); save the file in "
                                           "one encoding")


_ESCAPED = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, decoded "surrogateescape"
_TWO_BYTE = re.compile("[\u0080-\u07ff]")


def _surely_utf8(line: str) -> bool:
    """Whether a line of valid UTF-8 (non-ASCII) is UTF-8 text, not GBK bytes that
    happen to be valid UTF-8 too: GBK cannot hold it, or it has none of the U+0080 to
    U+07FF characters such accidents decode to (Chinese text in UTF-8 is beyond)."""
    return not _is_gb18030(line) or not _TWO_BYTE.search(line)


_IDEOGRAPHS = re.compile("[\u4e00-\u9fff]")


def _pasted_utf8(line: str) -> bool:
    """Whether a line of valid UTF-8 in a GB18030 file is UTF-8 text pasted in: its
    UTF-8 reading holds Chinese (two ideographs or more), which GBK bytes that happen
    to be valid UTF-8 almost never make."""
    return len(_IDEOGRAPHS.findall(line)) >= 2


def _is_gb18030(line: str) -> bool:
    """Whether the bytes of a line (decoded as UTF-8, "surrogateescape") are GB18030."""
    try:
        line.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def records(text: str) -> typing.Iterator[tuple[int, list[str] | None, str | None]]:
    """``(line, cells, error)`` per CSV record of ``text``: the line it starts on, its
    cells and None, or why the row cannot be used. A record with a field longer than
    the csv module's limit is one such row (read here, without the limit), and reading
    goes on after it; ``cells`` is None when the rest of the text cannot be read."""
    buffer = io.StringIO(text, newline="")
    before = 0  # lines before the current reader's first
    starts: list[int] | None = None
    while True:
        reader = csv.reader(buffer)
        read = 0
        try:
            for cells in reader:
                line, read = before + read + 1, reader.line_num
                yield line, cells, None
            return
        except csv.Error as exc:
            line = before + read + 1
            if not str(exc).startswith("field larger than field limit"):
                yield line, None, f"unreadable CSV: {exc}"
                return
        if starts is None:
            starts = _line_starts(text)
        cells, end = _parse_record(text, starts[line - 1])
        yield line, cells, f"field longer than {csv.field_size_limit()} characters"
        before = bisect_left(starts, end)  # the lines up to the record's end
        buffer.seek(end)


def _line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts, as the csv reader splits lines; then its end."""
    starts = [0]
    for line in io.StringIO(text, newline=""):
        starts.append(starts[-1] + len(line))
    return starts


_UNQUOTED = re.compile(r"[^,\r\n]*")


def _parse_record(text: str, pos: int) -> tuple[list[str], int]:
    """The cells of the CSV record starting at ``pos`` and where the next one starts,
    read as the csv module reads the default dialect (quotes doubled inside quoted
    fields, line breaks allowed there) but with no limit on a field's length."""
    cells = []
    while True:
        cell = ""
        if text.startswith('"', pos):  # a quoted field, up to its closing quote
            parts, pos = [], pos + 1
            while True:
                quote = text.find('"', pos)
                if quote < 0:
                    parts.append(text[pos:])
                    pos = len(text)
                    break
                parts.append(text[pos:quote])
                if not text.startswith('"', quote + 1):
                    pos = quote + 1
                    break
                parts.append('"')
                pos = quote + 2
            cell = "".join(parts)
        rest = _UNQUOTED.match(text, pos)  # unquoted, or what follows the closing quote
        assert rest is not None  # [^,\r\n]* matches (possibly empty) at every position
        cells.append(cell + rest.group())
        pos = rest.end()
        if text.startswith(",", pos):
            pos += 1
        elif text.startswith("\r\n", pos):
            return cells, pos + 2
        else:
            return cells, min(pos + 1, len(text))


def column_cells(values) -> list[str]:
    """A stored column as contract cells (booleans true/false, dates ISO, missing
    values empty): what ``export csv`` and the bulk import's files write.

    >>> import numpy as np
    >>> column_cells(np.array([True, False])), column_cells(np.array(["2016-05-01", "NaT"], "M8[D]"))
    (['true', 'false'], ['2016-05-01', ''])
    """
    import numpy as np

    kind = values.dtype.kind
    if kind == "b":
        return np.where(values, "true", "false").tolist()
    if kind == "M":
        texts = np.datetime_as_string(values, unit="D")
        return np.where(np.isnat(values), "", texts).tolist()
    return values.tolist() if kind == "U" else [str(v) for v in values.tolist()]


#: A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` made inert for spreadsheets: a leading quote before a formula start.

    >>> csv_safe("=HYPERLINK(1)"), csv_safe("定安县"), csv_safe(3)
    ("'=HYPERLINK(1)", '定安县', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def read_small_table(path, required: typing.Sequence[str]) -> list[dict[str, str]]:
    """The rows of a small CSV file with a header (a truth file, say), as dicts.

    Raises :class:`~graphmodel.errors.DatasetError` naming the file (and the line) when
    it cannot be read as UTF-8 text, lacks a ``required`` column in its header, or has
    a row with a required value missing: every problem at once.
    """
    from pathlib import Path

    from ..errors import DatasetError

    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DatasetError(name, [Problem(name, None, None, "not UTF-8 text")]) from None
    except OSError as exc:
        raise DatasetError(name, [Problem(name, None, None,
                                          f"cannot read it: {exc.strerror or exc}")]) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [c.strip() for c in rows[0]] if rows else []
    missing = [c for c in required if c not in header]
    if missing:
        raise DatasetError(name, [Problem(name, 1, c, "required column is missing")
                                  for c in missing])
    out, problems = [], []
    for line, cells in enumerate(rows[1:], 2):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, (c.strip() for c in cells)))
        problems += [Problem(name, line, c, "required value is missing")
                     for c in required if not row.get(c)]
        out.append(row)
    if problems:
        raise DatasetError(name, problems)
    return out

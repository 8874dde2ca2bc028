"""Printing results: aligned tables for people, JSON and CSV for scripts."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import operator
import re
import unicodedata
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any

import typer

from ..io.csvtext import FORMULA_START as _FORMULA_START, csv_safe
from ..model.table import Table

__all__ = ["Format", "echo_rows", "render_rows", "render_json_rows", "json_row_chunks",
           "jsonl_row_chunks",
           "echo_report", "render_report", "report_figures", "count", "excel_bytes",
           "csv_safe", "display_width", "printable"]

_escape = json.encoder.encode_basestring  # the C implementation when available


class Format(str, Enum):
    table = "table"
    json = "json"
    #: One JSON object per line (JSON Lines), same keys and values as ``json``.
    jsonl = "jsonl"
    csv = "csv"
    #: CSV in UTF-8 with a byte-order mark: what Excel (on Chinese Windows too) needs
    #: to read it as UTF-8 instead of the system's code page.
    excel = "excel"


#: What ``--format`` says about its choices.
FORMAT_HELP = ("Output format: table, json, jsonl (one JSON object per line), csv, or excel "
               "(CSV in UTF-8 with a byte-order mark, which Excel opens correctly).")

_BOM = "\ufeff".encode("utf-8")


def excel_bytes(text: str) -> bytes:
    """CSV ``text`` as Excel reads it right: UTF-8 after a byte-order mark, ending
    in a newline as printed CSV does.

    >>> excel_bytes("id,name")[:3], excel_bytes("id,name")[3:]
    (b'\\xef\\xbb\\xbf', b'id,name\\n')
    """
    return _BOM + (text + "\n").encode("utf-8")


def _echo_text(text: str, fmt: Format) -> None:
    # color=True: otherwise click removes whatever looks like an ANSI sequence when
    # the output is not a terminal, and a CSV file would lose part of a value. (A
    # table has nothing left to remove; JSON escapes ESC itself.) Excel's bytes go to
    # the binary stream: they are UTF-8 whatever the console's encoding.
    if fmt is Format.excel:
        typer.echo(excel_bytes(text), nl=False)
    else:
        typer.echo(text, color=True)


def _singular(plural: str) -> str:
    head, _, word = plural.rpartition(" ")
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return f"{head} {word}" if head else word


def count(n: int, noun: str | tuple[str, str]) -> str:
    """``n`` and ``noun``, grammatically: ``noun`` is the plural (its singular is
    derived: entities, entity) or a (singular, plural) pair.

    >>> count(1, "uncovered entities"), count(2, "uncovered entities"), count(0, "rows")
    ('1 uncovered entity', '2 uncovered entities', '0 rows')
    >>> count(1, "problems"), count(1, ("person", "people")), count(3, ("person", "people"))
    ('1 problem', '1 person', '3 people')
    """
    singular, plural = noun if isinstance(noun, tuple) else (_singular(noun), noun)
    return f"{n:,} {singular if n == 1 else plural}"


# What a terminal would act on instead of showing: C0 and C1 controls and DEL (ESC
# starts the sequences that move the cursor, clear the screen or set the title),
# bidirectional formatting (U+202E shows text reversed), line and paragraph
# separators, and lone surrogates (which cannot be written at all).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match) -> str:
    c = match.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def printable(text: str, keep: str = "") -> str:
    """``text`` safe to show on a terminal: control characters, escape sequences and
    bidirectional overrides become visible escapes (``\\x1b``, ``\\n``, ``\\u202e``);
    characters in ``keep`` (e.g. a newline) stay as they are.

    >>> printable("a\\x1b[2Jb\\r\\u202ec"), printable("海口 E01")
    ('a\\\\x1b[2Jb\\\\r\\\\u202ec', '海口 E01')
    """
    if text.isprintable() or not _UNPRINTABLE.search(text):  # the first test is fast
        return text
    if keep:
        return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _visible(m), text)
    return _UNPRINTABLE.sub(_visible, text)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def _json_cells(values: list) -> list[str]:
    # Strings, the bulk of every column, go through the C escaper directly; a whole
    # province (half a million rows) then encodes in well under a second.
    return [_escape(v) if v.__class__ is str else str(v) if v.__class__ is int
            else "null" if v is None else json.dumps(v, ensure_ascii=False) for v in values]


def _json_objects(rows: Sequence[dict] | Table, columns: Sequence[str] | None,
                  chunk: int) -> Iterator[list[str]]:
    """Each row as one JSON object (keys in ``columns`` order), ``chunk`` rows at a
    time: strings go through the C escaper column by column, not row by row. A
    :class:`~graphmodel.model.table.Table` is read column by column, never as dicts."""
    if isinstance(rows, Table):
        table = rows
        columns = list(columns or table.names)

        def cells_of(c: str, start: int) -> list:
            return table.columns[c][start:start + chunk]
    else:
        columns = list(columns or rows[0])

        def cells_of(c: str, start: int) -> list:
            return [row.get(c) for row in rows[start:start + chunk]]
    keys = [json.dumps(c, ensure_ascii=False).replace("{", "{{").replace("}", "}}") for c in columns]
    template = "{{" + ", ".join(f"{k}: {{}}" for k in keys) + "}}"
    for start in range(0, len(rows), chunk):
        cells = [_json_cells(cells_of(c, start)) for c in columns]
        yield [template.format(*row) for row in zip(*cells)]


def json_row_chunks(rows: Sequence[dict] | Table, columns: Sequence[str] | None = None,
                    chunk: int = 20_000) -> Iterator[str]:
    """A JSON array with one row object per line (keys in ``columns`` order), in
    pieces, so that half a million rows are written without one giant string."""
    if not rows:
        yield "[]"
        return
    lead = "[\n"
    for objects in _json_objects(rows, columns, chunk):
        yield lead + ",\n".join(objects)
        lead = ",\n"
    yield "\n]"


def jsonl_row_chunks(rows: Sequence[dict] | Table, columns: Sequence[str] | None = None,
                     chunk: int = 20_000) -> Iterator[str]:
    """JSON Lines: one row object per line, each line ending in a newline, keys and
    values as :func:`json_row_chunks` writes them; nothing at all for no rows."""
    if not rows:
        return
    for objects in _json_objects(rows, columns, chunk):
        yield "".join(o + "\n" for o in objects)


def render_json_rows(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    """:func:`json_row_chunks` as one string."""
    return "".join(json_row_chunks(rows, columns))


def echo_rows(rows: Sequence[dict], columns: Sequence[str], fmt: Format,
              noun: str | tuple[str, str]) -> None:
    """Print ``rows`` in ``fmt`` to standard output (JSON streamed in pieces)."""
    if fmt is Format.json:
        for piece in json_row_chunks(rows, columns):
            typer.echo(piece, nl=False, color=True)
        typer.echo()
    elif fmt is Format.jsonl:
        for piece in jsonl_row_chunks(rows, columns):
            typer.echo(piece, nl=False, color=True)
    else:
        _echo_text(render_rows(rows, columns, fmt, noun), fmt)


def render_rows(rows: Sequence[dict], columns: Sequence[str], fmt: Format,
                noun: str | tuple[str, str]) -> str:
    """``rows`` as text in ``fmt`` (excel: the CSV text, its byte-order mark is added
    when printed); the table ends with a count of ``noun`` (see :func:`count`)."""
    if fmt is Format.json:
        return render_json_rows(rows, columns)
    if fmt is Format.jsonl:
        return "".join(jsonl_row_chunks(rows, columns)).rstrip("\n")
    if fmt in (Format.csv, Format.excel):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        # With "\n" as line end the writer would leave a "\r" in a value unquoted,
        # and a reader would split the row there: such rows are quoted throughout.
        quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(columns)
        for row in rows:
            cells = [csv_safe(_cell(row.get(c))) for c in columns]
            (quoted if "\r" in "".join(cells) else writer).writerow(cells)
        return out.getvalue().rstrip("\n")
    # A table is for a terminal: what is printed, and measured, is the escaped text.
    cells = [[printable(_cell(row.get(c))) for c in columns] for row in rows]
    header = [printable(str(c)) for c in columns]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells])
              for i, c in enumerate(header)]
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(r, widths) for r in cells]
    lines.append(count(len(rows), noun))
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths)).rstrip()


def _figure_cell(value) -> str:
    # As JSON writes it, except that a missing value is an empty cell and a list
    # (the entity types) one comma-separated cell.
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, (bool, float)):
        return json.dumps(value)
    return str(value)


def echo_report(figures: dict, fmt: Format, lang: str = "en") -> None:
    """Print the report in ``fmt`` to standard output (``lang``: its table's labels)."""
    _echo_text(render_report(figures, fmt, lang), fmt)


def render_report(figures: dict, fmt: Format, lang: str = "en") -> str:
    """The report as JSON, as CSV (``figure,value``: one row per figure, see
    :func:`report_figures`), or as an indented two-column table."""
    if fmt is Format.json:
        return json.dumps(figures, ensure_ascii=False, indent=2)
    if fmt is Format.jsonl:  # the one object, on one line
        return json.dumps(figures, ensure_ascii=False)
    from ..frames import report_figures
    from ..i18n import header, report_label, translate_value

    if fmt in (Format.csv, Format.excel):
        # In Chinese the figures' names and the two headers are translated; the
        # values are as JSON has them.
        rows = [{"figure": header(name, lang), "value": _figure_cell(value)}
                for name, value in report_figures(figures)]
        return render_rows(rows, ["figure", "value"], Format.csv, "figures").replace(
            "figure,value", f"{header('figure', lang)},{header('value', lang)}", 1)

    def label(key: str, **fields: object) -> str:
        return report_label(key, lang, **fields)

    where = figures["region"]
    if where and figures.get("region_name"):
        where = f"{figures['region_name']} ({where})"
    types = figures["types"]
    scope = label("scope.separator").join([
        label("scope.region", region=where) if where else label("scope.all_regions"),
        label("scope.separator").join(translate_value("type", t, lang) for t in types)
        if types else label("scope.all_types"),
        label("scope.as_of", as_of=figures["as_of"])])
    rate = figures["coverage_rate"]
    pairs: list[tuple[str, object]] = [(label("entities"), figures["entities"]["total"])]
    pairs += [(label("entities.type", type=translate_value("type", k, lang)), v)
              for k, v in figures["entities"].items() if k != "total"]
    pairs += [(label("covered_entities"), figures["covered_entities"]),
              (label("coverage_rate"), label("coverage_rate.none") if rate is None
               else f"{rate:.1%}"),
              (label("covered_industries"), figures["covered_industries"])]
    orgs = figures["organisations"]
    pairs += [(label("organisations"), orgs["total"]),
              (label("organisations.branches"), orgs["branches"]),
              (label("organisations.members"), orgs["members"])]
    members = figures["members"]
    pairs += [(label("members"), members["total"])]
    pairs += [(label(f"members.{k}"), members[k]) for k in (
        "floating", "pocket", "hidden", "floating_pocket_or_hidden", "lost_contact", "found",
        "org_life")]
    pairs += [(label("members.ethnicity", name=name), n)
              for name, n in members["ethnicity"].items()]
    pairs += [(label("stations"), sum(figures["stations"].values()))]
    pairs += [(label("stations.kind", kind=translate_value("kind", k, lang)), v)
              for k, v in figures["stations"].items()]
    pairs += [(label("instructors"), figures["instructors"])]
    # Region ids, ethnicities and kinds come from the data: escaped, then measured.
    pairs = [(printable(k), printable(str(v))) for k, v in pairs]
    width = max(display_width(k) for k, _ in pairs)
    body = [f"{k}{' ' * (width - display_width(k))}  {v:>8}" for k, v in pairs]
    return "\n".join([printable(label("scope", scope=scope)), ""] + body)


def echo_table(table: Table, fmt: Format, noun: str | tuple[str, str], *,
               counted: int | None = None, footer: str | None = None) -> None:
    """Print a :class:`~graphmodel.model.table.Table` in ``fmt``: byte for byte what
    :func:`echo_rows` prints for its rows, written from the columns (no dict, and for
    JSON no Python code, per row). In a table, the closing line counts ``counted``
    rows (default: all; a total row is not one) or is ``footer``."""
    columns = list(table.names)
    if fmt is Format.json:
        if not len(table):
            typer.echo("[]")
            return
        typer.echo("[", nl=False)
        for piece in _json_table_text(table, columns, ",\n", "\n"):
            typer.echo(piece, nl=False, color=True)
        typer.echo("\n]")
    elif fmt is Format.jsonl:
        for piece in _json_table_text(table, columns, "\n", ""):
            typer.echo(piece, nl=False, color=True)
        if len(table):
            typer.echo()
    elif fmt in (Format.csv, Format.excel):
        _echo_text(_csv_text(table, columns), fmt)
    else:
        last = footer if footer is not None else \
            count(len(table) if counted is None else counted, noun)
        _echo_text(_table_text(table, columns, last), fmt)


# --- writing a Table from its columns --------------------------------------------------
#
# Each column is turned into text as a whole. A column of few distinct values (a type,
# a region's name, a count) goes through a dict that makes each value's text once and
# hands the same string to every row; a column of strings that need no JSON escaping
# is written as it is, between quotes that belong to the constant text around it.
# The rows are then one ``join`` per chunk of constant pieces and column texts,
# interleaved by slice assignment. What a value becomes is always what the row-by-row
# writers make of it (:func:`_json_cells`, :func:`_cell`, :func:`csv_safe`,
# :func:`printable`): only how often that is computed differs.

_JSON_CHUNK = 4096  # rows per join: its pieces and its text stay in the CPU's cache
_SAMPLE = 1000
_NONE = type(None)


class _Texts(dict):
    """Value -> ``text(value)``, made on first sight."""

    def __init__(self, text):
        super().__init__()
        self._text = text

    def __missing__(self, value):
        text = self[value] = self._text(value)
        return text


def _few_distinct(values: list) -> bool:
    sample = values[:_SAMPLE]
    try:
        return len(set(sample)) * 4 < len(sample)
    except TypeError:  # lists: not hashable
        return False


def _shared_texts(values: list, text, strings_as_str: bool) -> list[str] | None:
    """``text(value)`` for every value, made once per distinct value, when the column
    has few; None when it has many, or when equal values could need different texts.
    A dict takes equal values as one key, so a column may not mix classes whose
    equal values print differently: 1, 1.0 and True; 0.0 and -0.0 (floats are never
    shared); with ``strings_as_str``, "market" and a str Enum's member."""
    if not _few_distinct(values):
        return None
    texts = _Texts(text)
    try:
        out = list(map(texts.__getitem__, values))
    except TypeError:  # a list: not hashable
        return None
    keys = set(map(type, texts))
    if not strings_as_str and all(issubclass(k, str) or k is _NONE for k in keys):
        return out  # only strings were equal to these keys: the same text
    classes = set(map(type, values)) - {_NONE}
    others = {c for c in classes if not (c is str or not strings_as_str and issubclass(c, str))}
    return out if others in (set(), {int}, {bool}) else None


def _json_value(value) -> str:
    """One value as :func:`_json_cells` writes it."""
    return _json_cells([value])[0]


def _json_each(values: list) -> list[str]:
    try:
        return list(map(_escape, values))  # only strings (the usual case)
    except TypeError:
        pass
    tokens = json.dumps(values, ensure_ascii=False)[1:-1].split(", ") if values else []
    return tokens if len(tokens) == len(values) else _json_cells(values)


def _json_raw(values: list) -> bool:
    """Whether every value is a string that JSON writes as it is, between quotes."""
    try:
        joined = "".join(values)
    except TypeError:  # not only strings
        return False
    return len(_escape(joined)) == len(joined) + 2  # no quote, backslash or control


def _json_table_text(table: Table, columns: list[str], between: str, lead: str,
                     chunk: int = _JSON_CHUNK) -> Iterator[str]:
    """The rows as JSON objects (keys in ``columns`` order, values as
    :func:`_json_cells` writes them), ``lead`` before the first and ``between``
    between two, in pieces of about ``chunk`` rows."""
    n = len(table)
    if not n:
        return
    # A row: the constant text before each column (its key), then the column's
    # texts. Constant text is merged into a neighbour where it can be: into shared
    # texts, and the quotes of a raw column into the constants around it.
    slots: list[str | list] = []  # a constant, or a column's values or texts
    pending = ""
    for j, c in enumerate(columns):
        pending += ("{" if j == 0 else ", ") + json.dumps(c, ensure_ascii=False) + ": "
        values = table.columns[c]
        # The constant before a shared column goes into each of its texts.
        shared = _shared_texts(values, lambda v, before=pending: before + _json_value(v),
                               False) if j else None
        if shared is not None:
            slots.append(shared)
            pending = ""
        elif _json_raw(values):
            slots += [pending + '"', values]
            pending = '"'
        else:
            slots += [pending, _json_cells(values) if j == 0 else
                      _shared_texts(values, _json_value, False) or _json_each(values)]
            pending = ""
    close = pending + "}"
    first = slots[0]
    assert isinstance(first, str)
    width = len(slots)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        pieces: list[Any] = [None] * (width * m)
        pieces[0::width] = [(lead if start == 0 else close + between) + first] + \
            [close + between + first] * (m - 1)
        for at in range(1, width):
            slot = slots[at]
            pieces[at::width] = [slot] * m if isinstance(slot, str) else slot[start:start + m]
        yield "".join(pieces)
    yield close


def _csv_cell(value) -> str:
    return csv_safe(_cell(value))


_FORMULA_AFTER_NUL = re.compile("\x00[" + re.escape("".join(_FORMULA_START)) + "]")


def _column_cells(values: list, cell, as_they_are, mend) -> list[str]:
    """A column's cells, as :func:`render_rows` makes them with ``cell``: shared texts
    where values repeat, else each value's text, or ``mend`` of each when
    ``as_they_are(texts)`` says some text needs it (``mend`` leaves the others)."""
    shared = _shared_texts(values, cell, True)
    if shared is not None:
        return shared
    try:
        "".join(values)
    except TypeError:  # not only strings
        return list(map(cell, values))
    texts = list(map(str, values))  # as _cell makes them (a str Enum's member differs)
    return texts if as_they_are(texts) else list(map(mend, texts))


def _csv_column(values: list) -> list[str]:
    """The column's CSV cells: each its text, unless that starts like a formula."""
    return _column_cells(values, _csv_cell,
                         lambda texts: not _FORMULA_AFTER_NUL.search("\x00" + "\x00".join(texts)),
                         csv_safe)


def _csv_text(table: Table, columns: list[str]) -> str:
    """The CSV :func:`render_rows` writes, from the columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    cells = [_csv_column(table.columns[c]) for c in columns]
    joined = ["".join(col) for col in cells]
    # With "\n" as line end a "\r" would stay unquoted: such rows are quoted throughout.
    with_cr = [col for col, text in zip(cells, joined) if "\r" in text]
    if not with_cr and len(columns) > 1 and not any(
            mark in text for text in joined for mark in ',"\n'):
        # Nothing to quote anywhere (and no row of one empty cell, which the writer
        # writes as ""): a line is its cells joined by commas.
        out.write("\n".join(map(",".join, zip(*cells))))
    elif not with_cr:
        writer.writerows(zip(*cells))
    else:
        quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        flags = map(any, zip(*[["\r" in c for c in col] for col in with_cr]))
        for row, cr in zip(zip(*cells), flags):
            (quoted if cr else writer).writerow(row)
    return out.getvalue().rstrip("\n")


def _table_cell(value) -> str:
    return printable(_cell(value))


def _table_column(values: list) -> list[str]:
    """The column's table cells (if all are printable, so is each: left as they are)."""
    return _column_cells(values, _table_cell, lambda texts: "".join(texts).isprintable(),
                         printable)


def _width(text: str) -> int:
    return len(text) if text.isascii() else display_width(text)


def _widths(texts: list[str]) -> list[int]:
    """:func:`display_width` of each text, measured character by character only when
    the column's characters do not tell it otherwise."""
    if _few_distinct(texts):
        return list(map(_Texts(_width).__getitem__, texts))
    chars = set("".join(texts))
    if all(c.isascii() for c in chars):
        return list(map(len, texts))
    # Every other character wide, and three bytes in UTF-8 (CJK): a text's width is
    # its length plus its count of those, which its UTF-8 length tells.
    if all(c.isascii() or "\u0800" <= c <= "\uffff" and display_width(c) == 2 for c in chars):
        lengths = list(map(len, texts))
        extra = map(operator.floordiv, map(operator.sub, map(len, map(str.encode, texts)),
                                           lengths), itertools.repeat(2))
        return list(map(operator.add, lengths, extra))
    return list(map(_width, texts))


def _padded(texts: list[str], sizes: list[int], width: int) -> list[str]:
    """Each text followed by the spaces that make it ``width`` columns wide (it is
    ``size`` wide)."""
    if _few_distinct(texts):
        return list(map(_Texts(lambda t: t + " " * (width - _width(t))).__getitem__, texts))
    # str.ljust counts characters: a wide character's second column is one less.
    lengths = map(operator.sub, map(operator.add, map(len, texts), itertools.repeat(width)),
                  sizes)
    return list(map(str.ljust, texts, lengths))


def _table_text(table: Table, columns: list[str], last: str) -> str:
    """The aligned table :func:`render_rows` writes, ``last`` as its closing line."""
    header = [printable(str(c)) for c in columns]
    cells, widths = [], []
    for h, c in zip(header, columns):
        values = table.columns[c]
        texts = _table_column(values)
        sizes = _widths(texts)
        width = max([display_width(h), *sizes])
        cells.append(_padded(texts, sizes, width))
        widths.append(width)
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    lines += map(str.rstrip, map("  ".join, zip(*cells)))
    lines.append(last)
    return "\n".join(lines)

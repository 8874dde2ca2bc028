"""Printing results: aligned tables for people, JSON and CSV for scripts."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from enum import Enum

import typer

from ..frames import report_figures
from ..table import Table

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


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` made inert for spreadsheets: a leading quote before a formula start."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
    :class:`~graphmodel.table.Table` is read column by column, never as dicts."""
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
    """Print a :class:`~graphmodel.table.Table` in ``fmt``: what :func:`echo_rows`
    prints for its rows, written from the columns (JSON and CSV never build a dict
    per row). In a table, the closing line counts ``counted`` rows (default: all; a
    total row is not one) or is ``footer``."""
    columns = list(table.names)
    if fmt is Format.json:
        typer.echo("[" if len(table) else "[]", nl=False)
        for piece in _json_table_text(table, columns, ",\n", lead="\n"):
            typer.echo(piece, nl=False, color=True)
        typer.echo("\n]" if len(table) else "")
    elif fmt is Format.jsonl:
        for piece in _json_table_text(table, columns, "\n", lead=""):
            typer.echo(piece, nl=False, color=True)
        if len(table):
            typer.echo()
    elif fmt in (Format.csv, Format.excel):
        _echo_text(_csv_text(table, columns), fmt)
    else:
        text = render_rows(table.rows(), columns, fmt, noun)
        if counted is not None or footer is not None:
            head, _, _ = text.rpartition("\n")
            text = head + "\n" + (footer if footer is not None
                                  else count(len(table) if counted is None else counted, noun))
        _echo_text(text, fmt)


def _json_column(values: list) -> list[str]:
    """One column's values as JSON text, exactly as :func:`_json_cells` writes them,
    with no Python code per value for the usual columns: strings through the C
    escaper in one ``map`` (a column of few distinct names, such as region names,
    encodes each name once), anything else through the C encoder as one list, split
    at ``", "`` (when that gives one piece per value, no value's text held one)."""
    sample = values[:1000]
    try:
        if len(set(sample)) * 4 < len(sample):
            text = {v: "null" if v is None else _escape(v) for v in set(values)}
            return list(map(text.__getitem__, values))
        return list(map(_escape, values))
    except TypeError:  # not (only) strings, or not hashable
        pass
    tokens = json.dumps(values, ensure_ascii=False)[1:-1].split(", ") if values else []
    return tokens if len(tokens) == len(values) else _json_cells(values)


def _json_table_text(table: Table, columns: list[str], between: str, lead: str,
                     chunk: int = 50_000) -> Iterator[str]:
    """The rows as JSON objects separated by ``between``, in pieces of ``chunk`` rows:
    each piece is one ``join`` of the key texts and the encoded cells, interleaved
    by slice assignment, so no Python code runs per row."""
    keys = [json.dumps(c, ensure_ascii=False) for c in columns]
    k = len(columns)
    for start in range(0, len(table), chunk):
        n = min(chunk, len(table) - start)
        pieces: list[str] = [""] * (2 * k * n)
        for j, c in enumerate(columns):
            sep = ("{" if j == 0 else ", ") + keys[j] + ": "
            if j == 0:
                first = (lead if start == 0 else between) + sep
                pieces[0::2 * k] = [first] + ["}" + between + sep] * (n - 1)
            else:
                pieces[2 * j::2 * k] = [sep] * n
            pieces[2 * j + 1::2 * k] = _json_column(table.columns[c][start:start + n])
        yield "".join(pieces) + "}"


def _csv_text(table: Table, columns: list[str]) -> str:
    """The CSV :func:`render_rows` writes, from the columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    cells = [[csv_safe(_cell(v)) for v in table.columns[c]] for c in columns]
    for row in zip(*cells):
        (quoted if any("\r" in c for c in row) else writer).writerow(row)
    return out.getvalue().rstrip("\n")

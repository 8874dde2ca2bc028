"""Reading a dataset directory: row checks, graph checks, personal numbers, arrays
(files become CSV records in :mod:`~graphmodel.io.csvtext`).

:func:`read_dataset` either returns a complete :class:`~graphmodel.model.graph.Graph` or
raises :class:`~graphmodel.errors.DatasetError` listing every problem it found, each
located as ``file:line: column: message``. Nothing is written anywhere while reading.

Besides the CSV files, a dataset may hold ``dataset.json``, ``{"as_of": "YYYY-MM-DD"}``:
the date its figures describe, which the graph carries as ``G.meta["as_of"]`` (a
:class:`datetime.date`, or None without one) and the report defaults to.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import typing
import unicodedata
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import numpy as np
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..codes import (
    ID_NUMBER_LENGTH, canonical_id_number, find_id_numbers, is_valid_credit_code,
    is_valid_id_number, mask,
)
from ..model.dates import FIRST_AS_OF, parse_iso_date
from .csvtext import ENCODINGS, FORMULA_START
from .sources import Source, open_source, sheet_name
from .workbook import CellProblem
from .keys import keyed_hash, load_key
from .links import LinkedSource, read_links
from ..errors import DatasetError, Problem
from ..model.graph import Graph, internal_columns, storage_kind
from ..model.schema import (
    DERIVED_PERSONAL_COLUMNS, EDGE_KINDS, LINK_FILES, NODE_KINDS, PERSONAL_COLUMNS,
    PERSONAL_DERIVED_SUFFIXES, EdgeKind,
    RowModel,
    canonical_column, link_file, reference_columns,
)

__all__ = ["read_dataset", "ENCODINGS", "DATASET_FILE"]

#: The optional file about the dataset as a whole: ``{"as_of": "YYYY-MM-DD"}``.
DATASET_FILE = "dataset.json"
_DATASET_KEYS = ("as_of",)
_MAX_DATASET_FILE_BYTES = 64 * 1024

@dataclass
class _Table:
    """The valid rows of one file, as dicts of parsed values, with their line numbers."""

    file: str
    model: type[RowModel]
    extras: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # ids of rows that failed their own checks: references to them are not reported
    # again, so one bad row does not cascade into many problems. When the whole file
    # could not be read, no reference to its kind is reported.
    broken_ids: set[str] = field(default_factory=set)
    unreadable: bool = False
    # Set from the header by _screen: the columns searched for stray ID numbers, and
    # the personal columns the row model does not declare (checked here instead).
    screened: frozenset[str] | None = None
    personal_extras: tuple[str, ...] = ()
    # How problems are located (see sources.Opened): "!" for a sheet, and the source
    # column of each contract column a mapping translated.
    separator: str = ":"
    columns: dict[str, str] = field(default_factory=dict)

    def is_broken(self, ref: str) -> bool:
        return self.unreadable or ref in self.broken_ids


def read_dataset(path: str | Path, *, key: bytes | None = None,
                 data_dirs: typing.Iterable[str | Path] = (),
                 mapping: str | Path | typing.Sequence[str | Path] | None = None,
                 links: str | Path | None = None,
                 progress: typing.Callable[[str, int, int], None] | None = None) -> Graph:
    """Read and validate the dataset directory or workbook ``path``.

    A workbook (``.xlsx``) holds one sheet per file, named like the file without
    ``.csv`` (``members``), and may hold a ``dataset`` sheet with an ``as_of`` column;
    its problems are located ``sheet!row: column: message``. A ``mapping`` file (see
    :mod:`graphmodel.io.mapping`) reads files in other layouts; their problems name the
    source file, row and column.

    Personal numbers (``id_number``, in any node file) are kept only masked, beside an
    HMAC of the number under ``key`` in ``id_number_hash``; an ID number anywhere else
    is a problem. The default key is this installation's (see :mod:`graphmodel.io.keys`),
    refused if it lies inside ``path`` or one of ``data_dirs`` (the store's folder, the
    local Neo4j's). ``progress(step, done, total)`` is called as files are read.
    Raises :class:`~graphmodel.errors.DatasetError` with every problem found.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> G.count("entity") > 0
    True
    """
    root = Path(path)
    source: Source = open_source(root)
    if mapping is not None:
        from .mapping import MappedSource, load_mapping

        source = MappedSource(source, load_mapping(mapping))
    if links is not None:  # a reviewed link file: employer_id where members have none
        source = LinkedSource(source, read_links(links))
    problems: list[Problem] = []
    tables: dict[str, _Table] = {}
    files = [(k.name, k.file, k.model, k.required) for k in NODE_KINDS] + \
        [(f.name, f.file, f.model, False) for f in LINK_FILES]
    for done, (name, file, model, required) in enumerate(files):
        if progress:
            progress("reading the dataset", done, len(files) + 1)
        tables[name] = _read_file(source, file, model, required, problems)
    if progress:
        progress("reading the dataset", len(files), len(files) + 1)

    indexes = {k.name: _check_unique_ids(tables[k.name], problems) for k in NODE_KINDS}
    refs = {e.key: _resolve(e, tables, indexes, problems) for e in EDGE_KINDS}
    for link in LINK_FILES:
        _check_unique_links(link.name, tables[link.name], refs, problems)
    for edge in EDGE_KINDS:
        if edge.link is None and edge.source == edge.target.kind:
            _check_acyclic(edge, tables[edge.source], refs[edge.key], problems)
    if root.is_dir():
        as_of = _read_dataset_file(root, problems)
    else:
        as_of = _read_dataset_sheet(source, problems)
    if problems:
        raise DatasetError(str(root), [_relocate(p, tables) for p in problems])
    G = _build(tables, refs, key, (root, *data_dirs))
    G.meta["as_of"] = as_of
    if progress:
        progress("reading the dataset", len(files) + 1, len(files) + 1)
    return G


# --- dataset.json ------------------------------------------------------------------


def _read_dataset_file(root: Path, problems: list[Problem]) -> _dt.date | None:
    """The as-of date of ``dataset.json`` (None when there is no such file, or no date
    in it). Anything else in it is a problem: a key it does not know (a misspelt
    ``as_of`` must not be ignored), a value that is not an as-of date, bad JSON."""
    path = root / DATASET_FILE
    name = str(path)
    if not path.exists():
        return None
    if not path.is_file():
        problems.append(Problem(name, None, None, "not a file"))
        return None
    with path.open("rb") as fh:
        raw = fh.read(_MAX_DATASET_FILE_BYTES + 1)
    if len(raw) > _MAX_DATASET_FILE_BYTES:
        problems.append(Problem(name, None, None,
                                f"larger than {_MAX_DATASET_FILE_BYTES} bytes; expected "
                                '{"as_of": "YYYY-MM-DD"}'))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, raw[:exc.start].count(b"\n") + 1, None, "not UTF-8 text"))
        return None
    repeated: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict:
        out: dict = {}
        for k, v in items:
            if k in out:
                repeated.append(k)
            out[k] = v
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, exc.lineno, None,
                                f"not valid JSON: {exc.msg} (column {exc.colno})"))
        return None
    except RecursionError:
        problems.append(Problem(name, None, None, "not valid JSON: nested too deeply"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, 1, None,
                                'expected a JSON object: {"as_of": "YYYY-MM-DD"}'))
        return None
    for k in dict.fromkeys(repeated):
        problems.append(Problem(name, _key_line(text, k, last=True), k, "key appears twice"))
    for k in data:
        if k not in _DATASET_KEYS:
            problems.append(Problem(name, _key_line(text, k), k[:40],
                                    f"unknown key (expected: {', '.join(_DATASET_KEYS)})"))
    value = data.get("as_of")
    if value is None:  # no date (or null): the report falls back to today
        return None
    as_of = parse_iso_date(value) if isinstance(value, str) else None
    if as_of is None:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        problems.append(Problem(name, _key_line(text, "as_of"), "as_of",
                                f"expected a date YYYY-MM-DD from {FIRST_AS_OF.isoformat()} "
                                f"to 9999-12-31, got {shown}"))
    return as_of


def _key_line(text: str, key: str, *, last: bool = False) -> int | None:
    """The line of ``text`` (JSON) where the object key ``key`` is written."""
    found = list(re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text))
    if not found:
        return None
    return text.count("\n", 0, found[-1 if last else 0].start()) + 1


def _read_dataset_sheet(source: Source, problems: list[Problem]) -> _dt.date | None:
    """The as-of date of a workbook's ``dataset`` sheet: an ``as_of`` column, one row."""
    opened = source.open(DATASET_FILE, problems)
    if opened is None:
        return None
    rows = [cells for _, cells, _ in opened.rows if cells]
    if len(rows) < 2 or "as_of" not in rows[0]:
        problems.append(Problem(opened.name, 1, "as_of", "expected an as_of column and one "
                                                          "row with a date YYYY-MM-DD"))
        return None
    cells = rows[1]
    at = rows[0].index("as_of")
    value = cells[at].strip() if at < len(cells) else ""
    as_of = parse_iso_date(value) if value else None
    if value and as_of is None:
        problems.append(Problem(opened.name, 2, "as_of", f"expected a date YYYY-MM-DD from "
                                                          f"{FIRST_AS_OF.isoformat()} to 9999-12-31"))
    return as_of


def _relocate(problem: Problem, tables: dict[str, _Table]) -> Problem:
    """A problem as its source names it: ``sheet!row``, and the source column a
    mapping read the contract column from."""
    for table in tables.values():
        if table.file == problem.file and (table.separator != ":" or table.columns):
            column = table.columns.get(problem.column or "", problem.column)
            return Problem(problem.file, problem.line, column, problem.message,
                           table.separator)
    return problem


# --- files and rows ----------------------------------------------------------------


def _read_file(source: Source, filename: str, model: type[RowModel], required: bool,
               problems: list[Problem]) -> _Table:
    opened = source.open(filename, problems)
    if opened is None:
        in_folder = Path(source.label).is_dir()
        table = _Table(str(Path(source.label) / filename) if in_folder
                       else sheet_name(filename), model)
        if required:
            problems.append(Problem(table.file, None, None, "required file is missing"
                                    if in_folder else "required sheet is missing"))
            table.unreadable = True
        return table
    name = opened.name
    table = _Table(name, model, separator=opened.separator, columns=opened.columns)
    header: list[str] | None = None
    keys: list[int] = []  # where the id and reference cells are
    key_cells = None
    read_any = False
    for line, cells, error in opened.rows:
        read_any = True
        if cells is not None and opened.pad and header is not None:
            cells = _fit(cells, len(header))
        if cells is None:  # the rest of the file cannot be read
            assert error is not None  # records() always says why
            problems.append(Problem(name, line, None, error))
            table.unreadable = True
            return table
        if not cells:  # a blank line
            continue
        if key_cells is not None:  # one spelling per id; plain ASCII ids are already
            try:
                plain = "".join(key_cells(cells)).isascii()
            except IndexError:  # a row with fewer cells than the header
                plain = False
            if not plain:
                for i in keys:
                    if i < len(cells) and not isinstance(cells[i], CellProblem):
                        cells[i] = _normal_id(cells[i])
        if header is None:
            if error is None:
                header = _check_header(cells, name, line, model, problems)
            else:
                problems.append(Problem(name, line, None, error))
            if header is None:
                table.unreadable = True
                return table
            table.extras = [c for c in header if c not in model.model_fields
                            and c not in DERIVED_PERSONAL_COLUMNS]
            keys = [i for i, c in enumerate(header) if c in _ID_COLUMNS[model]]
            key_cells = itemgetter(*keys) if keys else None
            continue
        if error is None and len(cells) != len(header):
            error = f"row has {len(cells)} cells, the header has {len(header)}"
        if error is not None:
            problems.append(Problem(name, line, None, error))
            if "id" in header and len(cells) > header.index("id"):
                table.broken_ids.add(cells[header.index("id")].strip())
            continue
        _check_row(table, header, cells, line, problems)
    if header is None:
        if read_any or not any(p.file == name for p in problems):  # not undecodable
            problems.append(Problem(name, 1, None, "file is empty; a header row is expected"))
        table.unreadable = True
    return table


def _fit(cells: list[str], width: int) -> list[str]:
    """A sheet's row (trailing empty cells dropped) padded to the header's width; extra
    cells that are empty are dropped too.

    >>> _fit(["a"], 3), _fit(["a", "", ""], 2), _fit(["a", "b", "c"], 2)
    (['a', '', ''], ['a', ''], ['a', 'b', 'c'])
    """
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    if len(cells) > width and not any(c.strip() for c in cells[width:]):
        return cells[:width]
    return cells


def _normal_id(cell: str) -> str:
    """An id (or reference) cell as the one spelling of its id: Unicode NFKC, without
    invisible (format) characters, trimmed: ``"Ｅ01"`` and ``"E01\u200b"`` are ``"E01"``.

    >>> _normal_id("Ｅ０１\u200b "), _normal_id("\u3000R-DA")
    ('E01', 'R-DA')
    """
    cell = unicodedata.normalize("NFKC", cell)
    return "".join(c for c in cell if unicodedata.category(c) != "Cf").strip()


# The id and reference columns of each file (a link file's two ends), by row model.
_ID_COLUMNS = {**{k.model: {"id", *reference_columns(k.name)} for k in NODE_KINDS},
               **{f.model: {f.source_column, f.target_column} for f in LINK_FILES}}


def _check_header(cells: list[str], name: str, line: int, model: type[RowModel],
                  problems: list[Problem]) -> list[str] | None:
    header = [canonical_column(c) for c in cells]
    ok = True
    seen: set[str] = set()
    for position, column in enumerate(header, 1):
        hidden = [ch for ch in column if unicodedata.category(ch)[0] == "C"]
        if hidden:
            problems.append(Problem(name, line, None, f"column {position}: the name {column!r} "
                                    "holds a control or invisible character "
                                    f"(U+{ord(hidden[0]):04X})"))
            ok = False
        if not column:
            problems.append(Problem(name, line, None, "empty column name in the header"))
            ok = False
        elif column in seen:
            problems.append(Problem(name, line, column, "column appears twice in the header"))
            ok = False
        seen.add(column)
    for column, info in model.model_fields.items():
        if info.is_required() and column not in seen:
            problems.append(Problem(name, line, column, "required column is missing"))
            ok = False
    reserved = _RESERVED[model]
    for column in [c for c in dict.fromkeys(header) if c.casefold() in reserved]:
        problems.append(Problem(name, line, column, "reserved: graphmodel writes this column "
                                                    "itself; rename it"))
        ok = False
    ok = _check_personal_header(header, name, line, model, problems) and ok
    for column in PERSONAL_COLUMNS:
        if f"{column}_hash" in seen and column not in seen and model in _NODE_MODELS_:
            problems.append(Problem(name, line, f"{column}_hash",
                                    f"comes only beside {column} (the masked numbers "
                                    "graphmodel export csv writes)"))
            ok = False
    return header if ok else None


_NODE_MODELS_ = {k.model for k in NODE_KINDS}

# Names graphmodel uses itself under a file's node kind or link (the store's
# "link/source", a personal number's keyed hash...; see graph.internal_columns), except
# the file's declared columns, per row model; matched in any case.
_RESERVED = {model: frozenset(c.casefold() for c in internal_columns(name)
                              if c not in model.model_fields
                              and not (model in _NODE_MODELS_ and c in DERIVED_PERSONAL_COLUMNS))
             for name, model in [(k.name, k.model) for k in NODE_KINDS]
             + [(f.name, f.model) for f in LINK_FILES]}


def _check_row(table: _Table, header: list[str], cells: list[str], line: int,
               problems: list[Problem]) -> None:
    values = {}
    screened = table.screened if table.screened is not None else _screen(table, header)
    bad = False
    for column, cell in zip(header, cells):
        if isinstance(cell, CellProblem):
            problems.append(Problem(table.file, line, column, cell.message))
            bad = True
            continue
        cell = cell.strip()
        if cell:
            if cell[0] == "'" and cell[1:2] in FORMULA_START:
                cell = cell[1:]  # the quote that made a formula inert (csv_safe): not data
            values[column] = cell
            # Cheap test first: most cells are too short to hold an ID number.
            if len(cell) >= ID_NUMBER_LENGTH and column in screened:
                bad = _check_stray_id_number(table.file, line, column, cell, problems) or bad
    exported = _take_exported_numbers(table.file, line, values, problems)
    bad = exported is None or bad
    for column in table.personal_extras:
        if column not in (exported or {}):
            bad = _check_personal_extra(table.file, line, column, values, problems) or bad
    try:
        row = table.model.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors(include_url=False, include_context=False, include_input=False):
            where = str(err["loc"][0]) if err["loc"] else None
            problems.append(Problem(table.file, line, where, _message(err)))
            if where in _CODE_COLUMNS and where in values:  # not a code: an ID number?
                _check_stray_id_number(table.file, line, where, values[where], problems)
        bad = True
    if bad:
        if "id" in values:
            table.broken_ids.add(values["id"])
        return
    data = dict(row.__dict__)
    if row.__pydantic_extra__:
        data.update(row.__pydantic_extra__)
    data.update(exported or {})
    table.rows.append(data)
    table.lines.append(line)


def _message(err: ErrorDetails) -> str:
    if err["type"] == "missing":
        return "required value is missing"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


# --- personal numbers --------------------------------------------------------------
# An ID number is stored only from a personal column of a node file (masked and
# hashed). Anywhere else (another column, a link file, a header) it is refused: kept,
# it would reach the store, Neo4j and every message raw.

_NODE_MODELS = {k.model for k in NODE_KINDS}


def _stray(number: str) -> str:
    return (f"looks like a resident ID number ({mask(number)}); personal numbers belong "
            f"only in an {PERSONAL_COLUMNS[0]} column")


def _check_personal_header(header: list[str], name: str, line: int, model: type[RowModel],
                           problems: list[Problem]) -> bool:
    ok = True
    for column in header:
        if column in PERSONAL_COLUMNS and model not in _NODE_MODELS:
            problems.append(Problem(name, line, column, "personal numbers belong in a node "
                                                        "file (members.csv, ...), not a link file"))
            ok = False
        for number in find_id_numbers(column)[:1]:
            problems.append(Problem(name, line, None, f"a column name {_stray(number)}"))
            ok = False
    return ok


# Declared columns whose own check accepts only codes, which are not ID numbers even
# when they pass GB 11643 too: searched only when that check fails (the province has
# 600,000 credit codes, and searching each would cost as much as checking it).
_CODE_COLUMNS = ("credit_code",)


def _screen(table: _Table, header: list[str]) -> frozenset[str]:
    """Note which columns of ``table`` are searched for stray ID numbers (all but its
    personal ones and its declared codes) and which personal columns its row model
    does not check."""
    personal = [c for c in header if c in PERSONAL_COLUMNS and table.model in _NODE_MODELS]
    table.personal_extras = tuple(c for c in personal if c not in table.model.model_fields)
    codes = [c for c in _CODE_COLUMNS if c in table.model.model_fields]
    table.screened = frozenset(header) - set(personal) - set(codes) \
        - set(DERIVED_PERSONAL_COLUMNS)
    return table.screened


_MASKED = re.compile(r"\*{%d}[0-9X]{4}" % (ID_NUMBER_LENGTH - 4))
_HASH = re.compile(r"[0-9a-f]{64}")
#: What the store derives from a number besides its hash, as export csv writes it.
_DERIVED_FORMS = {"_province": (re.compile(r"[0-9]{2}"), "2 digits (a province part)"),
                  "_birth_year": (re.compile(r"[0-9]{4}"), "4 digits (a birth year)"),
                  "_birth_hash": (_HASH, "64 hexadecimal digits (a keyed hash graphmodel wrote)"),
                  "_hash": (_HASH, "64 hexadecimal digits (a keyed hash graphmodel wrote)")}


def _take_exported_numbers(file: str, line: int, values: dict[str, str],
                           problems: list[Problem]) -> dict[str, str] | None:
    """The personal numbers of a row that come as graphmodel export csv writes them (a
    masked number beside its ``<column>_hash``), taken out of ``values`` so that the
    check digit, which a mask no longer has, is not asked of them; they are stored as
    they are, so a store seeded from its own export keeps every hash. None (and
    problems) when a hash and its number do not go together; messages never show a
    number.

    >>> row = {"id_number": "**************1230", "id_number_hash": "ab" * 32}
    >>> sorted(_take_exported_numbers("m.csv", 2, row, [])), row
    (['id_number', 'id_number_hash'], {})
    """
    taken: dict[str, str] = {}
    ok = True
    for column in PERSONAL_COLUMNS:
        digest = values.pop(f"{column}_hash", None)
        parts = {f"{column}{s}": values.pop(f"{column}{s}")
                 for s in PERSONAL_DERIVED_SUFFIXES if f"{column}{s}" in values}
        for part, value in parts.items():
            pattern = _DERIVED_FORMS[part.removeprefix(column)]
            if digest is None:
                problems.append(Problem(file, line, part, f"comes only with {column}_hash "
                                        f"beside a masked {column} (as graphmodel export csv "
                                        "writes them)"))
                ok = False
            elif value and not pattern[0].fullmatch(value):
                problems.append(Problem(file, line, part, f"expected {pattern[1]}"))
                ok = False
        if digest is None:
            continue  # a plain number (or none) is checked, masked and hashed as usual
        taken.update({k: v for k, v in parts.items() if v})
        number = values.get(column)
        if number is None:
            why = f"an {column}_hash needs its masked {column} beside it"
        elif not _MASKED.fullmatch(number):
            why = (f"{column}_hash is given only beside a masked number (as graphmodel "
                   f"export csv writes it); give a whole number without its hash instead")
        elif not _HASH.fullmatch(digest):
            why = "expected 64 hexadecimal digits (a keyed hash graphmodel wrote)"
        else:
            taken[column], taken[f"{column}_hash"] = values.pop(column), digest
            continue
        problems.append(Problem(file, line, f"{column}_hash", why))
        ok = False
    return taken if ok else None


def _check_stray_id_number(file: str, line: int, column: str, cell: str,
                           problems: list[Problem]) -> bool:
    """Refuse an ID number in a cell that is not a personal column (a valid credit
    code in a credit_code column is not one). True when refused."""
    found = find_id_numbers(cell)
    if not found or (column == "credit_code" and is_valid_credit_code(cell)):
        return False
    problems.append(Problem(file, line, column, _stray(found[0])))
    return True


def _check_personal_extra(file: str, line: int, column: str, values: dict[str, str],
                          problems: list[Problem]) -> bool:
    """The GB 11643 check of a personal column the row model does not declare (an
    ``id_number`` in instructors.csv); the message, like the model's, hides the value."""
    value = values.get(column)
    if value is None or is_valid_id_number(value):
        return False
    problems.append(Problem(file, line, column, "not a valid ID number (GB 11643 check digit)"))
    return True


# --- graph checks ------------------------------------------------------------------


def _check_unique_ids(table: _Table, problems: list[Problem]) -> dict[str, int]:
    index: dict[str, int] = {}
    for row_no, row in enumerate(table.rows):
        first = index.setdefault(row["id"], row_no)
        if first != row_no:
            problems.append(Problem(table.file, table.lines[row_no], "id",
                                    f"duplicate id {row['id']!r} (first on line {table.lines[first]})"))
    return index


def _resolve(edge: EdgeKind, tables: dict[str, _Table], indexes: dict[str, dict[str, int]],
             problems: list[Problem]) -> np.ndarray:
    """Target row index per row of the edge's file (-1 where the cell is empty)."""
    source = tables[edge.link or edge.source]
    target_table = tables[edge.target.kind]
    target_index = indexes[edge.target.kind]
    where = edge.target.where
    out = np.full(len(source.rows), -1, dtype=np.int32)
    for row_no, row in enumerate(source.rows):
        ref = row.get(edge.column)
        if ref is None:
            continue
        found = target_index.get(ref)
        if found is None:
            if not target_table.is_broken(ref):
                problems.append(Problem(source.file, source.lines[row_no], edge.column,
                                        f"unknown {edge.target.kind} {ref!r}"))
            continue
        if where is not None and target_table.rows[found].get(where[0]) != where[1]:
            actual = target_table.rows[found].get(where[0])
            problems.append(Problem(
                source.file, source.lines[row_no], edge.column,
                f"{ref!r} is a {edge.target.kind} with {where[0]} {actual}; "
                f"expected a {edge.target.describe()}"))
            continue
        out[row_no] = found
    if edge.link is not None:
        # A link row's source column is resolved here too, into "<link>/source".
        out_src = _resolve_link_source(edge, tables, indexes, problems)
        return np.stack([out_src, out])
    return out


def _resolve_link_source(edge: EdgeKind, tables, indexes, problems) -> np.ndarray:
    assert edge.link is not None  # called only for an edge read from a link file
    link = link_file(edge.link)
    table = tables[link.name]
    index = indexes[edge.source]
    source_table = tables[edge.source]
    out = np.full(len(table.rows), -1, dtype=np.int32)
    for row_no, row in enumerate(table.rows):
        ref = row[link.source_column]
        found = index.get(ref)
        if found is None:
            if not source_table.is_broken(ref):
                problems.append(Problem(table.file, table.lines[row_no], link.source_column,
                                        f"unknown {edge.source} {ref!r}"))
            continue
        out[row_no] = found
    return out


def _check_unique_links(name: str, table: _Table, refs: dict[str, np.ndarray],
                        problems: list[Problem]) -> None:
    pairs = refs[name]
    seen: dict[tuple[int, int], int] = {}
    link = link_file(name)
    for row_no, (s, t) in enumerate(zip(pairs[0].tolist(), pairs[1].tolist())):
        if s < 0 or t < 0:
            continue
        first = seen.setdefault((s, t), row_no)
        if first != row_no:
            problems.append(Problem(
                table.file, table.lines[row_no], link.target_column,
                f"duplicate row for {table.rows[row_no][link.source_column]!r} and "
                f"{table.rows[row_no][link.target_column]!r} (first on line {table.lines[first]})"))


def _check_acyclic(edge: EdgeKind, table: _Table, parent: np.ndarray,
                   problems: list[Problem]) -> None:
    state = np.zeros(len(parent), dtype=np.int8)  # 0 new, 1 on the current path, 2 done
    parents = parent.tolist()
    for start in range(len(parents)):
        path = []
        node = start
        while node >= 0 and state[node] == 0:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node >= 0 and state[node] == 1:  # walked back into the current path
            cycle = path[path.index(node):]
            first = min(cycle, key=lambda n: table.lines[n])
            names = " → ".join(table.rows[n]["id"] for n in cycle + [cycle[0]])
            problems.append(Problem(table.file, table.lines[first], edge.column,
                                    f"cycle in the {edge.source} tree: {names}"))
        for n in path:
            state[n] = 2


# --- arrays ------------------------------------------------------------------------


#: 'bool', 'date' or 'str': how a declared field is stored (the store checks the same).
_kind_of = storage_kind


def _column(values: list, kind: str) -> np.ndarray:
    if kind == "bool":
        return np.array(values, dtype=bool)
    if kind == "date":
        return np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")
    return np.array([v if v is not None else "" for v in values], dtype=str)


def _properties(table: _Table, skip: set[str]) -> list[tuple[str, str]]:
    declared = [(n, _kind_of(f.annotation)) for n, f in table.model.model_fields.items()
                if n not in skip]
    return declared + [(n, "str") for n in table.extras]


def _personal_parts(numbers: list[str | None], key: bytes) -> dict[str, list[str | None]]:
    """What the store keeps of each ID number besides its mask, by column suffix (see
    :data:`~graphmodel.model.schema.PERSONAL_DERIVED_SUFFIXES`): the province part of its
    region code and its birth year for the record checks, a keyed hash of its birth
    date (empty when that is no real day) to tell people apart, and the keyed hash
    of the number, which matches a person across loads."""
    province: list[str | None] = []
    year: list[str | None] = []
    birth: list[str | None] = []
    for number in numbers:
        if not number:
            province.append(None)
            year.append(None)
            birth.append(None)
            continue
        province.append(number[:2])
        year.append(number[6:10])
        try:
            day = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            day = None
        # Domain-separated: a birth date's hash is no number's hash.
        birth.append(keyed_hash(key, f"birth:{day.isoformat()}") if day else None)
    return {"_province": province, "_birth_year": year, "_birth_hash": birth,
            "_hash": [keyed_hash(key, v) if v else None for v in numbers]}


def _build(tables: dict[str, _Table], refs: dict[str, np.ndarray], key: bytes | None,
           data_dirs: tuple[str | Path, ...]) -> Graph:
    arrays: dict[str, np.ndarray] = {}
    columns: dict[str, list[str]] = {}
    for kind in NODE_KINDS:
        table = tables[kind.name]
        ref_cols = reference_columns(kind.name)
        arrays[f"{kind.name}/id"] = _column([r["id"] for r in table.rows], "str")
        props = _properties(table, {"id", *ref_cols})
        for name, storage in list(props):
            values = [r.get(name) for r in table.rows]
            if name in PERSONAL_COLUMNS:
                # The raw number goes no further than this loop. x and X are one person.
                # A number exported masked comes with what the store derived from it (its
                # hash, province part, birth year, birth date's hash): kept as given.
                given = [r.get(f"{name}_hash") for r in table.rows]
                if any(v and not h for v, h in zip(values, given)):
                    key = key if key is not None else load_key(data_dirs=data_dirs)
                raw = [canonical_id_number(v) if v and not h else None
                       for v, h in zip(values, given)]
                # (the key is not used when every number came hashed: raw is all None)
                parts = _personal_parts(raw, key if key is not None else b"")
                for suffix in PERSONAL_DERIVED_SUFFIXES:
                    derived = [(r.get(f"{name}{suffix}") or None) if h else parts[suffix][i]
                               for i, (r, h) in enumerate(zip(table.rows, given))]
                    arrays[f"{kind.name}/{name}{suffix}"] = _column(derived, "str")
                    props.append((f"{name}{suffix}", "str"))
                values = [mask(c) if c else v for c, v in zip(raw, values)]
            arrays[f"{kind.name}/{name}"] = _column(values, storage)
        for column, edge in ref_cols.items():
            arrays[f"{kind.name}/{column}"] = refs[edge.key]
        columns[kind.name] = [n for n, _ in props]
    for link in LINK_FILES:
        table = tables[link.name]
        arrays[f"{link.name}/source"], arrays[f"{link.name}/target"] = refs[link.name]
        props = _properties(table, {link.source_column, link.target_column})
        for name, storage in props:
            arrays[f"{link.name}/{name}"] = _column([r.get(name) for r in table.rows], storage)
        columns[link.name] = [n for n, _ in props]
    return Graph(arrays, columns)

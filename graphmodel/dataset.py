"""Reading a dataset directory: encodings, CSV rows, row checks, graph checks.

:func:`read_dataset` either returns a complete :class:`~graphmodel.graph.Graph` or
raises :class:`~graphmodel.errors.DatasetError` listing every problem it found, each
located as ``file:line: column: message``. Nothing is written anywhere while reading.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import typing
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from .codes import mask
from .keys import keyed_hash, load_key
from .errors import DatasetError, Problem
from .graph import Graph
from .schema import (
    EDGE_KINDS, LINK_FILES, NODE_KINDS, PERSONAL_FIELDS, EdgeKind, _Row, link_file, node_kind,
    reference_columns,
)

__all__ = ["read_dataset", "ENCODINGS"]

#: Tried in order. UTF-8 (with or without BOM) first; GB18030, a superset of GBK, is
#: what Excel writes on Chinese Windows.
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class _Table:
    """The valid rows of one file, as dicts of parsed values, with their line numbers."""

    file: str
    model: type[_Row]
    extras: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # ids of rows that failed their own checks: references to them are not reported
    # again, so one bad row does not cascade into many problems. When the whole file
    # could not be read, no reference to its kind is reported.
    broken_ids: set[str] = field(default_factory=set)
    unreadable: bool = False

    def is_broken(self, ref: str) -> bool:
        return self.unreadable or ref in self.broken_ids


def read_dataset(path: str | Path, *, key: bytes | None = None) -> Graph:
    """Read and validate the dataset directory ``path``.

    Personal numbers (``id_number``) are kept only masked, beside an HMAC of the
    number under ``key`` (default: this installation's key, see :mod:`graphmodel.keys`)
    in ``id_number_hash``. Raises :class:`~graphmodel.errors.DatasetError` with every
    problem found.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> G.count("entity") > 0
    True
    """
    root = Path(path)
    if not root.is_dir():
        raise DatasetError(str(root), [Problem(str(root), None, None, "not a directory")])
    problems: list[Problem] = []
    tables: dict[str, _Table] = {}
    for kind in NODE_KINDS:
        tables[kind.name] = _read_file(root, kind.file, kind.model, kind.required, problems)
    for link in LINK_FILES:
        tables[link.name] = _read_file(root, link.file, link.model, False, problems)

    indexes = {k.name: _check_unique_ids(tables[k.name], problems) for k in NODE_KINDS}
    refs = {e.key: _resolve(e, tables, indexes, problems) for e in EDGE_KINDS}
    for link in LINK_FILES:
        _check_unique_links(link.name, tables[link.name], refs, problems)
    for edge in EDGE_KINDS:
        if edge.link is None and edge.source == edge.target.kind:
            _check_acyclic(edge, tables[edge.source], refs[edge.key], problems)
    if problems:
        raise DatasetError(str(root), problems)
    return _build(tables, refs, key)


# --- files and rows ----------------------------------------------------------------


def _decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    # When no encoding fits, the bad bytes are where the encoding that read furthest
    # stopped: for a GB18030 file that is GB18030's error, not UTF-8's first one.
    furthest = 0
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            skipped = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" and \
                raw.startswith(codecs.BOM_UTF8) else 0  # the decoder counts after the BOM
            furthest = max(furthest, exc.start + skipped)
    line = raw[:furthest].count(b"\n") + 1
    problems.append(Problem(name, line, None, "not UTF-8 or GB18030 text"))
    return None


def _read_file(root: Path, filename: str, model: type[_Row], required: bool,
               problems: list[Problem]) -> _Table:
    path = root / filename
    name = str(path)
    table = _Table(name, model)
    if not path.is_file():
        if required:
            problems.append(Problem(name, None, None, "required file is missing"))
            table.unreadable = True
        return table
    text = _decode(path.read_bytes(), name, problems)
    if text is None:
        table.unreadable = True
        return table
    reader = csv.reader(io.StringIO(text, newline=""))
    end_of_last = 0
    header: list[str] | None = None
    try:
        for cells in reader:
            line, end_of_last = end_of_last + 1, reader.line_num
            if not cells:  # a blank line
                continue
            if header is None:
                header = _check_header(cells, name, line, model, problems)
                if header is None:
                    table.unreadable = True
                    return table
                table.extras = [c for c in header if c not in model.model_fields]
                continue
            if len(cells) != len(header):
                problems.append(Problem(name, line, None,
                                        f"row has {len(cells)} cells, the header has {len(header)}"))
                if "id" in header and len(cells) > header.index("id"):
                    table.broken_ids.add(cells[header.index("id")].strip())
                continue
            _check_row(table, header, cells, line, problems)
    except csv.Error as exc:
        problems.append(Problem(name, end_of_last + 1, None, f"unreadable CSV: {exc}"))
        table.unreadable = True
    if header is None:
        problems.append(Problem(name, 1, None, "file is empty; a header row is expected"))
        table.unreadable = True
    return table


def _check_header(cells: list[str], name: str, line: int, model: type[_Row],
                  problems: list[Problem]) -> list[str] | None:
    header = [c.strip() for c in cells]
    ok = True
    seen: set[str] = set()
    for column in header:
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
    for column in seen & _RESERVED.get(model, set()):
        problems.append(Problem(name, line, column, "reserved: graphmodel writes this column "
                                                    "itself; rename it"))
        ok = False
    return header if ok else None


# Columns graphmodel derives (the keyed hash of a personal number), per row model.
_RESERVED = {node_kind(kind).model: {f"{field}_hash" for field in fields}
             for kind, fields in PERSONAL_FIELDS.items()}


def _check_row(table: _Table, header: list[str], cells: list[str], line: int,
               problems: list[Problem]) -> None:
    values = {}
    for column, cell in zip(header, cells):
        cell = cell.strip()
        if cell:
            values[column] = cell
    try:
        row = table.model.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors(include_url=False, include_context=False, include_input=False):
            column = str(err["loc"][0]) if err["loc"] else None
            problems.append(Problem(table.file, line, column, _message(err)))
        if "id" in values:
            table.broken_ids.add(values["id"])
        return
    data = dict(row.__dict__)
    if row.__pydantic_extra__:
        data.update(row.__pydantic_extra__)
    table.rows.append(data)
    table.lines.append(line)


def _message(err: dict) -> str:
    if err["type"] == "missing":
        return "required value is missing"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


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


def _kind_of(annotation) -> str:
    """'bool', 'date' or 'str': how a declared field is stored."""
    args = typing.get_args(annotation) or (annotation,)
    for arg in args:
        inner = typing.get_args(arg)[0] if typing.get_origin(arg) is typing.Annotated else arg
        if inner is bool:
            return "bool"
        if inner is _dt.date:
            return "date"
    return "str"


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


def _build(tables: dict[str, _Table], refs: dict[str, np.ndarray], key: bytes | None) -> Graph:
    arrays: dict[str, np.ndarray] = {}
    columns: dict[str, list[str]] = {}
    for kind in NODE_KINDS:
        table = tables[kind.name]
        ref_cols = reference_columns(kind.name)
        arrays[f"{kind.name}/id"] = _column([r["id"] for r in table.rows], "str")
        props = _properties(table, {"id", *ref_cols})
        for name, storage in list(props):
            values = [r.get(name) for r in table.rows]
            if name in PERSONAL_FIELDS.get(kind.name, ()):
                # The raw number goes no further than this loop.
                key = key if key is not None else load_key()
                arrays[f"{kind.name}/{name}_hash"] = _column(
                    [keyed_hash(key, v) if v else None for v in values], "str")
                props.append((f"{name}_hash", "str"))
                values = [mask(v) if v else v for v in values]
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

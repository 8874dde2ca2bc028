"""Mapping files: reading other people's layouts (a register's export, a member
system's) as contract files.

A mapping is a TOML file; each ``[files.<contract file>]`` table (``entities``,
``members``, ``memberships``...) says where the file's rows come from and how::

    [files.entities]
    source = "register.xlsx"   # a file in the SOURCE folder (.xlsx or .csv), or, when
                               # SOURCE is itself a workbook, leave it out
    sheet = "登记"             # the sheet (default: the first; or the contract name)
    title_rows = 1             # rows above the header row (merged titles), skipped
    row_ids = "E"              # an empty (or unmapped) id is this prefix and the
                               # source row ("E5"); {column = "member_id", prefix = "M"}
                               # fills another column so
    skip_empty = ["organisation_id"]  # rows with any of these empty are not rows of
                                      # this file (a member without an organisation)

    [files.entities.columns]   # contract column = source column (or a list: the
    id = "统一社会信用代码"     # first that is not empty)
    name = ["企业名称", "字号名称"]

    [files.entities.values.type]   # source value = contract value, per column;
    "个体工商户" = "individual"    # other values pass unchanged (and are checked)

    [files.entities.lookup]        # resolve names or codes to ids through a
    region_id = "regions"          # contract file: its id, name or code (GB/T 2260)

    [files.entities.defaults]      # a value for an empty (or unmapped) column
    region_id = "R-DA"

Contract files the mapping does not name are read from the source as usual. A problem
in a mapped file names the source file (``[register.xlsx]登记`` for a sheet of a
workbook in the folder), the source row and the source column.
"""

from __future__ import annotations

import os

import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path

from .csvtext import decode, records
from ..errors import DatasetError, Problem
from .sources import (
    DirectorySource, Opened, Source, WorkbookSource, open_workbook, sheet_name, sheet_records,
)
from .workbook import CellProblem, is_workbook

__all__ = ["FileMapping", "Mapping", "load_mapping", "MappedSource"]

_KEYS = {"source", "sheet", "title_rows", "row_ids", "skip_empty", "columns", "values",
         "lookup", "defaults"}


@dataclass
class FileMapping:
    """How one contract file is read from a source file or sheet."""

    contract: str
    source: str | None = None
    sheet: str | None = None
    title_rows: int = 0
    row_ids: str | None = None
    row_id_column: str = "id"
    skip_empty: list[str] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    #: The mapping file this was read from (a source naming it is refused).
    mapping_file: str | None = None

    def header(self) -> list[str]:
        """The contract columns this mapping yields, in order."""
        out = list(self.columns)
        if self.row_ids is not None and self.row_id_column not in out:
            out.insert(0, self.row_id_column)
        return out + [c for c in (*self.lookup, *self.defaults) if c not in out]


@dataclass
class Mapping:
    """A parsed mapping: one :class:`FileMapping` per contract file (``members``)."""

    files: dict[str, FileMapping]


def load_mapping(paths: str | Path | typing.Sequence[str | Path]) -> Mapping:
    """Read one or more mapping files (their files joined), or raise
    :class:`DatasetError` with every problem in them.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "m.toml"
    >>> _ = path.write_text('[files.members]\\nsource = "m.xlsx"\\ntitle_rows = 1\\n'
    ...                     '[files.members.columns]\\nname = "姓名"\\n', "utf-8")
    >>> load_mapping(path).files["members"].columns
    {'name': ['姓名']}
    """
    from ..model.schema import LINK_FILES, NODE_KINDS

    contracts = {sheet_name(k.file) for k in NODE_KINDS} | {sheet_name(f.file) for f in LINK_FILES}
    problems: list[Problem] = []
    files: dict[str, FileMapping] = {}
    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        name = str(path)
        try:
            data = tomllib.loads(_read_mapping(Path(path)).decode("utf-8"))
        except OSError as exc:
            problems.append(Problem(name, None, None, f"cannot read the mapping: {exc.strerror}"))
            continue
        except ValueError as exc:  # too big, not a file, not UTF-8, not TOML
            problems.append(Problem(name, None, None, f"not a valid TOML mapping: {exc}"))
            continue
        except RecursionError:
            problems.append(Problem(name, None, None, "not a valid TOML mapping: nested too deep"))
            continue
        for key in data:
            if key != "files":
                problems.append(Problem(name, None, key, "unknown key (expected: files)"))
        for contract, spec in (data.get("files") or {}).items():
            where = f"files.{contract}"
            if contract not in contracts:
                problems.append(Problem(name, None, where, "not a dataset file (expected one "
                                        f"of: {', '.join(sorted(contracts))})"))
                continue
            if contract in files:
                problems.append(Problem(name, None, where, "mapped twice"))
                continue
            if not isinstance(spec, dict):
                problems.append(Problem(name, None, where, "expected a table"))
                continue
            files[contract] = _file_mapping(contract, spec, name, where, problems)
    if problems:
        raise DatasetError(", ".join(map(str, [paths] if isinstance(paths, (str, Path))
                                         else paths)), problems)
    return Mapping(files)


def _file_mapping(contract: str, spec: dict, name: str, where: str,
                  problems: list[Problem]) -> FileMapping:
    for key in spec:
        if key not in _KEYS:
            problems.append(Problem(name, None, f"{where}.{key}",
                                    f"unknown key (expected: {', '.join(sorted(_KEYS))})"))
    out = FileMapping(contract, mapping_file=name)
    ids = spec.get("row_ids")
    if isinstance(ids, dict) and isinstance(ids.get("prefix"), str) \
            and isinstance(ids.get("column", "id"), str):
        spec = {**spec, "row_ids": ids["prefix"]}
        out.row_id_column = ids.get("column", "id")
    skip = spec.get("skip_empty", [])
    if isinstance(skip, list) and all(isinstance(c, str) for c in skip):
        out.skip_empty = skip
    else:
        problems.append(Problem(name, None, f"{where}.skip_empty", "expected a list of columns"))
    for key in ("source", "sheet", "row_ids"):
        if key in spec:
            if not isinstance(spec[key], str):
                problems.append(Problem(name, None, f"{where}.{key}", "expected a string"))
            elif key == "source" and _outside(spec[key]):
                problems.append(Problem(name, None, f"{where}.source",
                                        "expected a file inside the SOURCE folder (a name or "
                                        "a relative path without '..')"))
            else:
                setattr(out, key, spec[key])
    rows = spec.get("title_rows", 0)
    if isinstance(rows, int) and not isinstance(rows, bool) and 0 <= rows <= 1000:
        out.title_rows = rows
    else:
        problems.append(Problem(name, None, f"{where}.title_rows", "expected 0 to 1000"))
    for column, source in (spec.get("columns") or {}).items():
        names = [source] if isinstance(source, str) else source
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            problems.append(Problem(name, None, f"{where}.columns.{column}",
                                    "expected a source column name or a list of them"))
            continue
        out.columns[column] = names
    for column, table in (spec.get("values") or {}).items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            problems.append(Problem(name, None, f"{where}.values.{column}",
                                    "expected a table of source value = contract value"))
            continue
        out.values[column] = {str(k).strip(): v for k, v in table.items()}
    for key in ("lookup", "defaults"):
        for column, value in (spec.get(key) or {}).items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            if not isinstance(value, (str, int)):
                problems.append(Problem(name, None, f"{where}.{key}.{column}", "expected a string"))
                continue
            getattr(out, key)[column] = str(value)
    return out


class MappedSource:
    """A source whose mapped files are translated as they are read."""

    def __init__(self, inner: Source, mapping: Mapping):
        self.inner = inner
        self.mapping = mapping
        self.label = inner.label

    def has(self, filename: str) -> bool:
        return sheet_name(filename) in self.mapping.files or self.inner.has(filename)

    def open(self, filename: str, problems: list[Problem]) -> Opened | None:
        spec = self.mapping.files.get(sheet_name(filename))
        if spec is None:
            return self.inner.open(filename, problems)
        raw = self._open_raw(spec, problems)
        if raw is None:
            return None
        lookups = {c: self._lookup_table(target) for c, target in spec.lookup.items()}
        columns = {c: names[0] for c, names in spec.columns.items()}
        return Opened(raw.name, _translate(spec, raw, lookups, problems), raw.separator,
                      columns, pad=True)

    def _open_raw(self, spec: FileMapping, problems: list[Problem]) -> Opened | None:
        """The source file or sheet of ``spec``, untranslated."""
        if isinstance(self.inner, WorkbookSource) and spec.source is None:
            book = self.inner.book
            sheet = spec.sheet or spec.contract
            if sheet not in book.sheet_names:
                return None
            return Opened(sheet, sheet_records(book, sheet), "!")
        if not isinstance(self.inner, DirectorySource) or spec.source is None:
            raise DatasetError(self.label, [Problem(self.label, None, None, (
                f"the mapping of {spec.contract} names no source file; give source = "
                "\"<file in the folder>\", or a workbook SOURCE and a sheet"))])
        path = self.inner.root / spec.source
        if not path.resolve().is_relative_to(self.inner.root.resolve()):  # a link out
            problems.append(Problem(str(path), None, None, f"source file of {spec.contract} "
                                    "(mapping) leads outside the SOURCE folder"))
            return Opened(str(path), iter(()))
        if spec.mapping_file is not None and path.resolve() == Path(spec.mapping_file).resolve():
            problems.append(Problem(str(path), None, None, f"source file of {spec.contract} "
                                    "(mapping) is the mapping file itself"))
            return Opened(str(path), iter(()))
        if not path.is_file():
            problems.append(Problem(str(path), None, None,
                                    f"source file of {spec.contract} (mapping) is missing"))
            return Opened(str(path), iter(()))
        if is_workbook(path):
            book = open_workbook(path)
            sheet = spec.sheet or book.sheet_names[0]
            label = f"[{path.name}]{sheet}"
            if sheet not in book.sheet_names:
                problems.append(Problem(label, None, None, "no such sheet in the workbook"))
                return Opened(label, iter(()))
            return Opened(label, sheet_records(book, sheet), "!")
        text = decode(path.read_bytes(), str(path), problems)
        return Opened(str(path), records(text) if text is not None else iter(()))

    def _lookup_table(self, target: str) -> dict[str, str]:
        """Id, name and code of each row of ``target`` (a contract file) to its id;
        a name two rows share is left out (it names neither)."""
        opened = self.open(target + ".csv", [])
        if opened is None:
            return {}
        out: dict[str, str] = {}
        shared: set[str] = set()
        header: list[str] | None = None
        for _, cells, _ in opened.rows:
            if not cells:
                continue
            if header is None:
                header = [c.strip() for c in cells]
                continue
            row = dict(zip(header, (c.strip() for c in cells)))
            if not row.get("id"):
                continue
            out[row["id"]] = row["id"]
            for key in ("name", "code"):
                value = row.get(key)
                if value:
                    if value in out and out[value] != row["id"]:
                        shared.add(value)
                    out.setdefault(value, row["id"])
        for value in shared:
            out.pop(value, None)
        return out


def _translate(spec: FileMapping, raw: Opened, lookups: dict[str, dict[str, str]],
               problems: list[Problem]) -> typing.Iterator:
    """The raw records of a source file as contract records: title rows skipped, the
    header replaced by the contract's, each row's cells picked, translated, defaulted."""
    header = spec.header()
    picks: dict[str, list[int]] | None = None
    skipped = 0
    for line, cells, error in raw.rows:
        if cells is None or error is not None:
            yield line, cells, error
            if cells is None:
                return
            continue
        if skipped < spec.title_rows:
            skipped += 1
            continue
        if picks is None:
            if not cells:
                continue
            source_header = [c.strip() for c in cells]
            picks = {}
            missing = False
            for column, names in spec.columns.items():
                picks[column] = [source_header.index(n) for n in names if n in source_header]
                if not picks[column]:
                    missing = True
                    problems.append(Problem(raw.name, line, names[0], (
                        f"column not found (mapped to {column}); the header row is row "
                        f"{line}: set title_rows if titles come first"), raw.separator))
            if missing:  # nothing more can be read from this file (it is reported)
                return
            yield line, header, None
            continue
        if not any(c.strip() for c in cells):
            yield line, [], None
            continue
        out = []
        for column in header:
            value = ""
            for i in picks.get(column, []):
                if i < len(cells) and cells[i].strip():
                    value = cells[i]
                    break
            if column == spec.row_id_column and spec.row_ids is not None and not value.strip():
                value = f"{spec.row_ids}{line}"
            if not isinstance(value, CellProblem):
                stripped = value.strip()
                table = spec.values.get(column)
                if table is not None and stripped in table:
                    value = table[stripped]
                elif column in lookups and stripped in lookups[column]:
                    value = lookups[column][stripped]
            if not value.strip() and column in spec.defaults:
                value = spec.defaults[column]
            out.append(value)
        if any(not out[header.index(c)].strip() for c in spec.skip_empty if c in header):
            continue
        yield line, out, None


def _outside(source: str) -> bool:
    """Whether a mapping's ``source`` names a file outside the SOURCE folder:
    absolute, through ``..``, or not a path at all."""
    import ntpath
    from pathlib import PurePosixPath

    path = PurePosixPath(source)
    return (not source.strip() or "\0" in source or path.is_absolute()
            or ntpath.isabs(source) or ".." in path.parts or ".." in source.split("\\"))


#: A mapping is a page of text; more is not one (``--mapping /dev/zero`` once read
#: until the memory ran out).
MAX_MAPPING_BYTES = 1 << 20


def _read_mapping(path: Path) -> bytes:
    import stat as _stat

    with open(path, "rb") as f:
        if not _stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise ValueError("not a regular file")
        data = f.read(MAX_MAPPING_BYTES + 1)
    if len(data) > MAX_MAPPING_BYTES:
        raise ValueError(f"larger than {MAX_MAPPING_BYTES // 1024} KiB")
    return data

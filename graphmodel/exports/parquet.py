"""The store as Parquet: one table per file of the dataset contract, partitioned by
province (hive style), for pandas, polars, DuckDB and Spark users.

Layout, for a store whose province has the GB/T 2260 code ``460000``::

    OUT/dataset.json                                  {"as_of": ...} when the store has one
    OUT/entities/province=46/part-0.parquet
    OUT/memberships/province=46/part-0.parquet
    ...

The tables and their columns are derived from :mod:`graphmodel.model.schema`: a node
kind's table (``regions``, ``entities``...) has ``id``, its declared fields (a
reference as the id it points at) and the dataset's extra columns; a link file's
table (``memberships``...) its two end columns and its properties. Types follow the
declaration: flags are ``bool``, dates ``date32``, everything else ``string``; a
missing value is null. Ids are the store's, so they are stable; they are unique
across provinces as long as each province's ids are (``graphmodel generate
--provinces N`` prefixes them with the province code). Personal numbers are only in
the form the store keeps them: masked, beside their keyed hash.

A row's province is that of the region it lies in (the two first digits of the code
of the root of its region tree, else the root's id): ``region_id`` for most kinds,
the agency's region for an instructor, the source node's for a link. A row with no
way to a region (an industry, an instructor without agency) goes with the first
province. Every province has a file in every table, empty or not, so that a reader
sees every column of every table.

pyarrow is an optional extra: ``pip install graphmodel[parquet]``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingPackageError
from ..model.graph import Graph
from ..io.dataset import DATASET_FILE
from ..io.private import make_private_dir, private_file, write_private
from ..model.schema import EDGE_KINDS, LINK_FILES, NODE_KINDS, LinkFile, reference_columns
from ..io.tables import TableLayout, layouts
from . import Progress

__all__ = ["write", "arrow_table", "TableLayout", "layouts", "PARTITION", "PART_FILE",
           "province_keys", "require_pyarrow"]

#: The hive partition column.
PARTITION = "province"
#: The one file of a partition that :func:`write` writes.
PART_FILE = "part-0.parquet"

_SAFE = re.compile(r"[^0-9A-Za-z_.-]")


def require_pyarrow() -> Any:
    """The pyarrow module, or a clear error saying which extra installs it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingPackageError("Parquet needs pyarrow: pip install 'graphmodel[parquet]'") from None
    return pyarrow


# --- which province each row belongs to ------------------------------------------------


def _roots(G: Graph) -> np.ndarray:
    """For every region, the row of the root of its tree (all at once, level by level)."""
    parent = G.column("region", "parent_id")
    root = np.arange(len(parent))
    up = parent.copy()
    while bool((up >= 0).any()):
        moving = up >= 0
        root[moving] = up[moving]
        up = np.where(moving, parent[np.maximum(up, 0)], -1)
    return root


def province_keys(G: Graph) -> tuple[list[str], np.ndarray]:
    """The provinces' partition values (sorted) and, for every region, the index of
    its own in that list.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> keys, of_region = province_keys(G)
    >>> keys, sorted(set(of_region.tolist()))
    (['46'], [0])
    """
    if G.count("region") == 0:
        return ["0"], np.zeros(0, dtype=np.int64)
    roots = _roots(G)
    codes, ids = G.column("region", "code"), G.ids("region")
    names = []
    for r in range(G.count("region")):
        code = str(codes[r])
        names.append(code[:2] if len(code) >= 2 and code[:2].isdigit() else _SAFE.sub("_", str(ids[r])))
    per_root = np.array([names[r] for r in roots.tolist()], dtype=str)
    keys = sorted(set(per_root.tolist()))
    return keys, np.searchsorted(np.array(keys, dtype=str), per_root)


def _place(G: Graph, kind: str, of_region: np.ndarray, seen: tuple[str, ...] = ()) -> np.ndarray:
    """For every row of node kind ``kind``, its province's index (-1: none found):
    through ``region_id``, else through the first reference to a kind that has one."""
    n = G.count(kind)
    if kind == "region":
        return of_region
    out = np.full(n, -1, dtype=np.int64)
    refs = reference_columns(kind)
    order = sorted(refs.values(), key=lambda e: e.target.kind != "region")
    for edge in order:
        target = edge.target.kind
        if target == kind or target in seen:
            continue
        place = _place(G, target, of_region, (*seen, kind))
        index = G.column(kind, edge.column)
        found = (out < 0) & (index >= 0)
        out[found] = place[index[found]]
    return out


def _partitions(G: Graph) -> tuple[list[str], dict[str, np.ndarray]]:
    """The province keys, and for every table (by node kind or link name) the
    province index of each of its rows."""
    keys, of_region = province_keys(G)
    out: dict[str, np.ndarray] = {}
    for kind in NODE_KINDS:
        place = _place(G, kind.name, of_region)
        out[kind.name] = np.where(place < 0, 0, place)
    for link in LINK_FILES:
        source = next(k for k in NODE_KINDS if _source_kind(link) == k.name)
        out[link.name] = out[source.name][G.array(f"{link.name}/source")]
    return keys, out


def _source_kind(link: LinkFile) -> str:
    return next(e.source for e in EDGE_KINDS if e.link == link.name)


def _target_kind(link: LinkFile) -> str:
    return next(e.target.kind for e in EDGE_KINDS if e.link == link.name)


# --- the tables ----------------------------------------------------------------------------


def _strings(values: np.ndarray) -> Any:
    pa = require_pyarrow()
    text = values.astype(str)
    return pa.array(text.tolist(), type=pa.string(), mask=text == "")


def _ids(G: Graph, kind: str, index: np.ndarray) -> Any:
    pa = require_pyarrow()
    ids = G.ids(kind)
    missing = index < 0
    looked = ids[np.maximum(index, 0)] if len(ids) else np.full(len(index), "", dtype=str)
    return pa.array(looked.tolist(), type=pa.string(), mask=missing)


def _values(values: np.ndarray, storage: str) -> Any:
    pa = require_pyarrow()
    if storage == "bool":
        return pa.array(values.astype(bool), type=pa.bool_())
    if storage == "date":
        days = values.astype("datetime64[D]")
        return pa.array(days.astype("int64").astype("int32"), type=pa.int32(),
                        mask=np.isnat(days)).cast(pa.date32())
    return _strings(values)


def arrow_table(G: Graph, layout: TableLayout) -> Any:
    """The table ``layout`` of ``G`` as a ``pyarrow.Table``: its declared columns,
    then the dataset's extra columns and what the store derived (as strings)."""
    pa = require_pyarrow()
    name = layout.rows
    if layout.node:
        refs = reference_columns(name)
        ends = {column: edge.target.kind for column, edge in refs.items()}
    else:
        link = next(f for f in LINK_FILES if f.name == name)
        ends = {link.source_column: _source_kind(link), link.target_column: _target_kind(link)}
        stored = {link.source_column: "source", link.target_column: "target"}
    columns: dict[str, Any] = {}
    for column, storage in layout.columns:
        if column in ends:
            index = G.column(name, column) if layout.node else G.array(f"{name}/{stored[column]}")
            columns[column] = _ids(G, ends[column], index)
        elif column == "id":
            columns[column] = _strings(G.ids(name))
        else:
            columns[column] = _values(G.column(name, column), storage)
    for extra in G.shared_columns(name):  # the keyed hash, the dataset's own columns...
        if extra not in columns:
            columns[extra] = _strings(G.column(name, extra))
    return pa.table(columns)


# --- writing ---------------------------------------------------------------------------


def write_tables(G: Graph, out: Path, *, province: str | None = None,
                 part: str = PART_FILE, progress: Progress | None = None) -> list[str]:
    """Write every table of ``G`` under ``out``, one file per province; with
    ``province``, every row goes to that partition. Returns the province keys written."""
    import pyarrow.parquet as pq

    keys, where = _partitions(G)
    if province is not None:
        keys = [province]
        where = {k: np.zeros_like(v) for k, v in where.items()}
    tables = layouts()
    for done, layout in enumerate(tables):
        if progress:
            progress("writing Parquet tables", done, len(tables))
        table = arrow_table(G, layout)
        place = where[layout.rows]
        for k, key in enumerate(keys):
            folder = make_private_dir(out / layout.name / f"{PARTITION}={key}")
            selected = table.filter(require_pyarrow().array(place == k))
            with private_file(folder / part) as f:  # 0600 and atomic, as every export
                pq.write_table(selected, f)
    if progress:
        progress("writing Parquet tables", len(tables), len(tables))
    return keys


def write(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` as partitioned Parquet under the folder ``out`` (see the module's
    text for the layout); :func:`graphmodel.export` calls it, with ``G`` a region's
    part for ``--region``. Tables already in ``out`` are replaced; other files are
    left alone.

    >>> import tempfile, graphmodel, pandas
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = write(G, Path(tempfile.mkdtemp()))
    >>> len(pandas.read_parquet(out / "entities")) == G.count("entity")
    True
    """
    require_pyarrow()
    out = make_private_dir(Path(out))
    for layout in layouts():
        shutil.rmtree(out / layout.name, ignore_errors=True)
    write_tables(G, out, progress=progress)
    as_of = G.meta.get("as_of")
    meta = out / DATASET_FILE
    if as_of is not None:
        write_private(meta, json.dumps({"as_of": as_of.isoformat()}) + "\n")
    else:  # a date left from an earlier export would be taken for this one's
        meta.unlink(missing_ok=True)
    return out

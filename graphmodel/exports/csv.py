"""``graphmodel export csv``: the dataset contract itself, so the export seeds back.

One CSV file per node kind and link file (``regions.csv``, ``members.csv``,
``memberships.csv``...; every file, with its header, also when it has no rows), with
the columns ``graphmodel seed`` reads: ids, references as the ids they point at,
flags ``true``/``false``, dates ``YYYY-MM-DD``, extra columns as they were; and
``dataset.json`` with the as-of date. ``graphmodel seed`` of the folder gives the
same store (:func:`graphmodel.io.store.digest` equal), also for a region's part.

Personal numbers leave only as the store holds them: masked
(``**************1230``), beside their keyed hash in ``id_number_hash``. The contract
accepts that pair and keeps both as they are, so a re-seeded export matches the same
people as the store it came from; the whole number never leaves. (The hash is under
this installation's key: another installation matches these people only if it
shares the key.)

UTF-8 with a byte-order mark, which Excel on Chinese Windows also reads; values are
written as they are, for seeding back (not neutralised for spreadsheets as the row
lists' ``--format csv`` is).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import numpy as np

from ..io.csvtext import column_cells
from ..io.dataset import DATASET_FILE
from ..model.graph import Graph
from ..io.private import make_private_dir, private_file, private_text, write_private
from ..io.processes import pid_alive
from ..io.sources import INCOMPLETE_MARKER
from ..model.schema import DERIVED_PERSONAL_COLUMNS, EDGE_KINDS, LINK_FILES, NODE_KINDS
from . import Progress

__all__ = ["write", "file_columns"]


def _references(G: Graph, kind: str, refs: np.ndarray) -> list[str]:
    ids = G.ids(kind)
    if not len(ids):
        return [""] * len(refs)
    return np.where(refs >= 0, ids[np.maximum(refs, 0)], "").tolist()


def file_columns(G: Graph, name: str) -> list[str]:
    """The header of ``name``'s file: the row model's columns in its order, then the
    extra columns as the dataset had them, then what the store derived from the
    personal numbers (their hashes, province parts and birth years).

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> file_columns(G, "member")[-5:]  # doctest: +NORMALIZE_WHITESPACE
    ['id_number', 'id_number_province', 'id_number_birth_year', 'id_number_birth_hash',
     'id_number_hash']
    >>> file_columns(G, "coverage")
    ['organisation_id', 'entity_id', 'since']
    """
    kind = next((k for k in NODE_KINDS if k.name == name), None)
    model = kind.model if kind else next(f.model for f in LINK_FILES if f.name == name)
    declared = list(model.model_fields)
    present = G.columns[name]
    extras = [c for c in present if c not in declared and c not in DERIVED_PERSONAL_COLUMNS]
    hashes = [c for c in present if c in DERIVED_PERSONAL_COLUMNS]
    return declared + extras + hashes


def _node_rows(G: Graph, name: str, header: list[str]) -> list[list[str]]:
    refs = {e.column: e for e in EDGE_KINDS if e.link is None and e.source == name}
    columns = []
    for column in header:
        if column == "id":
            columns.append(G.ids(name).tolist())
        elif column in refs:
            columns.append(_references(G, refs[column].target.kind, G.column(name, column)))
        else:
            columns.append(column_cells(G.column(name, column)))
    return columns


def _link_rows(G: Graph, name: str, header: list[str]) -> list[list[str]]:
    link = next(f for f in LINK_FILES if f.name == name)
    edge = next(e for e in EDGE_KINDS if e.link == name)
    columns = []
    for column in header:
        if column == link.source_column:
            columns.append(_references(G, edge.source, G.column(name, "source")))
        elif column == link.target_column:
            columns.append(_references(G, edge.target.kind, G.column(name, "target")))
        else:
            columns.append(column_cells(G.column(name, column)))
    return columns


#: The folder an export writes into before its files are renamed into place.
_STAGING_PREFIX = ".export-staging-"


def _remove_stale_staging(out: Path) -> None:
    """Remove what exports stopped while writing left in ``out`` (not a running one's)."""
    for path in out.glob(f"{_STAGING_PREFIX}*"):
        pid = path.name.removeprefix(_STAGING_PREFIX)
        if path.is_dir() and not path.is_symlink() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _write_file(path: Path, header: list[str], columns: list[list[str]]) -> None:
    with private_text(path, encoding="utf-8-sig") as text:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(zip(*columns))


def write(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` as a dataset into the folder ``out`` (created; its dataset files
    are replaced, other files kept).

    The files are written into a folder of their own inside ``out`` first, then
    renamed into place: an export stopped while writing leaves the previous export
    whole. Only while the renames run (a moment) does ``out`` hold
    :data:`~graphmodel.io.sources.INCOMPLETE_MARKER`, which makes every reader refuse
    the folder, so a stop then leaves a folder that says so, never a mix of two
    exports that reads as one.

    >>> import tempfile, pathlib, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = write(G, pathlib.Path(tempfile.mkdtemp()) / "demo")
    >>> graphmodel.digest(graphmodel.read_dataset(out)) == graphmodel.digest(G)
    True
    """
    out = make_private_dir(out)
    _remove_stale_staging(out)
    staging = make_private_dir(out / f"{_STAGING_PREFIX}{os.getpid()}")
    files = [(k.name, k.file, True) for k in NODE_KINDS] + \
        [(f.name, f.file, False) for f in LINK_FILES]
    try:
        for done, (name, file, is_node) in enumerate(files):
            if progress:
                progress("writing CSV files", done, len(files))
            header = file_columns(G, name)
            columns = (_node_rows if is_node else _link_rows)(G, name, header)
            _write_file(staging / file, header, columns)
        as_of = G.meta.get("as_of")
        if as_of is not None:
            with private_file(staging / DATASET_FILE) as f:
                f.write(json.dumps({"as_of": as_of.isoformat()}).encode() + b"\n")
        write_private(out / INCOMPLETE_MARKER, "an export into this folder was stopped while "
                      "it replaced the files: export again\n")
        for _, file, _ in files:
            os.replace(staging / file, out / file)
        if as_of is not None:
            os.replace(staging / DATASET_FILE, out / DATASET_FILE)
        else:  # a date left from an earlier export would be taken for this one's
            (out / DATASET_FILE).unlink(missing_ok=True)
        os.remove(out / INCOMPLETE_MARKER)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if progress:
        progress("writing CSV files", len(files), len(files))
    return out

"""The embedded store: one file holding a :class:`~graphmodel.graph.Graph`.

The file is a plain zip archive: ``meta.json`` (format name and version, column
lists, counts, provenance) and one ``.npy`` array per column. Arrays are read with
``allow_pickle=False``, so opening a store can never run code, and each column is
read only when a query first touches it, so reopening a province costs milliseconds.

A store is written to a temporary file beside the target and renamed over it: a
crash or a kill part-way leaves the previous store intact.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

from .errors import StoreError
from .graph import Graph
from .processes import pid_alive

__all__ = ["FORMAT", "FORMAT_VERSION", "write_store", "open_store", "store_info"]

FORMAT = "graphmodel-store"
#: Bump when the layout changes; a store of another version is refused, not misread.
FORMAT_VERSION = 1


def write_store(G: Graph, path: str | Path, *, source: str = "") -> Path:
    """Write ``G`` to ``path`` atomically (temporary file, then rename). Returns ``path``."""
    path = Path(path)
    try:
        return _write(G, path, source)
    except OSError as exc:  # a bad --store path is the user's input: say so, plainly
        raise StoreError(f"cannot write the store at {path}: "
                         f"{exc.strerror or exc} ({exc.filename or path})") from None


def _write(G: Graph, path: Path, source: str) -> Path:
    from . import __version__

    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(G.keys())
    meta = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "graphmodel": __version__,
        "written_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "source": source,
        "counts": G.counts(),
        "columns": G.columns,
        "arrays": keys,
    }
    _remove_abandoned(path)
    # The writer's pid is in the name, so a later write can tell an abandoned
    # temporary file (its writer was killed) from one being written right now.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                archive.writestr("meta.json", json.dumps(meta, ensure_ascii=False, indent=1))
                for key in keys:
                    with archive.open(f"{key}.npy", "w", force_zip64=True) as member:
                        np.lib.format.write_array(member, G.array(key), allow_pickle=False)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _remove_abandoned(path: Path) -> None:
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_info(path: str | Path) -> dict:
    """The store's ``meta.json`` (format, version, counts, source, written_at)."""
    archive, meta = _open(Path(path))
    archive.close()
    return meta


def open_store(path: str | Path) -> Graph:
    """Open the store at ``path``; columns are read lazily on first use.

    Raises :class:`~graphmodel.errors.StoreError` when there is no store, the file is
    not a store, or it was written in another format version.
    """
    archive, meta = _open(Path(path))
    G = Graph(_LazyArrays(archive, meta["arrays"]), meta["columns"])
    G.meta = {k: meta[k] for k in ("source", "written_at", "graphmodel", "counts")}
    return G


def _open(path: Path) -> tuple[zipfile.ZipFile, dict]:
    if not path.exists():
        raise StoreError(f"no store at {path}: run `graphmodel seed` first")
    try:
        archive = zipfile.ZipFile(path)
        meta = json.loads(archive.read("meta.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise StoreError(f"{path} is not a graphmodel store") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        archive.close()
        raise StoreError(f"{path} is not a graphmodel store")
    version = meta.get("version")
    if version != FORMAT_VERSION:
        archive.close()
        age = "an older" if isinstance(version, int) and version < FORMAT_VERSION else "another"
        raise StoreError(
            f"{path} was written by {age} version of graphmodel (store format {version}; "
            f"this version reads format {FORMAT_VERSION}): run `graphmodel seed` again")
    return archive, meta


class _LazyArrays(Mapping):
    """Arrays of an open store archive, each read on first access and then kept."""

    def __init__(self, archive: zipfile.ZipFile, keys: list[str]):
        self._archive = archive
        self._keys = keys
        self._loaded: dict[str, np.ndarray] = {}

    def __getitem__(self, key: str) -> np.ndarray:
        try:
            return self._loaded[key]
        except KeyError:
            pass
        if key not in self._keys:
            raise KeyError(key)
        with self._archive.open(f"{key}.npy") as member:
            array = np.lib.format.read_array(member, allow_pickle=False)
        self._loaded[key] = array
        return array

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

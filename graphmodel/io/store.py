"""The embedded store: one file holding a :class:`~graphmodel.model.graph.Graph`.

The file is a plain zip archive: ``meta.json`` (format name and version, column
lists, counts, provenance, and the dataset's ``as_of`` date when it has one) and one
``.npy`` array per column. No array holds
objects, so opening a store can never run code, and each column is read only when a
query first touches it, so reopening a province costs milliseconds.

A store is checked against itself before it is written and as it is read: meta.json's
fields and their types, the arrays it lists against its columns, and each array's
``.npy`` header (type, length from the counts, size of the zip member) before its data
is read, then its values (references in range, flags 0 or 1, dates and characters
valid, trees without cycles). Sizes and compression are capped, so a damaged or
crafted store is a one-line :class:`~graphmodel.errors.StoreError`, raised when the
array is first read: never a traceback, a silent misread or gigabytes of memory.

A store is written to a temporary file beside the target and renamed over it: a
crash or a kill part-way leaves the previous store intact.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import numpy as np

from ..model.dates import parse_iso_date
from ..errors import StoreError
from ..model.graph import ArraySpec, Graph, array_specs
from .private import check_replaceable, make_private_dir
from .processes import pid_alive
from ..model.schema import EDGE_KINDS

__all__ = ["FORMAT", "FORMAT_VERSION", "write_store", "open_store", "store_info", "digest"]

FORMAT = "graphmodel-store"
#: Bump when the layout changes; a store of another version is refused, not misread.
FORMAT_VERSION = 1

#: Rows per node kind or link file: row indices are int32.
MAX_ROWS = 2**31 - 1
#: The largest array member read, uncompressed (the province's largest is 45 MB).
MAX_MEMBER_BYTES = 2**31
#: How many times a compressed member may expand (graphmodel writes them stored).
MAX_EXPANSION = 20
MAX_META_BYTES = 16 * 2**20
_READ_CHUNK = 2**20


def write_store(G: Graph, path: str | Path, *, source: str = "",
                progress: Callable[[str, int, int], None] | None = None) -> Path:
    """Write ``G`` to ``path`` atomically (temporary file, then rename). Returns ``path``.
    ``progress(step, done, total)`` is called as arrays are written."""
    path = Path(path)
    try:
        return _write(G, path, source, progress)
    except OSError as exc:  # a bad --store path is the user's input: say so, plainly
        raise StoreError(f"cannot write the store at {path}: "
                         f"{exc.strerror or exc} ({exc.filename or path})") from None


def _write(G: Graph, path: Path, source: str,
           progress: Callable[[str, int, int], None] | None = None) -> Path:
    from .. import __version__

    _check_graph(G)
    check_replaceable(path)  # --store /dev/null must not replace the device
    make_private_dir(path.parent)  # folders it creates are 0700; the file is 0600 (mkstemp)
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
    as_of = G.meta.get("as_of")
    if as_of is not None:  # optional: stores without it (and older ones) read the same
        meta["as_of"] = as_of.isoformat()
    _remove_abandoned(path)
    # The writer's pid is in the name, so a later write can tell an abandoned
    # temporary file (its writer was killed) from one being written right now.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                archive.writestr("meta.json", json.dumps(meta, ensure_ascii=False, indent=1))
                for done, key in enumerate(keys):
                    if progress:
                        progress("writing the store", done, len(keys))
                    with archive.open(f"{key}.npy", "w", force_zip64=True) as member:
                        np.lib.format.write_array(member, G.array(key), allow_pickle=False)
            raw.flush()
            os.fsync(raw.fileno())
        _read_back(Path(tmp), path, keys)
        os.replace(tmp, path)
        if progress:
            progress("writing the store", len(keys), len(keys))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _read_back(written: Path, path: Path, keys: list[str]) -> None:
    """Open what was written as a reader will, before it replaces the store at
    ``path``: a store graphmodel cannot read back must never take a good one's place."""
    try:
        archive, _, specs = _open(written)
    except StoreError as exc:
        raise StoreError(f"the store written for {path} does not read back, so the store "
                         f"there was kept: {str(exc).replace(str(written), 'it')}") from None
    with archive:
        if sorted(specs) != keys:
            raise StoreError(f"the store written for {path} does not read back (its arrays "
                             "differ from the graph's), so the store there was kept")


def _check_graph(G: Graph) -> None:
    """Every array of ``G`` as its columns and counts say it must be (a guard against
    a bug writing a store that cannot be read back)."""
    def bug(detail: str) -> StoreError:
        return StoreError(f"cannot write the store: {detail} (a bug in graphmodel)")

    try:
        specs = array_specs(G.columns)
    except ValueError as exc:
        raise bug(str(exc)) from None
    if set(G.keys()) != set(specs):
        raise bug("the arrays are not those of the columns: "
                  f"{', '.join(sorted(set(G.keys()) ^ set(specs)))}")
    counts = G.counts()
    for key, spec in specs.items():
        array = G.array(key)
        why = _header_problem(spec, array.dtype, array.shape, counts) or \
            _value_problem(spec, array, counts, key)
        if why:
            raise bug(f"{key}: {why}")


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
    """The store's ``meta.json`` (format, version, counts, source, written_at, and
    as_of when the dataset has one)."""
    archive, meta, _ = _open(Path(path))
    archive.close()
    return meta


def open_store(path: str | Path) -> Graph:
    """Open the store at ``path``; columns are read lazily on first use.

    Raises :class:`~graphmodel.errors.StoreError` when there is no store, the file is
    not a store, it was written in another format version, or it is damaged (checked
    here, and for each array when it is first read).
    """
    path = Path(path)
    archive, meta, specs = _open(path)
    G = Graph(_LazyArrays(archive, path, specs, meta["counts"]), meta["columns"])
    G.meta = {k: meta[k] for k in ("source", "written_at", "graphmodel", "counts")}
    G.meta["as_of"] = parse_iso_date(meta["as_of"]) if "as_of" in meta else None
    return G


def _damaged(path: Path, detail: str) -> StoreError:
    return StoreError(f"{path} is damaged ({detail}): run `graphmodel seed` again")


def _open(path: Path) -> tuple[zipfile.ZipFile, dict, dict[str, ArraySpec]]:
    if not path.exists():
        raise StoreError(f"no store at {path}: run `graphmodel seed` first")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise StoreError(f"{path} is not a graphmodel store") from None
    try:
        meta = _read_meta(archive, path)
        specs = _check_meta(meta, path)
        _check_members(archive, specs, path)
    except BaseException:
        archive.close()
        raise
    return archive, meta, specs


def _read_meta(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        info = archive.getinfo("meta.json")
    except KeyError:
        raise StoreError(f"{path} is not a graphmodel store") from None
    why = _member_problem(info, MAX_META_BYTES)
    if why:
        raise _damaged(path, f"meta.json {why}")
    try:
        meta = json.loads(archive.read(info))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error, RuntimeError,
            NotImplementedError) as exc:  # RecursionError is a RuntimeError
        raise _damaged(path, f"meta.json: {_first_line(exc)}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise StoreError(f"{path} is not a graphmodel store")
    version = meta.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        age = "an older" if isinstance(version, int) and version < FORMAT_VERSION else "another"
        raise StoreError(
            f"{path} was written by {age} version of graphmodel (store format {version}; "
            f"this version reads format {FORMAT_VERSION}): run `graphmodel seed` again")
    return meta


def _check_meta(meta: dict, path: Path) -> dict[str, ArraySpec]:
    """The arrays meta.json describes, once every field of it is as written."""
    for name in ("graphmodel", "written_at", "source"):
        if not isinstance(meta.get(name), str):
            raise _damaged(path, f"meta.json: {name} is not a string")
    if "as_of" in meta and not (isinstance(meta["as_of"], str)
                                and parse_iso_date(meta["as_of"]) is not None):
        raise _damaged(path, "meta.json: as_of is not a date YYYY-MM-DD")
    try:
        specs = array_specs(meta.get("columns"))
    except ValueError as exc:
        raise _damaged(path, f"meta.json: {exc}") from None
    counts = meta.get("counts")
    names = {spec.rows for spec in specs.values()}
    if not isinstance(counts, dict) or set(counts) != names:
        raise _damaged(path, "meta.json: counts must name every node kind and link file")
    for name, count in counts.items():
        if type(count) is not int or not 0 <= count <= MAX_ROWS:
            raise _damaged(path, f"meta.json: the count of {name} is not a number of rows")
    arrays = meta.get("arrays")
    if not isinstance(arrays, list) or not all(isinstance(a, str) for a in arrays) \
            or len(arrays) != len(specs) or set(arrays) != set(specs):
        raise _damaged(path, "meta.json: the arrays are not those of the columns")
    return specs


def _check_members(archive: zipfile.ZipFile, specs: dict[str, ArraySpec], path: Path) -> None:
    for key in specs:
        try:
            info = archive.getinfo(f"{key}.npy")
        except KeyError:
            raise _damaged(path, f"{key}.npy is missing") from None
        why = _member_problem(info, MAX_MEMBER_BYTES)
        if why:
            raise _damaged(path, f"{key}.npy {why}")


def _member_problem(info: zipfile.ZipInfo, limit: int) -> str | None:
    """Why a zip member cannot be read safely (so a zip bomb is refused unread)."""
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            return "has a stored size unlike its size"
    elif info.compress_type != zipfile.ZIP_DEFLATED:
        return f"is compressed with method {info.compress_type}"
    elif info.file_size > MAX_EXPANSION * max(info.compress_size, 1):
        return (f"would expand {info.file_size // max(info.compress_size, 1)} times, "
                f"more than the {MAX_EXPANSION} allowed (a zip bomb?)")
    if info.file_size > limit:
        return f"is {info.file_size} bytes; at most {limit} are read"
    return None


def _header_problem(spec: ArraySpec, dtype: np.dtype, shape: tuple,
                    counts: Mapping[str, int]) -> str | None:
    """Why an array of this type and shape cannot be the array ``spec`` describes."""
    if dtype.hasobject or not dtype.isnative or dtype != _DTYPES.get(spec.storage, dtype) \
            or (spec.storage == "str" and dtype.kind != "U"):
        return f"holds {dtype.str}, not {_DESCRIBED[spec.storage]}"
    if shape != (counts[spec.rows],):
        return f"has shape {shape}, not ({counts[spec.rows]},) for {counts[spec.rows]} {spec.rows}"
    return None


_DTYPES = {"bool": np.dtype(bool), "date": np.dtype("datetime64[D]"),
           "ref": np.dtype(np.int32), "index": np.dtype(np.int32)}
_DESCRIBED = {"bool": "flags (bool)", "date": "dates (datetime64[D])", "str": "text (unicode)",
              "ref": "row indices (int32)", "index": "row indices (int32)"}
_FIRST_DAY, _LAST_DAY = np.datetime64("0001-01-01", "D"), np.datetime64("9999-12-31", "D")
# Each tree must not loop: a walk up it would never end.
_TREES = {f"{e.source}/{e.column}" for e in EDGE_KINDS
          if e.link is None and e.source == e.target.kind}


def _value_problem(spec: ArraySpec, array: np.ndarray, counts: Mapping[str, int],
                   key: str, *, untrusted: bool = False) -> str | None:
    """Why the values of an array of the right type and shape are not valid."""
    if not len(array):
        return None
    if spec.storage in ("ref", "index"):
        assert spec.target is not None  # array_specs gives every ref and index a target
        low, high = int(array.min()), int(array.max())
        lowest, size = (-1 if spec.storage == "ref" else 0), counts[spec.target]
        if low < lowest or high >= size:
            return (f"has row index {low if low < lowest else high}, outside "
                    f"[{lowest}, {size}) for {size} {spec.target}")
        if untrusted and key in _TREES and _has_cycle(array):
            return f"makes a cycle in the {spec.rows} tree"
    elif not untrusted:
        return None
    elif spec.storage == "bool":
        if array.view(np.uint8).max() > 1:
            return "has a flag that is neither true nor false"
    elif spec.storage == "date":
        days = array[~np.isnat(array)]
        if len(days) and (days.min() < _FIRST_DAY or days.max() > _LAST_DAY):
            return "has a date outside the years 1 to 9999"
    elif spec.storage == "str" and array.dtype.itemsize:
        for start in range(0, len(array), 1 << 16):  # in chunks: no big temporary
            chars = array[start:start + (1 << 16)].view(np.uint32)
            if chars.max() > 0x10FFFF or ((chars - 0xD800) < 0x800).any():
                return "has a character that is not Unicode text"
    return None


def _has_cycle(parent: np.ndarray) -> bool:
    """Whether following ``parent`` (-1: none) from some row never ends."""
    up, steps = parent, 1
    while steps < len(parent):  # up[i]: the ancestor ``steps`` levels above i, or -1
        above = up >= 0
        if not above.any():
            return False
        up = np.where(above, up[np.where(above, up, 0)], -1)
        steps *= 2
    return bool((up >= 0).any())


class _LazyArrays(Mapping):
    """Arrays of an open store archive, each read (and checked) on first access and
    then kept."""

    def __init__(self, archive: zipfile.ZipFile, path: Path, specs: dict[str, ArraySpec],
                 counts: Mapping[str, int]):
        self._archive = archive
        self._path = path
        self._specs = specs
        self._counts = counts
        self._keys = sorted(specs)
        self._loaded: dict[str, np.ndarray] = {}

    def __getitem__(self, key: str) -> np.ndarray:
        try:
            return self._loaded[key]
        except KeyError:
            pass
        spec = self._specs[key]  # KeyError for a key the store does not have
        try:
            array = self._read(key, spec)
        except MemoryError:
            raise StoreError(f"{self._path}: not enough memory to read {key}") from None
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error,
                RuntimeError, NotImplementedError, SyntaxError, TypeError) as exc:
            raise _damaged(self._path, f"{key}.npy: {_first_line(exc)}") from None
        why = _value_problem(spec, array, self._counts, key, untrusted=True)
        if why:
            raise _damaged(self._path, f"{key} {why}")
        self._loaded[key] = array
        return array

    def _read(self, key: str, spec: ArraySpec) -> np.ndarray:
        info = self._archive.getinfo(f"{key}.npy")
        with self._archive.open(info) as member:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(member)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(member)
            else:
                raise ValueError(f"npy format {version[0]}.{version[1]} is not read")
            why = _header_problem(spec, dtype, shape, self._counts)
            if why:
                raise ValueError(why)
            size = shape[0] * dtype.itemsize
            if member.tell() + size != info.file_size:
                raise ValueError(f"holds {info.file_size - member.tell()} bytes of data, "
                                 f"not {size} for {shape[0]} {dtype.str}")
            array = np.empty(shape, dtype)
            raw = array.view(np.uint8) if size else array
            done = 0
            while done < size:  # the last read also checks the member's CRC
                chunk = member.read(min(_READ_CHUNK, size - done))
                if not chunk:
                    raise EOFError(f"ends after {done} of {size} bytes of data")
                raw[done:done + len(chunk)] = np.frombuffer(chunk, np.uint8)
                done += len(chunk)
        return array

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def digest(G: Graph) -> str:
    """A SHA-256 of everything ``G`` holds: every array's values (in the order of
    their keys), the column lists and the as-of date; not where or when it was written.

    Two graphs with the same digest answer every question alike, so it tells whether
    an export seeded back is the store it came from. Values are hashed, not their
    storage: a text column is the same however wide numpy made its array.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> digest(G) == digest(graphmodel.read_dataset(graphmodel.bundled_dataset("demo")))
    True
    """
    import hashlib

    h = hashlib.sha256()
    as_of = G.meta.get("as_of")
    h.update(json.dumps({"columns": G.columns, "as_of": as_of.isoformat() if as_of else None},
                        sort_keys=True, ensure_ascii=False).encode())
    for key in sorted(G.keys()):
        array = G.array(key)
        h.update(f"\0{key}\0{array.dtype.kind}\0{len(array)}\0".encode())
        if array.dtype.kind == "U":
            values = array.tolist()
            h.update(np.fromiter(map(len, values), np.int64, len(values)).tobytes())
            h.update("".join(values).encode("utf-8", "surrogatepass"))
        elif array.dtype.kind == "M":
            h.update(array.astype("datetime64[D]").view(np.int64).tobytes())
        else:
            h.update(array.astype(np.int64).tobytes())
    return h.hexdigest()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]

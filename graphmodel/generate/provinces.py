"""Several generated provinces, written straight to partitioned Parquet.

``generate_provinces("hainan-2016", out, n)`` writes ``n`` Hainan-like provinces, one
at a time (a province is generated, validated like any dataset, written to its
``province=<code>`` partition, then dropped), so memory stays that of one province
whatever ``n``. Province ``k`` has its own seed (``seed + k``), its own GB/T 2260
province code (Hainan's 46 first, then other provinces' codes: the region codes of
its tree start with it) and ids prefixed with that code (``46-E000001``), so ids never
clash across provinces.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..errors import GraphmodelError
from ..model.graph import Graph
from ..io.private import make_private_dir, write_private
from ..model.schema import NODE_KINDS

__all__ = ["generate_provinces", "as_province", "PROVINCE_CODES"]

#: GB/T 2260 province-level codes, Hainan's first: province k of a run takes the k-th.
PROVINCE_CODES = ("46", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
                  "34", "35", "36", "37", "41", "42", "43", "44", "45", "50", "51", "52",
                  "53", "54", "61", "62", "63", "64", "65")


def as_province(G: Graph, code: str, original: str = "46") -> Graph:
    """``G`` with every id prefixed ``<code>-`` and region codes starting ``original``
    moved to ``code`` (references are row indices: they need no change).

    >>> import graphmodel
    >>> G = as_province(graphmodel.read_dataset(graphmodel.bundled_dataset("demo")), "11")
    >>> str(G.ids("region")[0]), str(G.column("region", "code")[0])
    ('11-HN', '110000')
    """
    arrays = {key: G.array(key) for key in G.keys()}
    for kind in NODE_KINDS:
        ids = arrays[f"{kind.name}/id"]
        arrays[f"{kind.name}/id"] = np.char.add(f"{code}-", ids) if len(ids) else ids
    codes = arrays["region/code"]
    if len(codes):
        moved = np.char.startswith(codes, original)
        arrays["region/code"] = np.where(moved, np.char.add(code, _tail(codes)), codes)
    out = Graph(arrays, G.columns)
    out.meta = dict(G.meta)
    return out


def _tail(codes: np.ndarray) -> np.ndarray:
    return np.array([c[2:] for c in codes.tolist()], dtype=str)


def generate_provinces(name: str, out: str | Path, n: int, seed: int | None = None, *,
                       progress: Callable[[int, str], None] | None = None) -> Path:
    """Write ``n`` generated provinces of the generator ``name`` as partitioned Parquet
    under ``out`` (the layout of :mod:`graphmodel.exports.parquet`). Returns ``out``.

    ``progress(k, code)`` is called as province ``k`` (from 0) starts.
    """
    from ..io.dataset import DATASET_FILE
    from ..exports.parquet import layouts, require_pyarrow
    from . import GENERATORS

    require_pyarrow()
    if name not in GENERATORS:
        raise GraphmodelError(f"no generator {name!r} (generators: {', '.join(sorted(GENERATORS))})")
    if not 1 <= n <= len(PROVINCE_CODES):
        raise GraphmodelError(f"--provinces: expected 1 to {len(PROVINCE_CODES)}, got {n}")
    seed = GENERATORS[name][1] if seed is None else seed
    out = make_private_dir(Path(out))
    for layout in layouts():
        shutil.rmtree(out / layout.name, ignore_errors=True)
    as_of = None
    for k in range(n):
        code = PROVINCE_CODES[k]
        if progress is not None:
            progress(k, code)
        # Each province in a process of its own: its memory goes back to the system
        # when it ends, so the peak is one province's whatever n (in one process the
        # heap only grows, by fragmentation, from one province to the next).
        proc = subprocess.run([sys.executable, "-m", "graphmodel.generate.provinces", name,
                               str(out), str(seed + k), code], capture_output=True, text=True)
        if proc.returncode != 0:
            raise GraphmodelError(f"generating province {code} failed: "
                                  f"{(proc.stderr.strip().splitlines() or ['?'])[-1]}")
        as_of = json.loads(proc.stdout.strip().splitlines()[-1])["as_of"]
    if as_of is not None:
        write_private(out / DATASET_FILE, json.dumps({"as_of": as_of}) + "\n")
    return out


def write_province(name: str, out: Path, seed: int, code: str) -> str | None:
    """Generate one province, validate it and write it to its partition under ``out``;
    returns its as-of date (ISO) or None."""
    from ..io.dataset import read_dataset
    from ..exports.parquet import write_tables
    from . import generate

    with tempfile.TemporaryDirectory(prefix=".generating-", dir=out) as work:
        generate(name, Path(work) / "csv", seed)
        G = read_dataset(Path(work) / "csv")
    G = as_province(G, code)
    write_tables(G, out, province=code)
    as_of = G.meta.get("as_of")
    return as_of.isoformat() if as_of is not None else None


if __name__ == "__main__":  # one province, as generate_provinces runs it
    _name, _out, _seed, _code = sys.argv[1:5]
    print(json.dumps({"as_of": write_province(_name, Path(_out), int(_seed), _code)}))

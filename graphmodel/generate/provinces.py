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

import gc
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..errors import GraphmodelError
from ..graph import Graph
from ..private import make_private_dir, write_private
from ..schema import NODE_KINDS

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
    from ..dataset import read_dataset
    from ..exports.parquet import DATASET_FILE, layouts, require_pyarrow, write_tables
    from . import GENERATORS, generate

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
        with tempfile.TemporaryDirectory(prefix=".generating-", dir=out) as work:
            generate(name, Path(work) / "csv", seed + k)
            G = read_dataset(Path(work) / "csv")
        G = as_province(G, code)
        as_of = G.meta.get("as_of")
        write_tables(G, out, province=code)
        del G
        gc.collect()  # the next province reuses this one's memory
    if as_of is not None:
        write_private(out / DATASET_FILE, json.dumps({"as_of": as_of.isoformat()}) + "\n")
    return out

"""What a dataset name on the command line means: a folder, an .xlsx workbook, one of
the bundled datasets (``demo``) or a generated one (``hainan-2016``, written to a
temporary folder on demand)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import GraphmodelError
from .generate import GENERATORS, generate
from .io.resources import bundled_dataset, bundled_datasets
from .io.workbook import is_workbook

__all__ = ["dataset_dir", "BUNDLED_PREFIX", "GENERATED_PREFIX"]


#: How to name graphmodel's own datasets without any doubt: ``bundled:demo``,
#: ``generated:hainan-2016``.
BUNDLED_PREFIX, GENERATED_PREFIX = "bundled:", "generated:"


def _is_path(source: str | Path) -> bool:
    """Whether ``source`` can only mean a folder: a Path, or text with a slash."""
    if isinstance(source, Path):
        return True
    return any(sep and sep in source for sep in ("/", os.sep, os.altsep))


@contextlib.contextmanager
def dataset_dir(source: str | Path, progress=None) -> Iterator[Path]:
    """The dataset directory for ``source``: a directory (or an .xlsx workbook, yielded
    as it is), a bundled dataset or a
    generated one (``hainan-2016``, written to a temporary directory that is removed
    on exit).

    A name that is both a folder here and one of graphmodel's datasets is refused as
    ambiguous: ``./demo`` (any path with a slash, or a :class:`~pathlib.Path`) means
    the folder, ``bundled:demo`` / ``generated:hainan-2016`` graphmodel's dataset.
    """
    ours = {BUNDLED_PREFIX: bundled_datasets(), GENERATED_PREFIX: sorted(GENERATORS)}
    known = f"bundled: {', '.join(ours[BUNDLED_PREFIX])}; " \
            f"generated: {', '.join(ours[GENERATED_PREFIX])}"
    name, kind = str(source), None
    if not _is_path(source):
        for prefix, names in ours.items():
            if name.startswith(prefix):
                name, kind = name[len(prefix):], prefix
                if name not in names:
                    raise GraphmodelError(f"{source}: graphmodel has no such dataset ({known})")
                break
        else:
            kind = next((prefix for prefix, names in ours.items() if name in names), None)
            if kind and Path(name).is_dir():
                raise GraphmodelError(
                    f"{name} is ambiguous: the folder ./{name} and graphmodel's {kind[:-1]} "
                    f"dataset {name}; say ./{name} for the folder or {kind}{name} for "
                    "graphmodel's")
    if kind is None:
        if Path(source).is_dir() or (Path(source).is_file() and is_workbook(source)):
            yield Path(source)
            return
        raise GraphmodelError(
            f"{source}: no such dataset directory or workbook, nor a bundled or generated dataset ({known})")
    if kind == BUNDLED_PREFIX:
        yield bundled_dataset(name)
        return
    tmp = Path(tempfile.mkdtemp(prefix=f"graphmodel-{name}-"))
    try:
        yield generate(name, tmp, progress=progress)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

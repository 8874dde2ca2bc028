"""Files that ship with graphmodel: the bundled datasets (``seeds/``) and the Cypher
library (``cypher/``). In a wheel they sit inside the package; in a source checkout
(an editable install) they are the top-level folders of the repository."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from .errors import GraphmodelError

__all__ = ["shipped_dir", "bundled_dataset", "bundled_datasets", "dataset_dir"]


def shipped_dir(name: str) -> Path:
    """The shipped folder ``name`` (``"seeds"`` or ``"cypher"``)."""
    inside = Path(str(resources.files("graphmodel"))) / name
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise GraphmodelError(f"graphmodel is installed without its {name}/ folder")


def bundled_datasets() -> list[str]:
    """Names of the datasets that ship with graphmodel (``demo``, ...)."""
    return sorted(p.name for p in shipped_dir("seeds").iterdir()
                  if p.is_dir() and (p / "regions.csv").is_file())


def bundled_dataset(name: str) -> Path:
    """The directory of the bundled dataset ``name``.

    >>> bundled_dataset("demo").name
    'demo'
    """
    path = shipped_dir("seeds") / name
    if name not in bundled_datasets():
        raise GraphmodelError(
            f"no bundled dataset {name!r} (bundled: {', '.join(bundled_datasets())})")
    return path


@contextlib.contextmanager
def dataset_dir(source: str | Path) -> Iterator[Path]:
    """The dataset directory for ``source``: an existing directory, else a bundled
    dataset, else a generated one (``hainan-2016``), written to a temporary
    directory that is removed on exit."""
    from .generate import GENERATORS, generate

    path = Path(source)
    if path.is_dir():
        yield path
        return
    name = str(source)
    if name in bundled_datasets():
        yield bundled_dataset(name)
        return
    if name in GENERATORS:
        tmp = Path(tempfile.mkdtemp(prefix=f"graphmodel-{name}-"))
        try:
            yield generate(name, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    raise GraphmodelError(
        f"{source}: no such dataset directory, nor a bundled or generated dataset "
        f"(bundled: {', '.join(bundled_datasets())}; generated: {', '.join(sorted(GENERATORS))})")

"""Files that ship with graphmodel: the bundled datasets (``seeds/``) and the Cypher
library (``cypher/``). In a wheel they sit inside the package; in a source checkout
(an editable install) they are the top-level folders of the repository."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import GraphmodelError

__all__ = ["shipped_dir", "bundled_dataset", "bundled_datasets"]


def shipped_dir(name: str) -> Path:
    """The shipped folder ``name`` (``"seeds"`` or ``"cypher"``)."""
    inside = Path(str(resources.files("graphmodel"))) / name
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parents[2] / name
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

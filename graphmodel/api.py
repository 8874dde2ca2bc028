"""Whole operations that the CLI commands mirror one to one: seed and validate."""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model.graph import Graph

# Reading and writing datasets (pydantic, the store writer) is imported by the calls
# that need it: a command that only reads a store, or asks for its path, does not.

__all__ = ["seed", "validate", "link", "default_store_path", "STORE_ENV"]

#: The environment variable naming the store, read by the CLI (never at import).
STORE_ENV = "GRAPHMODEL_STORE"


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the store lives when no path is given.

    ``$GRAPHMODEL_STORE`` if set, else ``$XDG_DATA_HOME/graphmodel/store.gmz``, else
    ``~/.local/share/graphmodel/store.gmz``.
    """
    env = os.environ if environ is None else environ
    if env.get(STORE_ENV):
        return Path(env[STORE_ENV])
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "graphmodel" / "store.gmz"


def validate(source: str | Path, mapping: str | Path | typing.Sequence[str | Path] | None = None,
             links: str | Path | None = None) -> Graph:
    """Read and validate a dataset directory, workbook or bundled dataset; write nothing.

    ``mapping`` is a mapping file (see :mod:`graphmodel.io.mapping`) for sources in
    other layouts.

    Raises :class:`~graphmodel.errors.DatasetError` listing every problem.
    """
    from .io.dataset import read_dataset
    from .dataset_names import dataset_dir

    with dataset_dir(source) as path:
        return read_dataset(path, data_dirs=_data_dirs(default_store_path()), mapping=mapping,
                            links=links)


def seed(source: str | Path, store: str | Path,
         mapping: str | Path | typing.Sequence[str | Path] | None = None,
         links: str | Path | None = None,
         progress: typing.Callable[[str, int, int], None] | None = None) -> Graph:
    """Validate ``source`` and replace the contents of the store at ``store`` with it.

    The store is only replaced once the whole dataset is valid, and atomically, so
    on any error the previous store still answers every query. ``progress(step,
    done, total)`` is called as the work advances (generating, reading, writing).

    >>> import tempfile, pathlib, graphmodel
    >>> G = graphmodel.seed("demo", pathlib.Path(tempfile.mkdtemp()) / "store.gmz")
    >>> G.count("member")
    12
    """
    from .io.dataset import read_dataset
    from .dataset_names import dataset_dir
    from .io.store import write_store

    with dataset_dir(source, progress) as path:
        G = read_dataset(path, data_dirs=_data_dirs(store), mapping=mapping, links=links,
                         progress=progress)
    write_store(G, store, source=str(source), progress=progress)
    return G


def link(source: str | Path, mapping: str | Path | typing.Sequence[str | Path] | None = None,
         review: str | Path | None = None, out: str | Path | None = None) -> list:
    """Match members' ``employer_name`` to entities (see :mod:`graphmodel.employers`);
    ``review``: a reviewed link file whose rows override the matcher; ``out``: where
    to write the link (review) file. Returns the :class:`~graphmodel.employers.Link`
    list; changes no store.

    >>> import graphmodel
    >>> graphmodel.link("demo")
    []
    """
    from .employers import match_employers, read_links, write_links

    G = validate(source, mapping)
    links = match_employers(G, read_links(review) if review is not None else None)
    if out is not None:
        write_links(links, out)
    return links


def _data_dirs(store: str | Path) -> tuple[Path, ...]:
    """Folders of data the personal-data key may not lie in, besides the dataset: the
    store's and the local Neo4j's (they get copied and sent; the key must not be)."""
    from .backends.neo4j.connection import local_server_dir

    return Path(store).parent, local_server_dir()

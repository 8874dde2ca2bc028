"""Exports: the graph (or a region's part of it) in the files other tools read.

One function, :func:`export`, dispatches to one small module per format through
:data:`EXPORTERS`, the registry declared once here: a format is a name, the module
holding its ``write(G, out, *, progress=None)`` function, whether it writes a file or
a folder, and a line of help. The command ``graphmodel export FORMAT OUT`` is derived
from it, so adding a format is one module and one line below.

Every file written holds personal data (names, masked numbers): it is 0600 (folders
0700), written to a temporary name and renamed into place, so a failed export leaves
nothing half-written.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError
from ..io.private import make_private_dir

if TYPE_CHECKING:
    from ..model.graph import Graph

__all__ = ["Exporter", "EXPORTERS", "export", "Exported", "Progress"]

#: ``progress(step, done, total)``: called as work advances (``step`` says what).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Exporter:
    """One export format: its module (with ``write(G, out, *, progress=None)``),
    whether it writes one ``"file"`` or a ``"folder"``, and what it is for."""

    name: str
    module: str
    target: str
    help: str
    #: The pip extra its module needs, named when the import fails.
    extra: str | None = None


#: Every export format, by name (the CLI's ``graphmodel export FORMAT``).
EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("graphml", "graphmodel.exports.graphml", "file",
             "GraphML, for Gephi, yEd, Cytoscape and networkx.read_graphml."),
    Exporter("gexf", "graphmodel.exports.gexf", "file",
             "GEXF, Gephi's own format (networkx.read_gexf reads it too)."),
    Exporter("nodelink", "graphmodel.exports.nodelink", "file",
             "JSON in networkx's node-link shape (networkx.node_link_graph), for D3 and "
             "other JavaScript."),
    Exporter("csv", "graphmodel.exports.csv", "folder",
             "The dataset contract itself: the CSV files graphmodel seed reads, seeding "
             "back the same store."),
    Exporter("parquet", "graphmodel.exports.parquet", "folder",
             "One Parquet table per file of the dataset contract, partitioned by province "
             "(OUT/entities/province=46/part-0.parquet...), for pandas, polars, DuckDB "
             "and Spark.", extra="parquet"),
)}


@dataclass(frozen=True)
class Exported:
    """What :func:`export` wrote: the format, the path, and the rows per node kind
    and link file of the graph (or part) exported."""

    format: str
    path: Path
    counts: dict[str, int] = field(default_factory=dict)


def export(G: Graph, format: str, out: str | Path, *, region: str | None = None,
           progress: Progress | None = None) -> Exported:
    """Write ``G`` (or, with ``region``, that region's part) as ``format`` to ``out``.

    Parameters
    ----------
    G : Graph
    format : str
        A name of :data:`EXPORTERS`: ``"graphml"``, ``"gexf"``, ``"nodelink"``,
        ``"csv"``...
    out : path
        The file to write (replaced), or for a folder format the folder (created;
        its files of that format are replaced).
    region : str, optional
        A region's id, exact name or GB/T 2260 code: export only its part (see
        :func:`graphmodel.parts.region_part`): what lies in its subtree, the regions
        above it, and the lookups it refers to; a valid dataset on its own.
    progress : callable, optional
        Called as ``progress(step, done, total)`` as the export advances.

    Raises :class:`~graphmodel.errors.ExportError` for an unknown format or a path
    that cannot be written, :class:`~graphmodel.errors.QueryError` for an unknown region.

    >>> import tempfile, pathlib, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "dingan.gexf"
    >>> graphmodel.export(G, "gexf", out, region="定安县").counts["entity"]
    5
    """
    from ..parts import region_part

    exporter = EXPORTERS.get(format) if isinstance(format, str) else None
    if exporter is None:
        raise ExportError(f"unknown export format {format!r}; expected one of "
                          f"{', '.join(EXPORTERS)}")
    part = region_part(G, region)
    try:
        module = importlib.import_module(exporter.module)
    except ImportError as exc:
        hint = f" (pip install 'graphmodel[{exporter.extra}]')" if exporter.extra else ""
        raise ExportError(f"export {format} needs {exc.name or 'a package'}, which is not "
                          f"installed{hint}") from None
    path = Path(out)
    if exporter.target == "file" and path.is_dir():
        raise ExportError(f"{path} is a folder: export {format} writes a file (give its name)")
    if exporter.target == "folder" and path.exists() and not path.is_dir():
        raise ExportError(f"{path} is a file: export {format} writes a folder")
    try:
        make_private_dir(path.parent if exporter.target == "file" else path)
        written = module.write(part, path, progress=progress)
    except OSError as exc:  # the temporary file's name would only puzzle: name the target
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Exported(format, Path(written), part.counts())

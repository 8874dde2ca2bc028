"""``graphmodel export graphml``: GraphML, for Gephi, yEd, Cytoscape and networkx.

Nodes are ``Label:id`` (unique across kinds) with ``label`` (the name), ``node_kind``,
``node_id`` and their properties; edges carry ``label`` (the relationship type) and
their properties. Flags are GraphML booleans, everything else text (dates ISO).
"""

from __future__ import annotations

from pathlib import Path

from ..model.graph import Graph
from . import Progress
from .xmlgraph import write_graphml

__all__ = ["write"]


def write(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` to the GraphML file ``out``; ``networkx.read_graphml`` reads it back.

    >>> import tempfile, pathlib, networkx, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = write(G, pathlib.Path(tempfile.mkdtemp()) / "demo.graphml")
    >>> networkx.read_graphml(out).nodes["Region:R-DA"]["label"]
    '定安县'
    """
    return write_graphml(G, out, progress=progress)

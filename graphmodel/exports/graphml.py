"""``graphmodel export graphml``: GraphML, for Gephi, yEd, Cytoscape and networkx.

Nodes are ``Label:id`` (unique across kinds) with ``label`` (the name), ``node_kind``,
``node_id`` and their properties; edges carry ``label`` (the relationship type) and
their properties. Flags are GraphML booleans, everything else text (dates ISO).
"""

from __future__ import annotations

from pathlib import Path

from ..graph import Graph
from ..private import private_file
from . import Progress
from .portable import portable_graph

__all__ = ["write"]


def write(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` to the GraphML file ``out``; ``networkx.read_graphml`` reads it back.

    >>> import tempfile, pathlib, networkx, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = write(G, pathlib.Path(tempfile.mkdtemp()) / "demo.graphml")
    >>> networkx.read_graphml(out).nodes["Region:R-DA"]["label"]
    '定安县'
    """
    import networkx as nx

    if progress:
        progress("building the graph", 0, 2)
    nxg = portable_graph(G)
    if progress:
        progress("writing GraphML", 1, 2)
    with private_file(out) as f:
        nx.write_graphml(nxg, f, prettyprint=False)
    if progress:
        progress("writing GraphML", 2, 2)
    return out

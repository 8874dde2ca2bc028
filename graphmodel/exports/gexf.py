"""``graphmodel export gexf``: GEXF 1.2, Gephi's own format.

Gephi shows each node by its ``label``, the name (定安县, 王海...); nodes are keyed
``Label:id`` (unique across kinds) and carry ``node_kind`` (to colour by), ``node_id``
and their properties; each edge's label is its relationship type (MEMBER_OF...).
"""

from __future__ import annotations

from pathlib import Path

from ..model.graph import Graph
from . import Progress
from .xmlgraph import write_gexf

__all__ = ["write"]


def write(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` to the GEXF file ``out``; Gephi opens it, ``networkx.read_gexf``
    reads it back.

    >>> import tempfile, pathlib, networkx, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = write(G, pathlib.Path(tempfile.mkdtemp()) / "demo.gexf")
    >>> networkx.read_gexf(out).nodes["Region:R-DA"]["label"]
    '定安县'
    """
    return write_gexf(G, out, progress=progress)

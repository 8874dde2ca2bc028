"""``graphmodel export nodelink``: the graph as node-link JSON (networkx's shape).

``{"directed": true, "multigraph": true, "graph": {"as_of": ...}, "nodes": [{"id":
"Region:R-DA", "label": "定安县", "node_kind": "Region", ...}], "edges": [{"source": ...,
"target": ..., "key": "PART_OF", "label": "PART_OF", ...}]}``, UTF-8: what D3 and other
JavaScript read, and ``networkx.node_link_graph(data, edges="edges")``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..graph import Graph
from ..private import private_file
from . import Progress
from .portable import portable_graph

__all__ = ["write"]


def write(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` to the JSON file ``out``.

    >>> import json, tempfile, pathlib, networkx, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = write(G, pathlib.Path(tempfile.mkdtemp()) / "demo.json")
    >>> data = json.loads(out.read_text(encoding="utf-8"))
    >>> networkx.node_link_graph(data, edges="edges").nodes["Region:R-DA"]["label"]
    '定安县'
    """
    import networkx as nx

    if progress:
        progress("building the graph", 0, 2)
    data = nx.node_link_data(portable_graph(G), edges="edges")
    if progress:
        progress("writing JSON", 1, 2)
    with private_file(out) as f:
        for chunk in json.JSONEncoder(ensure_ascii=False).iterencode(data):
            f.write(chunk.encode("utf-8"))
    if progress:
        progress("writing JSON", 2, 2)
    return out

"""``graphmodel export nodelink``: the graph as node-link JSON (networkx's shape).

``{"directed": true, "multigraph": true, "graph": {"as_of": ...}, "nodes": [{"name":
"定安县", ..., "label": "定安县", "node_kind": "Region", "node_id": "R-DA", "id":
"Region:R-DA"}], "edges": [{"label": "PART_OF", ..., "source": ..., "target": ...,
"key": "PART_OF"}]}``, UTF-8: what D3 and other JavaScript read, and
``networkx.node_link_graph(data, edges="edges")``. Written as a stream, one node or
edge at a time, from the records :func:`graphmodel.to_networkx` is built from.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from ..model.graph import Graph, edge_records, node_records
from ..io.private import private_file
from ..model.schema import EDGE_KINDS, NODE_KINDS
from . import Progress

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
    dump = json.JSONEncoder(ensure_ascii=False).encode
    as_of = G.meta.get("as_of")
    graph = {"as_of": as_of.isoformat()} if as_of is not None else {}
    steps = len(NODE_KINDS) + len(EDGE_KINDS)
    with private_file(out) as raw:
        f = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        f.write(f'{{"directed": true, "multigraph": true, "graph": {dump(graph)},\n"nodes": [')
        sep = "\n"
        for done, kind in enumerate(NODE_KINDS):
            if progress:
                progress("writing JSON", done, steps)
            for key, attrs in node_records(G, kind.name):
                attrs["id"] = key
                f.write(sep + dump(attrs))
                sep = ",\n"
        f.write('],\n"edges": [')
        sep = "\n"
        for done, edge in enumerate(EDGE_KINDS, start=len(NODE_KINDS)):
            if progress:
                progress("writing JSON", done, steps)
            for source, target, attrs in edge_records(G, edge):
                attrs.update(source=source, target=target, key=edge.type)
                f.write(sep + dump(attrs))
                sep = ",\n"
        f.write("]}\n")
        f.flush()
        f.detach()
    if progress:
        progress("writing JSON", steps, steps)
    return out

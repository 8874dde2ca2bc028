"""GraphML and GEXF written as a stream, straight from the store's columns.

networkx's writers build the whole document in memory (a province's graph took more
than 5 GB before it was written); these write one node or edge at a time from
:func:`~graphmodel.model.graph.node_records` and :func:`~graphmodel.model.graph.edge_records`,
the same records :func:`graphmodel.to_networkx` is built from, so the files hold what
``networkx.write_graphml`` / ``write_gexf`` of that graph would, and networkx's
readers read them back. Characters XML 1.0 cannot hold (control characters) are
written as U+FFFD.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..model.graph import Graph, edge_records, node_records
from ..io.private import private_file
from ..model.schema import EDGE_KINDS, NODE_KINDS

__all__ = ["write_graphml", "write_gexf", "attribute_types"]

Progress = Callable[[str, int, int], None]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Most values (ids, names, dates) need no escaping: one search tells, and only the
# rest is translated (translating every value cost half the writing time).
_TEXT_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _escaped(text: str, table: dict[int, str]) -> str:
    return _NOT_XML.sub("\ufffd", text).translate(table)


def _text(value: Any) -> str:
    """A value as element text.

    >>> _text(True), _text('a & <b>'), _text("bell\x07")
    ('true', 'a &amp; &lt;b&gt;', 'bell\ufffd')
    """
    if value is True or value is False:
        return "true" if value else "false"
    text = str(value)
    return text if _TEXT_SPECIAL.search(text) is None else _escaped(text, _TEXT)


def _attr(value: Any) -> str:
    """A value as an attribute's text (quotes and line breaks as character references)."""
    if value is True or value is False:
        return "true" if value else "false"
    text = str(value)
    return text if _ATTR_SPECIAL.search(text) is None else _escaped(text, _ATTR)


def attribute_types(G: Graph) -> tuple[dict[str, str], dict[str, str]]:
    """The node and edge attributes, each ``"boolean"`` or ``"string"`` (a name that
    is a flag in one kind and text in another is text), in a stable order.

    >>> import graphmodel
    >>> nodes, edges = attribute_types(graphmodel.read_dataset(graphmodel.bundled_dataset("demo")))
    >>> nodes["floating"], nodes["label"], edges
    ('boolean', 'string', {'label': 'string', 'role': 'string', 'since': 'string'})
    """
    def merge(types: dict[str, str], name: str, kind: str) -> None:
        types[name] = kind if types.get(name, kind) == kind else "string"

    nodes: dict[str, str] = {}
    for kind in NODE_KINDS:
        for column in G.shared_columns(kind.name):
            merge(nodes, column, "boolean" if G.column(kind.name, column).dtype.kind == "b"
                  else "string")
    for name in ("label", "node_kind", "node_id"):
        merge(nodes, name, "string")
    edges: dict[str, str] = {"label": "string"}
    for edge in EDGE_KINDS:
        for prop in edge.properties:
            assert edge.link is not None  # only link files' edges have properties
            merge(edges, prop, "boolean" if G.column(edge.link, prop).dtype.kind == "b"
                  else "string")
    return nodes, edges


def _nodes(G: Graph, progress: Progress | None, step: str) -> Iterator[tuple[str, dict]]:
    total = sum(G.count(k.name) for k in NODE_KINDS) + sum(len(G.edges(e)[0]) for e in EDGE_KINDS)
    done = 0
    for kind in NODE_KINDS:
        if progress:
            progress(step, done, total)
        yield from node_records(G, kind.name)
        done += G.count(kind.name)
    if progress:
        progress(step, done, total)


def _edges(G: Graph, progress: Progress | None, step: str) -> Iterator[tuple[str, str, dict]]:
    total = sum(G.count(k.name) for k in NODE_KINDS) + sum(len(G.edges(e)[0]) for e in EDGE_KINDS)
    done = sum(G.count(k.name) for k in NODE_KINDS)
    for edge in EDGE_KINDS:
        yield from edge_records(G, edge)
        done += len(G.edges(edge)[0])
        if progress:
            progress(step, done, total)


def _open(out: Path):
    return private_file(out)


def _writer(raw: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=False)


def write_graphml(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` as GraphML to ``out``."""
    nodes, edges = attribute_types(G)
    node_keys = {name: f"n{i}" for i, name in enumerate(nodes)}
    edge_keys = {name: f"e{i}" for i, name in enumerate(edges)}
    as_of = G.meta.get("as_of")
    with _open(out) as raw:
        f = _writer(raw)
        f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        if as_of is not None:
            f.write('<key id="g0" for="graph" attr.name="as_of" attr.type="string"/>\n')
        for name, key in node_keys.items():
            f.write(f'<key id="{key}" for="node" attr.name="{_attr(name)}" '
                    f'attr.type="{nodes[name]}"/>\n')
        for name, key in edge_keys.items():
            f.write(f'<key id="{key}" for="edge" attr.name="{_attr(name)}" '
                    f'attr.type="{edges[name]}"/>\n')
        f.write('<graph edgedefault="directed">\n')
        if as_of is not None:
            f.write(f'<data key="g0">{as_of.isoformat()}</data>\n')
        step = "writing GraphML"
        for node, attrs in _nodes(G, progress, step):
            data = "".join(f'<data key="{node_keys[k]}">{_text(v)}</data>' for k, v in attrs.items())
            f.write(f'<node id="{_attr(node)}">{data}</node>\n')
        for n, (source, target, attrs) in enumerate(_edges(G, progress, step)):
            data = "".join(f'<data key="{edge_keys[k]}">{_text(v)}</data>' for k, v in attrs.items())
            f.write(f'<edge id="e{n}" source="{_attr(source)}" target="{_attr(target)}">'
                    f'{data}</edge>\n')
        f.write("</graph>\n</graphml>\n")
        f.flush()
        f.detach()
    return out


def write_gexf(G: Graph, out: Path, *, progress: Progress | None = None) -> Path:
    """Write ``G`` as GEXF 1.2 to ``out``: each node's GEXF label is its name, each
    edge's its relationship type."""
    nodes, edges = attribute_types(G)
    nodes = {k: v for k, v in nodes.items() if k != "label"}  # GEXF's own label
    edges = {k: v for k, v in edges.items() if k != "label"}
    node_ids = {name: str(i) for i, name in enumerate(nodes)}
    edge_ids = {name: str(i) for i, name in enumerate(edges, start=len(nodes))}
    with _open(out) as raw:
        f = _writer(raw)
        f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                '<gexf xmlns="http://www.gexf.net/1.2draft" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://www.gexf.net/1.2draft '
                'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
                '<meta><creator>graphmodel</creator></meta>\n'
                '<graph defaultedgetype="directed" mode="static">\n')
        for cls, types, ids in (("node", nodes, node_ids), ("edge", edges, edge_ids)):
            f.write(f'<attributes class="{cls}" mode="static">\n')
            for name, type_ in types.items():
                f.write(f'<attribute id="{ids[name]}" title="{_attr(name)}" type="{type_}"/>\n')
            f.write("</attributes>\n")
        step = "writing GEXF"
        f.write("<nodes>\n")
        for node, attrs in _nodes(G, progress, step):
            label = attrs.pop("label")
            values = "".join(f'<attvalue for="{node_ids[k]}" value="{_attr(v)}"/>'
                             for k, v in attrs.items())
            f.write(f'<node id="{_attr(node)}" label="{_attr(label)}">'
                    f'<attvalues>{values}</attvalues></node>\n')
        f.write("</nodes>\n<edges>\n")
        for n, (source, target, attrs) in enumerate(_edges(G, progress, step)):
            label = attrs.pop("label")
            values = "".join(f'<attvalue for="{edge_ids[k]}" value="{_attr(v)}"/>'
                             for k, v in attrs.items())
            f.write(f'<edge id="{n}" source="{_attr(source)}" target="{_attr(target)}" '
                    f'label="{_attr(label)}"><attvalues>{values}</attvalues></edge>\n')
        f.write("</edges>\n</graph>\n</gexf>\n")
        f.flush()
        f.detach()
    return out

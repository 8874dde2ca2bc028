"""The networkx graph the graph-file formats write, with every value one they hold.

GraphML and GEXF hold text, numbers and booleans, one type per attribute name; the
node-link JSON holds JSON. :func:`portable_graph` gives :func:`graphmodel.to_networkx`'s
graph with lists and dicts as JSON text, dates as ISO text, and an attribute that
carries values of several types (a text column in one kind, a flag in another) as
text throughout, so every reader gets back what was written.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from ..graph import Graph, to_networkx

__all__ = ["portable_graph", "portable_value"]


def portable_value(value: Any) -> Any:
    """A value GraphML and GEXF hold: text, a number or a boolean.

    >>> portable_value(["a", "b"]), portable_value({"k": 1}), portable_value(True)
    ('["a", "b"]', '{"k": 1}', True)
    """
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, dict)):
        return json.dumps(sorted(value) if isinstance(value, set) else value,
                          ensure_ascii=False, default=str)
    return str(value)


def _one_type_each(items) -> None:
    types: dict[str, set[type]] = {}
    for data in items:
        for name, value in data.items():
            types.setdefault(name, set()).add(type(value))
    mixed = {name for name, seen in types.items() if len(seen) > 1}
    if mixed:
        for data in items:
            for name in mixed & set(data):
                data[name] = str(data[name]).lower() if isinstance(data[name], bool) \
                    else str(data[name])


def portable_graph(G: Graph, *, as_of: bool = True):
    """:func:`~graphmodel.graph.to_networkx` of ``G``, its values made portable (see
    the module), with the dataset's as-of date as the graph attribute ``as_of``.

    >>> import graphmodel
    >>> nxg = portable_graph(graphmodel.read_dataset(graphmodel.bundled_dataset("demo")))
    >>> nxg.graph["as_of"], nxg.nodes["PartyMember:P01"]["label"]
    ('2016-06-16', '王海')
    """
    nxg = to_networkx(G)
    if as_of and G.meta.get("as_of") is not None:
        nxg.graph["as_of"] = G.meta["as_of"].isoformat()
    nodes = [data for _, data in nxg.nodes(data=True)]
    edges = [data for _, _, data in nxg.edges(data=True)]
    for items in (nodes, edges):
        for data in items:
            for name, value in data.items():
                if not isinstance(value, (bool, int, float, str)):
                    data[name] = portable_value(value)
        _one_type_each(items)
    return nxg

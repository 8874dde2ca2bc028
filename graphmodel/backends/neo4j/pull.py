"""Reading the graph back from Neo4j into networkx, for notebooks.

:func:`pull` gives the same ``nx.MultiDiGraph`` as :func:`graphmodel.to_networkx`
gives for the data that was pushed: nodes keyed ``"<Label>:<id>"`` with their
properties (dates as ISO strings), ``label`` (the name), ``node_kind`` (the label) and
``node_id`` (the id); edges keyed by type, with ``label`` the type.
"""

from __future__ import annotations

from ...errors import UnknownName
from ...model.schema import EDGE_KINDS, NODE_KINDS, node_kind

__all__ = ["pull"]


def _plain(value):
    # neo4j.time.Date and friends become ISO strings, as in to_networkx.
    return value.iso_format() if hasattr(value, "iso_format") else value


def _read(driver, query: str, database: str | None, **params) -> list:
    from neo4j import RoutingControl

    records, _, _ = driver.execute_query(query, params, database_=database,
                                         routing_=RoutingControl.READ)
    return records


def pull(driver, *, region: str | None = None, database: str | None = None):
    """The graph in Neo4j (or the part of it in one region's subtree) as networkx.

    With ``region``, the nodes are the regions of the subtree, the nodes located in
    them, the instructors of agencies located in them and the industries of entities
    located in them; the edges are those among these nodes.
    """
    import networkx as nx

    nxg = nx.MultiDiGraph()
    regions = None
    if region is not None:
        regions = [r["id"] for r in _read(
            driver, "MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r.id AS id",
            database, region=region)]
        if not regions:
            raise UnknownName(f"no region with id {region!r}")
    for kind in NODE_KINDS:
        query = f"MATCH (n:{kind.label}) RETURN properties(n) AS p"
        if regions is not None and kind.name != "region":
            query = _located_query(kind.name)
        elif regions is not None:
            query = f"MATCH (n:{kind.label}) WHERE n.id IN $regions RETURN properties(n) AS p"
        for record in _read(driver, query, database, regions=regions):
            props = {k: _plain(v) for k, v in record["p"].items()}
            node_id = props.pop("id")
            props.update(label=props.get("name") or node_id, node_kind=kind.label,
                         node_id=node_id)
            nxg.add_node(f"{kind.label}:{node_id}", **props)
    for edge in EDGE_KINDS:
        source, target = node_kind(edge.source).label, node_kind(edge.target.kind).label
        query = (f"MATCH (s:{source})-[r:{edge.type}]->(t:{target}) "
                 "RETURN s.id AS s, t.id AS t, properties(r) AS p")
        for record in _read(driver, query, database):
            s, t = f"{source}:{record['s']}", f"{target}:{record['t']}"
            if s in nxg and t in nxg:
                props = {k: _plain(v) for k, v in record["p"].items()}
                nxg.add_edge(s, t, key=edge.type, label=edge.type, **props)
    return nxg


def _located_query(kind: str) -> str:
    label = node_kind(kind).label
    if kind == "instructor":
        where = "EXISTS { (n)-[:BELONGS_TO]->(:Agency)-[:LOCATED_IN]->(r:Region) WHERE r.id IN $regions }"
    elif kind == "industry":
        where = ("EXISTS { MATCH (e:MarketEntity)-[:IN_INDUSTRY]->(n), "
                 "(e)-[:LOCATED_IN]->(r:Region) WHERE r.id IN $regions }")
    else:
        where = "EXISTS { (n)-[:LOCATED_IN]->(r:Region) WHERE r.id IN $regions }"
    return f"MATCH (n:{label}) WHERE {where} RETURN properties(n) AS p"

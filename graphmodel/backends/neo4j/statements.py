"""Cypher for the schema and for loading, generated from the model's mapping.

Labels, relationship types and property keys written into Cypher text come only
from :mod:`graphmodel.model.schema`; every value travels as a ``$parameter``. The same
text is kept in ``cypher/schema.cypher`` and ``cypher/load/`` for analysts to read
(a test keeps those files equal to what this module generates; rewrite them with
``python -m graphmodel.backends.neo4j.statements``).

Besides the model's labels there are two of graphmodel's own: :data:`DATASET_LABEL`,
a single node holding the pushed dataset's as-of date, and :data:`BATCH_LABEL`, a node
per batch of the last push with its fingerprint. They are no node kinds, so ``pull``,
``replace`` and the query files never see them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model.schema import EDGE_KINDS, NODE_KINDS, EdgeKind, NodeKind, node_kind

__all__ = ["Statement", "group_by_target", "schema_statements", "node_statement", "edge_statement",
           "load_statements", "delete_nodes_statement", "delete_edges_statement",
           "existing_ids_statement", "existing_edges_statement", "render_files",
           "DATASET_LABEL", "dataset_statement", "delete_dataset_statement",
           "dataset_as_of_statement", "BATCH_LABEL", "stale_references_statement",
           "any_node_statement", "batch_statement", "batches_statement", "record_batches_statement",
           "delete_batches_statement"]

#: The label of the one node describing the pushed dataset (``as_of``: a date).
DATASET_LABEL = "GraphmodelDataset"
#: The label of the nodes recording what each batch of the last push held (``key``,
#: ``fingerprint``: see :mod:`graphmodel.backends.neo4j.batches`).
BATCH_LABEL = "GraphmodelBatch"


@dataclass(frozen=True)
class Statement:
    """A named Cypher statement and the comment that explains it.

    ``by_target``: the statement takes its ``$rows`` grouped by target,
    ``[{target, sources}]`` (see :func:`group_by_target`); callers hand over
    ``{source, target}`` rows and let :meth:`parameters` group them.
    """

    name: str
    comment: str
    text: str
    by_target: bool = False

    def parameters(self, rows: list) -> list:
        """``rows`` as this statement's ``$rows``."""
        return group_by_target(rows) if self.by_target else rows


def group_by_target(rows: list) -> list:
    """``{source, target}`` rows as ``[{target, sources}]``, in target order.

    One lookup of each target per batch instead of one per row, and every
    transaction locks the (few, dense) targets in the same order, so that two
    batches in flight do not deadlock on them.

    >>> group_by_target([{"source": "E2", "target": "R1"}, {"source": "E1", "target": "R0"},
    ...                  {"source": "E3", "target": "R1"}])
    [{'target': 'R0', 'sources': ['E1']}, {'target': 'R1', 'sources': ['E2', 'E3']}]
    """
    groups: dict = {}
    for row in rows:
        groups.setdefault(row["target"], []).append(row["source"])
    return [{"target": t, "sources": groups[t]} for t in sorted(groups)]


def _label(kind: str) -> str:
    return node_kind(kind).label


def schema_statements() -> list[Statement]:
    """A uniqueness constraint on ``id`` per label (it also backs MERGE and lookups),
    and the indexes the gap queries filter on."""
    out = [Statement(f"constraint_{k.name}", f"Every {k.label} has a unique id.",
                     f"CREATE CONSTRAINT {k.name}_id IF NOT EXISTS "
                     f"FOR (n:{k.label}) REQUIRE n.id IS UNIQUE")
           for k in NODE_KINDS]
    out.append(Statement("constraint_batch", f"Every {BATCH_LABEL} has a unique key.",
                         f"CREATE CONSTRAINT graphmodel_batch_key IF NOT EXISTS "
                         f"FOR (b:{BATCH_LABEL}) REQUIRE b.key IS UNIQUE"))
    # One dataset node: pushes running at once MERGE the same one under this lock.
    out.append(Statement("constraint_dataset", f"There is one {DATASET_LABEL} node.",
                         f"CREATE CONSTRAINT graphmodel_dataset_key IF NOT EXISTS "
                         f"FOR (d:{DATASET_LABEL}) REQUIRE d.key IS UNIQUE"))
    for kind, prop in (("entity", "type"), ("organisation", "level"), ("station", "kind")):
        label = _label(kind)
        out.append(Statement(f"index_{kind}_{prop}", f"{label} by {prop}, for the query filters.",
                             f"CREATE INDEX {kind}_{prop} IF NOT EXISTS "
                             f"FOR (n:{label}) ON (n.{prop})"))
    return out


def node_statement(kind: NodeKind, create: bool = False) -> Statement:
    """Upsert one batch of nodes: ``$rows`` is a list of property maps, each with ``id``.

    ``SET n = row`` replaces every property, so a property removed from the dataset
    disappears from the node too. ``create=True`` is for a label with no node yet
    (a first push): CREATE skips MERGE's lookup and lock, about 1.4 times as fast.
    The uniqueness constraint still guards the ids: a batch that meets a node
    another push created meanwhile fails whole, and ``push`` runs it again as MERGE.
    """
    if create:
        return Statement(f"create_nodes_{kind.name}",
                         f"Create {kind.label} nodes (the label has none yet). "
                         "$rows: [{id, ...properties}].",
                         f"UNWIND $rows AS row\nCREATE (n:{kind.label})\nSET n = row")
    return Statement(
        f"nodes_{kind.name}",
        f"Create or update {kind.label} nodes. $rows: [{{id, ...properties}}].",
        f"UNWIND $rows AS row\nMERGE (n:{kind.label} {{id: row.id}})\nSET n = row")


def edge_statement(edge: EdgeKind) -> Statement:
    """Upsert one batch of edges of one kind.

    For a link file, ``$rows`` is a list of ``{source, target, props}``;
    ``SET r = row.props`` replaces the edge's properties. A reference column
    (``region_id``, ``parent_id``...) has few targets shared by many sources, so its
    rows come grouped by target, ``[{target, sources}]`` (:func:`group_by_target`).
    A reference is single-valued: ``push`` also deletes the edges of that kind the
    dataset no longer has (:func:`stale_references_statement`).

    Always MERGE, even into an empty database: a CREATE would be faster, but two
    pushes at the same time would then both create the edge (nodes have their
    uniqueness constraints to stop that; relationships have none).
    """
    source, target = _label(edge.source), _label(edge.target.kind)
    origin = f"{edge.source}.{edge.column}" if edge.link is None else f"{edge.link}.csv"
    name = f"edges_{edge.key.replace('.', '_')}"
    what = f"{source} -[:{edge.type}]-> {target}, from {origin}"
    if edge.link is None:
        return Statement(name, f"{what}. $rows: [{{target, sources: [id]}}].",
                         f"UNWIND $rows AS row\n"
                         f"MATCH (t:{target} {{id: row.target}})\n"
                         f"UNWIND row.sources AS id\n"
                         f"MATCH (s:{source} {{id: id}})\n"
                         f"MERGE (s)-[r:{edge.type}]->(t)", by_target=True)
    text = (f"UNWIND $rows AS row\n"
            f"MATCH (s:{source} {{id: row.source}})\n"
            f"MATCH (t:{target} {{id: row.target}})\n"
            f"MERGE (s)-[r:{edge.type}]->(t)")
    if edge.properties:  # an edge kind without properties has nothing to set
        return Statement(name, f"{what}. $rows: [{{source, target, props}}].",
                         text + "\nSET r = row.props")
    return Statement(name, f"{what}. $rows: [{{source, target}}].", text)


def stale_references_statement(edge: EdgeKind) -> Statement:
    """Delete the edges of a reference (single-valued) kind that the data no longer
    has: ``$rows`` is ``{source, target}`` for every source node of a batch, ``target``
    null where the reference is empty."""
    source, target = _label(edge.source), _label(edge.target.kind)
    return Statement(
        f"stale_{edge.key.replace('.', '_')}",
        f"Delete {source} -[:{edge.type}]-> {target} edges to anything but row.target. "
        "$rows: [{source, target}].",
        f"UNWIND $rows AS row\nMATCH (:{source} {{id: row.source}})-[r:{edge.type}]->(t:{target})\n"
        "WHERE row.target IS NULL OR t.id <> row.target\nDELETE r")


def any_node_statement(kind: NodeKind) -> Statement:
    return Statement(f"any_{kind.name}", f"Whether any {kind.label} node exists.",
                     f"MATCH (n:{kind.label}) RETURN n.id AS id LIMIT 1")


def batch_statement() -> Statement:
    """Record the fingerprint of a batch just written (in its transaction)."""
    return Statement("batch", f"Record a pushed batch's fingerprint on its {BATCH_LABEL} node.",
                     f"MERGE (b:{BATCH_LABEL} {{key: $key}})\nSET b.fingerprint = $fingerprint")


def record_batches_statement() -> Statement:
    """Record many batches' fingerprints at once (after a bulk import). ``$rows``:
    ``{key, fingerprint}``."""
    return Statement("record_batches", f"Record fingerprints on {BATCH_LABEL} nodes. "
                     "$rows: [{key, fingerprint}].",
                     f"UNWIND $rows AS row\nMERGE (b:{BATCH_LABEL} {{key: row.key}})\n"
                     "SET b.fingerprint = row.fingerprint")


def batches_statement() -> Statement:
    return Statement("batches", "The fingerprint of every batch pushed.",
                     f"MATCH (b:{BATCH_LABEL}) RETURN b.key AS key, b.fingerprint AS fingerprint")


def delete_batches_statement() -> Statement:
    """Forget batches that no longer exist. ``$rows``: keys."""
    return Statement("delete_batches", f"Delete {BATCH_LABEL} nodes by key. $rows: [key].",
                     f"UNWIND $rows AS key\nMATCH (b:{BATCH_LABEL} {{key: key}})\nDELETE b")


def existing_ids_statement(kind: NodeKind) -> Statement:
    return Statement(f"ids_{kind.name}", f"The ids of every {kind.label} node.",
                     f"MATCH (n:{kind.label}) RETURN n.id AS id")


def existing_edges_statement(edge: EdgeKind) -> Statement:
    source, target = _label(edge.source), _label(edge.target.kind)
    return Statement(f"pairs_{edge.key}", f"Every {source} -[:{edge.type}]-> {target} pair.",
                     f"MATCH (s:{source})-[:{edge.type}]->(t:{target}) "
                     f"RETURN s.id AS source, t.id AS target")


def delete_nodes_statement(kind: NodeKind) -> Statement:
    """Delete a batch of nodes by id, with their relationships. ``$rows``: ids."""
    return Statement(
        f"delete_nodes_{kind.name}",
        f"Delete {kind.label} nodes (and their relationships) by id. $rows: [id].",
        f"UNWIND $rows AS id\nMATCH (n:{kind.label} {{id: id}})\nDETACH DELETE n")


def delete_edges_statement(edge: EdgeKind) -> Statement:
    """Delete a batch of relationships of one kind. ``$rows``: ``{source, target}``."""
    source, target = _label(edge.source), _label(edge.target.kind)
    return Statement(
        f"delete_edges_{edge.key.replace('.', '_')}",
        f"Delete {source} -[:{edge.type}]-> {target} relationships. $rows: [{{source, target}}].",
        f"UNWIND $rows AS row\nMATCH (:{source} {{id: row.source}})-[r:{edge.type}]->"
        f"(:{target} {{id: row.target}})\nDELETE r")


def dataset_statement() -> Statement:
    """Record the pushed dataset's as-of date on the one :data:`DATASET_LABEL` node."""
    return Statement(
        "dataset", f"Record the pushed dataset's as-of date on the one {DATASET_LABEL} node "
        "(its key's constraint keeps pushes running at once to one; one left by an older "
        "graphmodel, without the key, is removed).",
        f"MERGE (d:{DATASET_LABEL} {{key: 'dataset'}})\nSET d.as_of = $as_of\n"
        f"WITH d\nOPTIONAL MATCH (old:{DATASET_LABEL}) WHERE old <> d\nDETACH DELETE old")


def delete_dataset_statement() -> Statement:
    """Remove the :data:`DATASET_LABEL` node (a dataset pushed without an as-of date)."""
    return Statement(
        "delete_dataset", f"Remove the {DATASET_LABEL} node: the pushed dataset has no as-of date.",
        f"MATCH (d:{DATASET_LABEL})\nDETACH DELETE d")


def dataset_as_of_statement() -> Statement:
    """Read the as-of date ``push`` recorded (no row when there is none)."""
    return Statement(
        "dataset_as_of", "The pushed dataset's as-of date.",
        f"MATCH (d:{DATASET_LABEL}) WHERE d.as_of IS NOT NULL\n"
        "RETURN d.as_of AS as_of ORDER BY as_of DESC LIMIT 1")


def load_statements() -> list[Statement]:
    """Every load statement, nodes before edges, in mapping order; then the CREATE
    form of the nodes' that a first push uses."""
    return [*(node_statement(k) for k in NODE_KINDS), *(edge_statement(e) for e in EDGE_KINDS),
            *(node_statement(k, create=True) for k in NODE_KINDS)]


def render_files() -> dict[str, str]:
    """The generated files of ``cypher/``, by path relative to it."""
    header = ("// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;\n"
              "// edit the mapping, not this file. `graphmodel push` runs exactly these.\n")
    schema = header + "// The schema: constraints first, so MERGE never duplicates a node.\n\n"
    schema += "\n".join(f"// {s.comment}\n{s.text};\n" for s in schema_statements())
    files = {"schema.cypher": schema}
    deletes = [delete_nodes_statement(k) for k in NODE_KINDS]
    deletes += [delete_edges_statement(e) for e in EDGE_KINDS]
    deletes += [stale_references_statement(e) for e in EDGE_KINDS if e.link is None]
    for s in load_statements() + deletes:
        files[f"load/{s.name}.cypher"] = (
            f"{header}// {s.comment}\n// Parameters: $rows, one batch (graphmodel push sends "
            f"batches of --batch-size rows).\n\n{s.text}\n")
    files["load/batch.cypher"] = (
        f"{header}// {batch_statement().comment}\n// Parameters: $key, $fingerprint; run in the "
        "transaction that writes the batch.\n\n"
        f"{batch_statement().text}\n")
    files["load/dataset.cypher"] = (
        f"{header}// {dataset_statement().comment} Run last, once the data is in.\n"
        f"// Parameters: $as_of, a date (from the dataset's dataset.json).\n\n"
        f"{dataset_statement().text}\n")
    files["load/delete_dataset.cypher"] = (
        f"{header}// {delete_dataset_statement().comment}\n// Parameters: none.\n\n"
        f"{delete_dataset_statement().text}\n")
    return files


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    from ...io.resources import shipped_dir

    root = shipped_dir("cypher")
    for path, text in render_files().items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        print(root / path)

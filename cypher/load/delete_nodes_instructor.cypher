// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Delete Instructor nodes (and their relationships) by id. $rows: [id].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS id
MATCH (n:Instructor {id: id})
DETACH DELETE n

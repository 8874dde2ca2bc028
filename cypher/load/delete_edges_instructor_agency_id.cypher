// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Delete Instructor -[:BELONGS_TO]-> Agency relationships. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (:Instructor {id: row.source})-[r:BELONGS_TO]->(:Agency {id: row.target})
DELETE r

// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Delete Instructor -[:BELONGS_TO]-> Agency edges to anything but row.target. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (:Instructor {id: row.source})-[r:BELONGS_TO]->(t:Agency)
WHERE row.target IS NULL OR t.id <> row.target
DELETE r

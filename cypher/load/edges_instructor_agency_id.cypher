// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Instructor -[:BELONGS_TO]-> Agency, from instructor.agency_id. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:Instructor {id: row.source})
MATCH (t:Agency {id: row.target})
MERGE (s)-[r:BELONGS_TO]->(t)

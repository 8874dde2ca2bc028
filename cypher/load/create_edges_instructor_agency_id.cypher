// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Instructor -[:BELONGS_TO]-> Agency, from instructor.agency_id (Instructor had no node before this push). $rows: [{target, sources: [id]}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (t:Agency {id: row.target})
UNWIND row.sources AS id
MATCH (s:Instructor {id: id})
CREATE (s)-[r:BELONGS_TO]->(t)

// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Station -[:BELONGS_TO]-> Agency, from station.agency_id. $rows: [{source, target (null to remove), props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:Station {id: row.source})
CALL (s, row) {
  MATCH (s)-[old:BELONGS_TO]->(t:Agency)
  WHERE row.target IS NULL OR t.id <> row.target
  DELETE old
}
WITH s, row WHERE row.target IS NOT NULL
MATCH (t:Agency {id: row.target})
MERGE (s)-[r:BELONGS_TO]->(t)
SET r = row.props

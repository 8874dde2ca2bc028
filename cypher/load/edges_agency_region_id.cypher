// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Agency -[:LOCATED_IN]-> Region, from agency.region_id. $rows: [{source, target (null to remove), props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:Agency {id: row.source})
CALL (s, row) {
  MATCH (s)-[old:LOCATED_IN]->(t:Region)
  WHERE row.target IS NULL OR t.id <> row.target
  DELETE old
}
WITH s, row WHERE row.target IS NOT NULL
MATCH (t:Region {id: row.target})
MERGE (s)-[r:LOCATED_IN]->(t)
SET r = row.props

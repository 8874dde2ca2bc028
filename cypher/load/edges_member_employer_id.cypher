// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// PartyMember -[:EMPLOYED_BY]-> MarketEntity, from member.employer_id. $rows: [{source, target (null to remove), props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:PartyMember {id: row.source})
CALL (s, row) {
  MATCH (s)-[old:EMPLOYED_BY]->(t:MarketEntity)
  WHERE row.target IS NULL OR t.id <> row.target
  DELETE old
}
WITH s, row WHERE row.target IS NOT NULL
MATCH (t:MarketEntity {id: row.target})
MERGE (s)-[r:EMPLOYED_BY]->(t)
SET r = row.props

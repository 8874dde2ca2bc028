// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Delete PartyMember -[:LOCATED_IN]-> Region edges to anything but row.target. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (:PartyMember {id: row.source})-[r:LOCATED_IN]->(t:Region)
WHERE row.target IS NULL OR t.id <> row.target
DELETE r

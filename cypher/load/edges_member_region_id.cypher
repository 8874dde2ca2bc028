// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// PartyMember -[:LOCATED_IN]-> Region, from member.region_id. $rows: [{target, sources: [id]}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (t:Region {id: row.target})
UNWIND row.sources AS id
MATCH (s:PartyMember {id: id})
MERGE (s)-[r:LOCATED_IN]->(t)

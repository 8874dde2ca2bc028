// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// PartyMember -[:REGISTERED_AT]-> Station, from registrations.csv. $rows: [{source, target, props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:PartyMember {id: row.source})
MATCH (t:Station {id: row.target})
MERGE (s)-[r:REGISTERED_AT]->(t)
SET r = row.props

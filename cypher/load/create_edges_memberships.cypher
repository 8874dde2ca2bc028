// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// PartyMember -[:MEMBER_OF]-> PartyOrganisation, from memberships.csv (PartyMember had no node before this push). $rows: [{source, target, props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:PartyMember {id: row.source})
MATCH (t:PartyOrganisation {id: row.target})
CREATE (s)-[r:MEMBER_OF]->(t)
SET r = row.props

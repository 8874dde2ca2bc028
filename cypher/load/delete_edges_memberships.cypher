// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Delete PartyMember -[:MEMBER_OF]-> PartyOrganisation relationships. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (:PartyMember {id: row.source})-[r:MEMBER_OF]->(:PartyOrganisation {id: row.target})
DELETE r

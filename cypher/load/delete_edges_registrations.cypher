// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Delete PartyMember -[:REGISTERED_AT]-> Station relationships. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (:PartyMember {id: row.source})-[r:REGISTERED_AT]->(:Station {id: row.target})
DELETE r

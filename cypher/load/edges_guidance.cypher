// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Instructor -[:GUIDES]-> PartyOrganisation, from guidance.csv. $rows: [{source, target, props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:Instructor {id: row.source})
MATCH (t:PartyOrganisation {id: row.target})
MERGE (s)-[r:GUIDES]->(t)
SET r = row.props

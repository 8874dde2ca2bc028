// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Instructor -[:GUIDES]-> PartyOrganisation, from guidance.csv (Instructor had no node before this push). $rows: [{source, target, props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:Instructor {id: row.source})
MATCH (t:PartyOrganisation {id: row.target})
CREATE (s)-[r:GUIDES]->(t)
SET r = row.props

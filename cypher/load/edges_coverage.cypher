// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// PartyOrganisation -[:COVERS]-> MarketEntity, from coverage.csv. $rows: [{source, target, props}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:PartyOrganisation {id: row.source})
MATCH (t:MarketEntity {id: row.target})
MERGE (s)-[r:COVERS]->(t)
SET r = row.props

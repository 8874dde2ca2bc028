// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Station -[:LOCATED_IN]-> Region, from station.region_id. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:Station {id: row.source})
MATCH (t:Region {id: row.target})
MERGE (s)-[r:LOCATED_IN]->(t)

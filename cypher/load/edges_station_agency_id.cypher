// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Station -[:BELONGS_TO]-> Agency, from station.agency_id. $rows: [{target, sources: [id]}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (t:Agency {id: row.target})
UNWIND row.sources AS id
MATCH (s:Station {id: id})
MERGE (s)-[r:BELONGS_TO]->(t)

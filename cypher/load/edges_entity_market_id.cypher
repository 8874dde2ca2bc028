// GENERATED from graphmodel/schema.py by `python -m graphmodel.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// MarketEntity -[:TRADES_IN]-> MarketEntity, from entity.market_id. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (s:MarketEntity {id: row.source})
MATCH (t:MarketEntity {id: row.target})
MERGE (s)-[r:TRADES_IN]->(t)

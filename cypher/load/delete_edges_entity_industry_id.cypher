// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Delete MarketEntity -[:IN_INDUSTRY]-> Industry relationships. $rows: [{source, target}].
// Parameters: $rows, one batch (graphmodel push sends batches of --batch-size rows).

UNWIND $rows AS row
MATCH (:MarketEntity {id: row.source})-[r:IN_INDUSTRY]->(:Industry {id: row.target})
DELETE r

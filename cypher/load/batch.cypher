// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Record a pushed batch's fingerprint on its GraphmodelBatch node.
// Parameters: $key, $fingerprint; run in the transaction that writes the batch.

MERGE (b:GraphmodelBatch {key: $key})
SET b.fingerprint = $fingerprint

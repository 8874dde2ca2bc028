// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Record the pushed dataset's as-of date on the one GraphmodelDataset node (its key's constraint keeps pushes running at once to one; one left by an older graphmodel, without the key, is removed). Run last, once the data is in.
// Parameters: $as_of, a date (from the dataset's dataset.json).

MERGE (d:GraphmodelDataset {key: 'dataset'})
SET d.as_of = $as_of
WITH d
OPTIONAL MATCH (old:GraphmodelDataset) WHERE old <> d
DETACH DELETE old

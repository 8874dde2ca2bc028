// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Record the pushed dataset's as-of date on the one GraphmodelDataset node. Run last, once the data is in.
// Parameters: $as_of, a date (from the dataset's dataset.json).

MERGE (d:GraphmodelDataset)
SET d = {as_of: $as_of}

// GENERATED from graphmodel/schema.py by `python -m graphmodel.backends.neo4j.statements`;
// edit the mapping, not this file. `graphmodel push` runs exactly these.
// Remove the GraphmodelDataset node: the pushed dataset has no as-of date.
// Parameters: none.

MATCH (d:GraphmodelDataset)
DETACH DELETE d

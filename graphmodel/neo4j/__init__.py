"""Local Neo4j server support (see :mod:`graphmodel.neo4j.server`)."""

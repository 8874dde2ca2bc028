"""graphmodel and Neo4j.

* :mod:`~graphmodel.neo4j.server` -- a real local Neo4j (jars from Maven Central, no Docker);
* :mod:`~graphmodel.neo4j.connection` -- settings (flags, ``NEO4J_*``, the local server)
  and one-line errors;
* :mod:`~graphmodel.neo4j.statements` -- schema and load Cypher generated from the mapping;
* :mod:`~graphmodel.neo4j.push` -- batched, idempotent, fault-tolerant loading;
* :mod:`~graphmodel.neo4j.source` -- :class:`Neo4jDatabase`: every question answered by the
  ``cypher/queries`` files;
* :mod:`~graphmodel.neo4j.pull` -- the graph back into networkx;
* :mod:`~graphmodel.neo4j.adhoc` -- an analyst's own Cypher, read-only.

Nothing here imports the driver until it is used.
"""

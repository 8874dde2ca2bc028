"""graphmodel and Neo4j.

* :mod:`~graphmodel.backends.neo4j.server` -- a real local Neo4j (jars from Maven Central, no Docker);
* :mod:`~graphmodel.backends.neo4j.connection` -- settings (flags, ``NEO4J_*``, the local server)
  and one-line errors;
* :mod:`~graphmodel.backends.neo4j.statements` -- schema and load Cypher generated from the mapping;
* :mod:`~graphmodel.backends.neo4j.push` -- batched, idempotent, fault-tolerant loading;
* :mod:`~graphmodel.backends.neo4j.source` -- :class:`Neo4jDatabase`: every question answered by the
  ``cypher/queries`` files, or by :mod:`~graphmodel.backends.neo4j.answers` where one read is not enough;
* :mod:`~graphmodel.backends.neo4j.pull` -- the graph back into networkx;
* :mod:`~graphmodel.backends.neo4j.adhoc` -- an analyst's own Cypher, read-only.

Nothing here imports the driver until it is used.
"""

from __future__ import annotations

from ...questions.backend import Backend, Registration
from . import answers  # noqa: F401  (registers the answers of its own)
from .source import Neo4jDatabase

__all__ = ["BACKEND", "Neo4jDatabase"]


def _wrap(source: object) -> Backend | None:
    return source if isinstance(source, Neo4jDatabase) else None


#: The registration its entry point names.
BACKEND = Registration("neo4j", _wrap, "a graphmodel.Neo4jDatabase")

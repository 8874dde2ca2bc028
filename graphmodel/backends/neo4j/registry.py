"""The Neo4j backend's own answers, by question name (filled by :mod:`.answers`)."""

from __future__ import annotations

from ...questions.backend import Answers

__all__ = ["ANSWERS"]

#: Question name -> ``f(db, **arguments)``, for the questions not answered by running
#: their Cypher file as it is.
ANSWERS = Answers("neo4j")

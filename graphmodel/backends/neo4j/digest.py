"""What a Neo4j database holds, as values two databases can be compared by: the bulk
import and ``push`` are checked against each other with these (tests and benchmark).

Every label and relationship type is read whole, in one query each: fine for a
province on a server with a few GiB of heap, not meant for more.
"""

from __future__ import annotations

import hashlib
import json

__all__ = ["digest", "schema"]


def _typed(value) -> str:
    # A date and the string of that date must differ: the type goes with the value.
    return f"{type(value).__name__}:{value}"


def _quoted(name: str) -> str:
    # Names come from the database itself, not from the model: quoted as Cypher quotes.
    return "`" + name.replace("`", "``") + "`"


def _hashed(driver, query: str, database: str | None) -> tuple[int, str]:
    """The count of the query's rows, and a SHA-256 of them in order (streamed from
    the server, which then holds no more than a batch of them)."""
    records, _, _ = driver.execute_query(query, database_=database)
    rows = sorted(json.dumps(r.values(), sort_keys=True, default=_typed) for r in records)
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()


def digest(driver, database: str | None = None) -> dict[str, tuple[int, str]]:
    """Per label and per relationship type: the count and a SHA-256 of every
    property, with its type, of every node or relationship (by its ends' ids)."""
    out = {}
    labels, _, _ = driver.execute_query("CALL db.labels() YIELD label RETURN label",
                                        database_=database)
    for (label,) in (r.values() for r in labels):
        out[label] = _hashed(driver, f"MATCH (n:{_quoted(label)}) "
                             "RETURN labels(n), properties(n)", database)
    types, _, _ = driver.execute_query(
        "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
        database_=database)
    for (rtype,) in (r.values() for r in types):
        out[rtype] = _hashed(driver, f"MATCH (s)-[r:{_quoted(rtype)}]->(t) RETURN labels(s), s.id, "
                             "labels(t), t.id, properties(r)", database)
    return {k: v for k, v in out.items() if v[0]}


def schema(driver, database: str | None = None) -> tuple[list, list]:
    """The constraints and indexes: name, type, what they are on, and their state."""
    constraints, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties "
        "RETURN name, type, entityType, labelsOrTypes, properties ORDER BY name",
        database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state "
        "WHERE type <> 'LOOKUP' "
        "RETURN name, type, entityType, labelsOrTypes, properties, state ORDER BY name",
        database_=database)
    return [r.values() for r in constraints], [r.values() for r in indexes]

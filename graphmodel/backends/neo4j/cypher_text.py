"""Just enough of Cypher's lexical structure to find what a query calls.

The read-only check (:mod:`~graphmodel.backends.neo4j.adhoc`) asks the server how it plans
a query, but a plan names the procedures it calls, not every user-defined function;
this module finds both in the text. Strings, comments and parameters are skipped,
and back-quoted names are names, so ``RETURN 'CALL x.y()'`` calls nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Calls", "calls", "first_keyword"]

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<param>\$(?:`[^`]*(?:`|\Z)|\w+))
  | (?P<name>`(?:[^`]|``)*(?:`|\Z)|[^\W\d]\w*)
  | (?P<number>\d[\w.]*)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Calls:
    """Qualified names a query calls: procedures (``CALL a.b``) and namespaced
    functions (``a.b(...)``; Neo4j allows no user-defined function without one)."""

    procedures: tuple[str, ...]
    functions: tuple[str, ...]


def _tokens(query: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        if kind in ("space", "comment"):
            continue
        text = m.group()
        if kind == "name" and text.startswith("`"):
            text = text[1:-1].replace("``", "`") if text.endswith("`") else text[1:]
        out.append((kind, text))
    return out


def calls(query: str) -> Calls:
    """The procedures and namespaced functions ``query`` calls, as written.

    >>> c = calls("CALL db.labels() YIELD label WITH label WHERE point.distance(a, b) > 1 "
    ...           "RETURN 'CALL x.y()', n.name, `apoc`.text.join([], '')")
    >>> c.procedures, c.functions
    (('db.labels',), ('point.distance', 'apoc.text.join'))
    """
    tokens = _tokens(query)
    procedures: list[str] = []
    functions: list[str] = []
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        if kind != "name":
            i += 1
            continue
        # a qualified name: name (. name)*
        parts, j = [text], i + 1
        while j + 1 < len(tokens) and tokens[j] == ("punct", ".") and tokens[j + 1][0] == "name":
            parts.append(tokens[j + 1][1])
            j += 2
        previous = tokens[i - 1] if i else ("", "")
        after_dot = previous == ("punct", ".")
        is_call = previous[0] == "name" and previous[1].upper() == "CALL"
        name = ".".join(parts)
        if is_call and not after_dot:
            procedures.append(name)
        elif (len(parts) > 1 and not after_dot and j < len(tokens)
              and tokens[j] == ("punct", "(") and _is_expression_start(tokens, i)):
            functions.append(name)
        i = j
    return Calls(tuple(procedures), tuple(functions))


def _is_expression_start(tokens: list[tuple[str, str]], i: int) -> bool:
    """``a.b(`` is a function call unless ``a`` is a node or relationship variable
    inside a pattern's label position (``(n:a.b(``, not valid Cypher anyway)."""
    return not (i and tokens[i - 1] == ("punct", ":"))


def first_keyword(query: str) -> str:
    """The query's first word after the ``CYPHER``/``EXPLAIN``/``PROFILE`` prefixes,
    upper-cased (``SHOW``, ``MATCH``...).

    >>> first_keyword("// who runs?\\nCYPHER 5 show transactions")
    'SHOW'
    """
    tokens = _tokens(query)
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        upper = text.upper()
        if kind == "name" and upper == "CYPHER":
            i += 1  # skip its options: a version number and name=value pairs
            while i < len(tokens) and (tokens[i][0] in ("number", "punct") or
                                       (i + 1 < len(tokens) and tokens[i + 1] == ("punct", "="))
                                       or (i and tokens[i - 1] == ("punct", "="))):
                i += 1
            continue
        if kind == "name" and upper in ("EXPLAIN", "PROFILE"):
            i += 1
            continue
        return upper if kind == "name" else text
    return ""

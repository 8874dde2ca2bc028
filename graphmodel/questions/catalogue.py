"""The question catalogue: every question graphmodel answers, declared once, as data.

A :class:`Question` holds its name, a one-line purpose, its parameters, its output
columns, the Cypher file that answers it on Neo4j and its CLI command. It knows no
backend: each backend registers its own answers by question name
(:mod:`graphmodel.questions.backend`), and :mod:`graphmodel.questions.asking` turns
a declaration into the public function ``graphmodel.<name>``. Everything else is
derived from the declarations:

* the public function, which checks its arguments (:mod:`~graphmodel.questions.arguments`),
  resolves them on the backend it is given and returns its answer;
* the CLI command (:mod:`graphmodel.cli.questions`), its options and help;
* the tests that run every question on every backend and check every Cypher file's
  header, and the README's table of questions (:func:`markdown_table`).

Adding a question is described step by step in CONTRIBUTING.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import arguments
from ..errors import ArgumentError, UnknownName
from ..model.table import Table

__all__ = ["Parameter", "Column", "Question", "register", "questions", "get",
           "markdown_table", "listing", "README_MARKERS", "REGION", "TYPES", "AS_OF"]

_KINDS = ("region", "types", "industry", "count", "date", "flag", "choice")


@dataclass(frozen=True)
class Parameter:
    """One argument of a question.

    ``kind`` says how it is checked and resolved: ``region`` (an id, exact name or
    GB/T 2260 code, resolved to the id), ``types`` (entity types), ``industry`` (an
    industry id that must exist), ``count`` (a whole number), ``date`` (an ISO date;
    None means the dataset's as-of date, else today), ``flag`` (True filters),
    ``choice`` (one of ``choices``).
    """

    name: str
    kind: str
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    #: Other names the Python function accepts for it (``type`` for ``types``).
    aliases: tuple[str, ...] = ()
    #: The CLI option; by default ``--`` and the name with dashes.
    option: str = ""

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")

    @property
    def cli_option(self) -> str:
        return self.option or "--" + self.name.replace("_", "-")

    def check(self, value: Any, name: str | None = None) -> Any:
        """``value`` checked and put in one form (see :mod:`graphmodel.questions.arguments`);
        messages call it ``name`` (default: the parameter's name)."""
        name = name or self.name
        if self.kind in ("region", "industry"):
            return arguments.identifier(value, name)
        if self.kind == "types":
            return arguments.entity_types(value, name)
        if self.kind == "count":
            return arguments.count(value, name)
        if self.kind == "date":
            return arguments.as_of_date(value, name)
        if self.kind == "flag":
            if value is None:  # not given: no filter
                return False
            if not isinstance(value, bool):
                raise ArgumentError(f"{name}: expected True or False, got {value!r:.40}")
            return value
        if value is None and self.default is None:
            return None
        if not isinstance(value, str) or value not in self.choices:
            raise ArgumentError(f"{name}: expected one of {', '.join(self.choices)}, "
                             f"got {value!r:.40}")
        return value


@dataclass(frozen=True)
class Column:
    """One output column of a row question; ``zh`` its Chinese header, when
    :mod:`graphmodel.i18n` has none for that name yet."""

    name: str
    help: str
    zh: str = ""


@dataclass(frozen=True)
class Question:
    """A question: declared once, answered on every backend."""

    name: str
    purpose: str
    parameters: tuple[Parameter, ...]
    #: Output columns; empty for a question that answers with figures (a dict).
    columns: tuple[Column, ...]
    #: Its file in ``cypher/queries`` (without ``.cypher``), or the files the Neo4j
    #: backend's own answer reads (``report/*``).
    cypher: str | None
    #: How a table's rows are counted in a sentence ("uncovered entities").
    noun: str = "rows"
    #: The CLI command path (``("query", "uncovered")``); empty: no command of its own.
    command: tuple[str, ...] = ()
    #: The count's measure word and noun in Chinese (``("户", "未覆盖市场主体")``), when
    #: :mod:`graphmodel.i18n` has none for ``noun`` yet.
    noun_zh: tuple[str, str] | None = None
    #: The total row a table prints under the rows (never in JSON or CSV): ``f(table)``.
    total: Callable[[Table], dict[str, Any]] | None = None
    #: What the function's help says after the declaration: notes and examples.
    doc: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def parameter(self, name: str) -> Parameter:
        return next(p for p in self.parameters if p.name == name)

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        """Every parameter's value checked (missing ones take their default)."""
        out = {}
        for p in self.parameters:
            given = [a for a in (p.name, *p.aliases) if values.get(a) is not None]
            if len(given) > 1:
                raise ArgumentError(f"give {' or '.join(given)}, not both")
            value = values[given[0]] if given else p.default
            out[p.name] = p.check(value, given[0] if given else None)
        return out


_REGISTRY: dict[str, Question] = {}


def register(q: Question) -> Question:
    """Add ``q`` to the catalogue (a second question of the same name is an error)."""
    if q.name in _REGISTRY and _REGISTRY[q.name] != q:
        raise ValueError(f"two questions called {q.name!r}")
    _REGISTRY[q.name] = q
    return q


def questions() -> dict[str, Question]:
    """Every question, by name, in the order of declaration.

    >>> list(questions())[:3]
    ['uncovered', 'isolated', 'report']
    """
    return dict(_REGISTRY)


def get(name: str) -> Question:
    """The question called ``name``, or an :class:`~graphmodel.errors.UnknownName`
    listing them."""
    found = _REGISTRY.get(name)
    if found is None:
        raise UnknownName(f"no question called {name[:40]!r} "
                          f"(questions: {', '.join(sorted(_REGISTRY))})")
    return found


def listing() -> Table:
    """The catalogue as rows: what ``graphmodel questions`` prints and the README's
    table shows (name, command, parameters, Cypher file, purpose)."""
    qs = list(questions().values())
    return Table({
        "name": [q.name for q in qs],
        "command": ["graphmodel " + " ".join(q.command) if q.command else None for q in qs],
        "parameters": [", ".join(p.name for p in q.parameters) or None for q in qs],
        "cypher": [f"cypher/queries/{q.cypher}.cypher" if q.cypher else None for q in qs],
        "purpose": [q.purpose for q in qs],
    })


#: The README's table lies between these two lines.
README_MARKERS = ("<!-- questions: written by `python -m graphmodel.questions.catalogue`; a test "
                  "checks it -->", "<!-- /questions -->")


def markdown_table() -> str:
    """The README's table of questions, from :func:`listing`."""
    lines = ["| question | command | parameters | Cypher (Neo4j) | what it answers |",
             "| --- | --- | --- | --- | --- |"]
    for row in listing().rows():
        cells = [f"`{row['name']}`", f"`{row['command']}`" if row["command"] else "",
                 ", ".join(f"`{p}`" for p in (row["parameters"] or "").split(", ") if p),
                 f"`{row['cypher']}`" if row["cypher"] else "",
                 row["purpose"]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([README_MARKERS[0], *lines, README_MARKERS[1]])


# Parameters several questions share.
REGION = Parameter("region", "region", "Only this region and every region below it: its id, "
                   "exact name or GB/T 2260 code.")
TYPES = Parameter("types", "types", "Entity types: small_micro, individual, market, "
                  "enterprise (one, comma-separated, or a list).", aliases=("type",),
                  option="--type")
AS_OF = Parameter("as_of", "date", "Date ending the 183-day organisational-life window, "
                  "YYYY-MM-DD (default: the dataset's date, else today).")


def write_readme(path: str) -> None:  # pragma: no cover
    """Rewrite the README's table of questions in place."""
    import re
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    start, end = (re.escape(m) for m in README_MARKERS)
    new = re.sub(f"{start}.*?{end}", lambda _: markdown_table(), text, flags=re.S)
    readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    import sys

    # The declarations registered themselves in the package's catalogue, not in __main__.
    from graphmodel.questions import catalogue as _catalogue

    if len(sys.argv) > 1:
        _catalogue.write_readme(sys.argv[1])   # python -m graphmodel.questions.catalogue README.md
    else:
        print(_catalogue.markdown_table())

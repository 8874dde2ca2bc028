"""The question catalogue: every question graphmodel answers, declared once.

A question is declared where its embedded (numpy) function is written, with the
:func:`question` decorator: its name, a one-line purpose, its parameters, its output
columns, and the Cypher file that answers it on Neo4j. Everything else is derived
from that declaration:

* the public function: the decorated function itself, which checks its arguments
  (:mod:`graphmodel.arguments`), resolves them on the backend it is given (a region
  name to its id, the as-of date to the dataset's) and answers from a
  :class:`~graphmodel.graph.Graph` or from a
  :class:`~graphmodel.neo4j.source.Neo4jDatabase`, as networkx's backends do;
* the CLI command (:mod:`graphmodel.cli.questions`), its options and help;
* the Neo4j runner, which passes the checked arguments as ``$parameters`` of the
  question's file in ``cypher/queries`` and reads the declared columns;
* the tests that run every question on both backends and check every Cypher file's
  header, and the README's table of questions (:func:`markdown_table`).

Adding a question: a decorated function in one of :data:`MODULES`, its Cypher file,
a test of its definition, and the README table (``python -m graphmodel.catalogue``
prints it).
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import arguments
from .errors import QueryError
from .table import Table

__all__ = ["Parameter", "Column", "Question", "question", "questions", "get", "answer",
           "markdown_table", "listing", "README_MARKERS", "resolve", "MODULES", "REGION", "TYPES", "AS_OF"]

#: The modules whose functions are questions (imported by :func:`questions`).
MODULES = ("graphmodel.queries", "graphmodel.reference", "graphmodel.breakdowns",
           "graphmodel.people")

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
        """``value`` checked and put in one form (see :mod:`graphmodel.arguments`);
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
                raise QueryError(f"{name}: expected True or False, got {value!r:.40}")
            return value
        if value is None and self.default is None:
            return None
        if not isinstance(value, str) or value not in self.choices:
            raise QueryError(f"{name}: expected one of {', '.join(self.choices)}, "
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
    #: The embedded function: ``f(G, **checked_arguments)`` -> Table or dict.
    embedded: Callable[..., Any]
    #: Its file in ``cypher/queries`` (without ``.cypher``); with ``neo4j``, the files
    #: that function reads (``report/*``).
    cypher: str | None
    #: How a table's rows are counted in a sentence ("uncovered entities").
    noun: str = "rows"
    #: The CLI command path (``("query", "uncovered")``); empty: no command of its own.
    command: tuple[str, ...] = ()
    #: A Neo4j answer other than running ``cypher``: ``f(db, **checked_arguments)``.
    neo4j: Callable[..., Any] | None = None
    #: The count's measure word and noun in Chinese (``("户", "未覆盖市场主体")``), when
    #: :mod:`graphmodel.i18n` has none for ``noun`` yet.
    noun_zh: tuple[str, str] | None = None
    #: The total row a table prints under the rows (never in JSON or CSV): ``f(table)``.
    total: Callable[[Table], dict[str, Any]] | None = None

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
                raise QueryError(f"give {' or '.join(given)}, not both")
            value = values[given[0]] if given else p.default
            out[p.name] = p.check(value, given[0] if given else None)
        return out


_REGISTRY: dict[str, Question] = {}


def questions() -> dict[str, Question]:
    """Every question, by name (in the order of :data:`MODULES` and declaration)."""
    for module in MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)


def get(name: str) -> Question:
    """The question called ``name``, or a :class:`~graphmodel.QueryError` listing them."""
    found = questions().get(name)
    if found is None:
        raise QueryError(f"no question called {name[:40]!r} "
                         f"(questions: {', '.join(sorted(_REGISTRY))})")
    return found


def resolve(source: Any, q: Question, values: dict[str, Any]) -> dict[str, Any]:
    """Arguments that name things, resolved on ``source``'s data: regions to ids,
    industries checked, a missing date to the dataset's as-of date (else today)."""
    out = dict(values)
    for p in q.parameters:
        value = out[p.name]
        if p.kind == "region":
            out[p.name] = source.resolve_region(value)
        elif p.kind == "industry" and value is not None and not source.has_industry(value):
            raise QueryError(f"no industry with id {value[:40]!r}")
        elif p.kind == "date" and value is None:
            as_of = source.dataset_as_of()
            out[p.name] = as_of if as_of is not None else _dt.date.today()
    return out


def backend(source: Any) -> Any:
    """The object that answers on ``source``: a Graph's embedded engine, or ``source``
    itself when it is a Neo4j database (anything with ``answer``)."""
    from .embedded import Embedded
    from .graph import Graph

    if isinstance(source, Graph):
        return Embedded(source)
    if hasattr(source, "answer") and hasattr(source, "resolve_region"):
        return source
    raise QueryError(f"expected a graphmodel.Graph (from read_dataset or open_store) or a "
                     f"graphmodel.Neo4jDatabase, got {type(source).__name__}")


def answer(source: Any, name: str | Question, **values: Any) -> Any:
    """The answer of question ``name`` on ``source`` (a Table or a dict of figures).

    The CLI calls this; Python users call the question's function, which returns
    the same answer as :class:`~graphmodel.table.Rows`.
    """
    q = name if isinstance(name, Question) else get(name)
    known = {n for p in q.parameters for n in (p.name, *p.aliases)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise QueryError(f"{q.name}: unexpected argument {unknown[0]!r} "
                         f"(arguments: {', '.join(p.name for p in q.parameters) or 'none'})")
    checked = q.check(values)
    engine = backend(source)
    return engine.answer(q, resolve(engine, q, checked))


def question(name: str, purpose: str, parameters: tuple[Parameter, ...] = (),
             columns: tuple[Column, ...] = (), *, cypher: str | None = None,
             noun: str = "rows", command: tuple[str, ...] = (),
             neo4j: Callable[..., Any] | None = None,
             noun_zh: tuple[str, str] | None = None,
             total: Callable[[Table], dict[str, Any]] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the decorated function as the question ``name``.

    The function takes a Graph and the checked, resolved arguments and returns a
    :class:`~graphmodel.table.Table` with ``columns`` (or a dict of figures). What
    the decorator returns takes a Graph or a Neo4j database and any accepted form
    of the arguments, and returns :class:`~graphmodel.table.Rows` (or the dict).
    """

    def declare(function: Callable[..., Any]) -> Callable[..., Any]:
        q = Question(name, purpose, tuple(parameters), tuple(columns), function, cypher,
                     noun, tuple(command), neo4j, noun_zh, total)
        body = list(inspect.signature(function).parameters)[1:]
        declared = [p.name for p in q.parameters]
        if body != declared:
            raise ValueError(f"{name}: the function's parameters {body} are not the "
                             f"declared ones {declared}")
        if name in _REGISTRY and _REGISTRY[name].embedded.__qualname__ != function.__qualname__:
            raise ValueError(f"two questions called {name!r}")
        _REGISTRY[name] = q

        @functools.wraps(function)
        def ask(source: Any, *args: Any, **kwargs: Any) -> Any:
            if len(args) > len(declared):
                raise QueryError(f"{name}: takes at most {len(declared)} arguments after "
                                 f"the graph, got {len(args)}")
            for n, value in zip(declared, args):
                if n in kwargs:
                    raise QueryError(f"{name}: {n} given twice")
                kwargs[n] = value
            result = answer(source, q, **kwargs)
            return result.rows() if isinstance(result, Table) else result

        ask.__doc__ = _docstring(q, function.__doc__ or "")
        ask.question = q  # type: ignore[attr-defined]
        return ask

    return declare


def _docstring(q: Question, own: str) -> str:
    """The purpose, the declared parameters and columns, then the function's own text
    (its examples): the help a Python user reads is the declaration."""
    own = inspect.cleandoc(own)
    lines = [q.purpose, "", "Parameters", "----------", "G : Graph or Neo4jDatabase",
             "    The data to answer from: the embedded store, or a Neo4j database."]
    for p in q.parameters:
        lines += [f"{p.name} : {_python_type(p)}, optional", f"    {p.help}"]
    lines += ["", "Returns", "-------"]
    if q.columns:
        lines += ["Rows", "    A list of dicts sorted by id, with the columns:", ""]
        lines += [f"    * ``{c.name}``: {c.help}" for c in q.columns]
    else:
        lines += ["dict", "    The figures."]
    return "\n".join(lines) + ("\n\n" + own if own else "")


def _python_type(p: Parameter) -> str:
    return {"region": "str", "types": "str or list of str", "industry": "str",
            "count": "int", "date": "datetime.date or str", "flag": "bool",
            "choice": "str"}[p.kind]


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
README_MARKERS = ("<!-- questions: written by `python -m graphmodel.catalogue`; a test "
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


def _write_readme(path: str) -> None:  # pragma: no cover
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

    # The questions registered themselves in the imported module, not in __main__.
    _catalogue = importlib.import_module("graphmodel.catalogue")
    if len(sys.argv) > 1:
        _catalogue._write_readme(sys.argv[1])   # python -m graphmodel.catalogue README.md
    else:
        print(_catalogue.markdown_table())

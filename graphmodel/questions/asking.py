"""Asking a question: its arguments checked, resolved on the backend, answered there.

:func:`question` declares a question and returns its public function
``graphmodel.<name>(G, ...)``, which takes any source a backend registered for (a
:class:`~graphmodel.model.graph.Graph`, a Neo4j database, a Spark dataset) and any
accepted form of the arguments, and returns :class:`~graphmodel.model.table.Rows`
(or the figures). :func:`answer` is the same call by name, returning the Table; the
CLI uses it.
"""

from __future__ import annotations

import datetime as _dt
import inspect
from collections.abc import Callable
from typing import Any

from ..errors import ArgumentError, UnknownName
from ..model.table import Table
from .backend import Answer, Backend, backend_for
from .catalogue import Column, Parameter, Question, get, register

__all__ = ["question", "answer", "resolve", "public_function"]

_FUNCTIONS: dict[str, Callable[..., Any]] = {}


def resolve(backend: Backend, q: Question, values: dict[str, Any]) -> dict[str, Any]:
    """Arguments that name things, resolved on the backend's data: regions to ids,
    industries checked, a missing date to the dataset's as-of date (else today)."""
    out = dict(values)
    for p in q.parameters:
        value = out[p.name]
        if p.kind == "region":
            out[p.name] = backend.resolve_region(value)
        elif p.kind == "industry" and value is not None and not backend.has_industry(value):
            raise UnknownName(f"no industry with id {value[:40]!r}")
        elif p.kind == "date" and value is None:
            as_of = backend.dataset_as_of()
            out[p.name] = as_of if as_of is not None else _dt.date.today()
    return out


def answer(source: object, name: str | Question, **values: Any) -> Answer:
    """The answer of question ``name`` on ``source`` (a Table or the figures).

    The CLI calls this; Python users call the question's function, which returns
    the same answer as :class:`~graphmodel.model.table.Rows`.

    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> answer(G, "uncovered", region="定安县").columns["id"]
    ['E02', 'E03', 'E09']
    """
    q = name if isinstance(name, Question) else get(name)
    known = {n for p in q.parameters for n in (p.name, *p.aliases)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ArgumentError(f"{q.name}: unexpected argument {unknown[0]!r} "
                            f"(arguments: {', '.join(p.name for p in q.parameters) or 'none'})")
    checked = q.check(values)
    backend = backend_for(source)
    return backend.answer(q, resolve(backend, q, checked))


def question(name: str, purpose: str, parameters: tuple[Parameter, ...] = (),
             columns: tuple[Column, ...] = (), *, cypher: str | None = None,
             noun: str = "rows", command: tuple[str, ...] = (),
             noun_zh: tuple[str, str] | None = None,
             total: Callable[[Table], dict[str, Any]] | None = None,
             doc: str = "") -> Callable[..., Any]:
    """Declare the question ``name`` and return its public function.

    The function takes a source and any accepted form of the arguments (positional
    after the source, in the declared order, or by name) and returns
    :class:`~graphmodel.model.table.Rows` for a question with ``columns``, else the
    figures. ``doc`` (notes and examples) follows the declaration in its help.
    """
    q = register(Question(name, purpose, tuple(parameters), tuple(columns), cypher, noun,
                          tuple(command), noun_zh, total, inspect.cleandoc(doc)))
    declared = [p.name for p in q.parameters]

    def ask(source: object, *args: Any, **kwargs: Any) -> Any:
        if len(args) > len(declared):
            raise ArgumentError(f"{name}: takes at most {len(declared)} arguments after "
                                f"the graph, got {len(args)}")
        for n, value in zip(declared, args):
            if n in kwargs:
                raise ArgumentError(f"{name}: {n} given twice")
            kwargs[n] = value
        result = answer(source, q, **kwargs)
        return result.rows() if isinstance(result, Table) else result

    ask.__name__ = ask.__qualname__ = name
    ask.__doc__ = _docstring(q)
    ask.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("G", inspect.Parameter.POSITIONAL_ONLY)]
        + [inspect.Parameter(p.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=p.default)
           for p in q.parameters])
    ask.question = q  # type: ignore[attr-defined]
    _FUNCTIONS[name] = ask
    return ask


def public_function(name: str) -> Callable[..., Any]:
    """The public function of question ``name`` (``graphmodel.<name>``)."""
    found = _FUNCTIONS.get(name)
    if found is None:
        raise UnknownName(f"no question called {name[:40]!r}")
    return found


def _docstring(q: Question) -> str:
    """The purpose, the declared parameters and columns, then the declaration's notes
    and examples: the help a Python user reads is the declaration."""
    lines = [q.purpose, "", "Parameters", "----------", "G : Graph, Neo4jDatabase or SparkDataset",
             "    The data to answer from: the embedded store, a Neo4j database, or "
             "Parquet on Spark."]
    for p in q.parameters:
        lines += [f"{p.name} : {_python_type(p)}, optional", f"    {p.help}"]
    lines += ["", "Returns", "-------"]
    if q.columns:
        lines += ["Rows", "    A list of dicts sorted by id, with the columns:", ""]
        lines += [f"    * ``{c.name}``: {c.help}" for c in q.columns]
    else:
        lines += ["dict", "    The figures."]
    return "\n".join(lines) + ("\n\n" + q.doc if q.doc else "")


def _python_type(p: Parameter) -> str:
    return {"region": "str", "types": "str or list of str", "industry": "str",
            "count": "int", "date": "datetime.date or str", "flag": "bool",
            "choice": "str"}[p.kind]

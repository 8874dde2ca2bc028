"""The seam between the questions and the engines that answer them.

A backend is a package that registers itself under the entry-point group
``graphmodel.backends`` (see ``pyproject.toml``): the object named there is a
:class:`Registration`, which recognises the sources it answers from and turns one
into a :class:`Backend`. The catalogue and this module know no backend by name; as
in networkx's backends, a new engine is a package of its own and one line in its
project file.

Each backend keeps its answers in an :class:`Answers` registry, by question name::

    ANSWERS = Answers("embedded")

    @ANSWERS("uncovered")
    def uncovered(G, region, types, industry, min_members) -> Table: ...

An answer takes the backend's source and the checked, resolved arguments, named as
the question declares them (checked when it registers), and returns a
:class:`~graphmodel.model.table.Table` with the declared columns or, for a question
without columns, its :data:`Figures`.
"""

from __future__ import annotations

import datetime as _dt
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Protocol, TypeVar, Union

from ..errors import ArgumentError, GraphmodelError, NotAnswered
from ..model.table import Table
from .catalogue import Question, get

__all__ = ["Figures", "Answer", "AnswerFunction", "Backend", "Registration", "Answers",
           "ENTRY_POINT_GROUP", "registered", "backend_for"]

#: The entry-point group a backend registers under.
ENTRY_POINT_GROUP = "graphmodel.backends"

#: The answer of a question without columns (the report): figures by name, nested.
Figures = dict[str, object]
#: What every answer is: rows in declared columns, or figures.
Answer = Union[Table, Figures]
#: An answer function: the backend's source, then the question's arguments by name.
AnswerFunction = Callable[..., Answer]
_F = TypeVar("_F", bound=AnswerFunction)


class Backend(Protocol):
    """What answering a question needs of a source, whatever engine holds the data."""

    #: The backend's name, as ``--backend`` takes it.
    name: str

    def resolve_region(self, value: str | None) -> str | None:
        """The id of the region ``value`` names (an id, an exact name or a GB/T 2260
        code); None stays None; none or several is an UnknownName."""
        ...

    def has_industry(self, industry: str) -> bool:
        """Whether an industry with this id exists."""
        ...

    def dataset_as_of(self) -> _dt.date | None:
        """The dataset's as-of date, or None when it has none."""
        ...

    def answer(self, question: Question, arguments: Mapping[str, object]) -> Answer:
        """The answer of ``question`` to the checked, resolved ``arguments``."""
        ...


@dataclass(frozen=True)
class Registration:
    """A backend as its package registers it (the entry point's object)."""

    name: str
    #: ``source`` as this backend, or None when it is not one of its sources.
    wrap: Callable[[object], Backend | None]
    #: The sources it takes, for the message when no backend takes one.
    sources: str


@cache
def registered() -> dict[str, Registration]:
    """Every installed backend, by name (read once from the entry points)."""
    found: dict[str, Registration] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        entry = point.load()
        if not isinstance(entry, Registration):
            raise GraphmodelError(f"the backend {point.name!r} ({point.value}) is not a "
                                  "graphmodel.questions.backend.Registration")
        found[entry.name] = entry
    return dict(sorted(found.items(), key=lambda item: item[0] != "embedded"))


def backend_for(source: object) -> Backend:
    """The backend that answers from ``source``: the first registered one that takes it.

    >>> backend_for("store.gmz")
    Traceback (most recent call last):
    ...
    graphmodel.errors.ArgumentError: expected a graphmodel.Graph (from read_dataset or open_store), a graphmodel.Neo4jDatabase or a graphmodel.SparkDataset, got str
    """
    entries = list(registered().values())
    for entry in entries:
        backend = entry.wrap(source)
        if backend is not None:
            return backend
    if not entries:
        raise GraphmodelError("no backend is installed: install graphmodel with pip "
                              "(its backends register as entry points)")
    sources = [e.sources for e in entries]
    listed = ", ".join(sources[:-1]) + " or " + sources[-1] if len(sources) > 1 else sources[0]
    raise ArgumentError(f"expected {listed}, got {type(source).__name__}")


class Answers:
    """One backend's answers, by question name; used as a decorator."""

    def __init__(self, backend: str):
        self.backend = backend
        self._answers: dict[str, AnswerFunction] = {}

    def __repr__(self) -> str:
        return f"<Answers of {self.backend}: {', '.join(self._answers) or 'none'}>"

    def __call__(self, name: str) -> Callable[[_F], _F]:
        """Register the decorated function as this backend's answer to ``name``; its
        parameters after the source must be the question's, in the declared order."""
        q = get(name)

        def register(function: _F) -> _F:
            body = list(inspect.signature(function).parameters)[1:]
            declared = [p.name for p in q.parameters]
            if body != declared:
                raise ValueError(f"{self.backend} answer to {name}: the function's parameters "
                                 f"{body} are not the declared ones {declared}")
            self._answers[name] = function
            return function

        return register

    def find(self, name: str) -> AnswerFunction | None:
        """The answer to question ``name``, or None."""
        return self._answers.get(name)

    def names(self) -> list[str]:
        """The questions answered, in the order they registered."""
        return list(self._answers)

    def not_answered(self, question: Question) -> NotAnswered:
        """The error for a question this backend does not answer."""
        return NotAnswered(f"{question.name}: not answered on the {self.backend} backend "
                           f"(questions it answers: {', '.join(sorted(self._answers))})")

    def get(self, question: Question) -> AnswerFunction:
        """The answer to ``question``, or :class:`~graphmodel.errors.NotAnswered`."""
        found = self._answers.get(question.name)
        if found is None:
            raise self.not_answered(question)
        return found

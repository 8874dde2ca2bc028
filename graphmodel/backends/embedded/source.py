"""The embedded backend: questions answered from a :class:`~graphmodel.model.graph.Graph`
(a dataset read into memory, or a store opened from disk), by numpy."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ...model.graph import Graph
from ...questions.backend import Answer
from ...questions.catalogue import Question
from . import breakdowns, gaps, people, reference  # noqa: F401  (they register their answers)
from .registry import ANSWERS
from .tree import resolve_region

__all__ = ["Embedded"]


class Embedded:
    """A Graph as a :class:`~graphmodel.questions.backend.Backend`."""

    name = "embedded"

    def __init__(self, G: Graph):
        self.G = G

    def resolve_region(self, value: str | None) -> str | None:
        return resolve_region(self.G, value)

    def has_industry(self, industry: str) -> bool:
        return industry in self.G.index("industry")

    def dataset_as_of(self) -> _dt.date | None:
        as_of = self.G.meta.get("as_of")
        return as_of if isinstance(as_of, _dt.date) else None

    def answer(self, question: Question, arguments: Mapping[str, object]) -> Answer:
        return ANSWERS.get(question)(self.G, **arguments)

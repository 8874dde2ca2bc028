"""The embedded backend: questions answered from a :class:`~graphmodel.graph.Graph`
(a dataset read into memory, or a store opened from disk)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .graph import Graph

__all__ = ["Embedded"]


class Embedded:
    """What :func:`graphmodel.catalogue.answer` needs of a backend, for a Graph."""

    def __init__(self, G: Graph):
        self.G = G

    def resolve_region(self, value: str | None) -> str | None:
        from .queries import resolve_region

        return resolve_region(self.G, value)

    def has_industry(self, industry: str) -> bool:
        return industry in self.G.index("industry")

    def dataset_as_of(self) -> _dt.date | None:
        return self.G.meta.get("as_of")

    def answer(self, question: Any, arguments: dict[str, Any]) -> Any:
        return question.embedded(self.G, **arguments)

"""The Spark backend's answers, by question name (filled by the modules beside it)."""

from __future__ import annotations

from ...questions.backend import Answers

__all__ = ["ANSWERS"]

#: Question name -> ``f(dataset, **arguments)``.
ANSWERS = Answers("spark")

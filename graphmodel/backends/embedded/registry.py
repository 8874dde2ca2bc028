"""The embedded backend's answers, by question name (filled by the modules beside it)."""

from __future__ import annotations

from ...questions.backend import Answers

__all__ = ["ANSWERS"]

#: Question name -> ``f(G, **arguments)``: see :class:`~graphmodel.questions.backend.Answers`.
ANSWERS = Answers("embedded")

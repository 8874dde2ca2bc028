"""The exception hierarchy: everything graphmodel raises on purpose derives from
:class:`GraphmodelError`, so a caller (and the CLI) can tell an expected failure,
reported as a plain message, from a bug, which keeps its traceback."""

from __future__ import annotations

from dataclasses import dataclass

from .codes import redact

__all__ = [
    "GraphmodelError",
    "DatasetError",
    "Problem",
    "StoreError",
    "QueryError",
]


class GraphmodelError(Exception):
    """Root of every error graphmodel raises deliberately."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a dataset, located as precisely as it can be.

    ``line`` is the 1-based physical line in the file (the header is line 1) and
    ``column`` the header name; either is ``None`` for a problem of a whole file.
    The message never contains the raw value of a personal field: an ID number that
    slips into one anyway (quoted in an unknown reference) is masked here.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __post_init__(self) -> None:
        for name in ("file", "column", "message"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, redact(value))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column:
            return f"{where}: {self.column}: {self.message}"
        return f"{where}: {self.message}"


class DatasetError(GraphmodelError):
    """A dataset was rejected; ``problems`` lists every problem found, in file order."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = redact(source)
        self.problems = sorted(problems, key=_problem_order)
        super().__init__(f"{self.source}: {len(self.problems)} problem(s) found")


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.column or "", p.message)


class StoreError(GraphmodelError):
    """The store is missing, unreadable, or written by an incompatible version."""


class QueryError(GraphmodelError):
    """A query was asked with an argument that names nothing in the graph."""

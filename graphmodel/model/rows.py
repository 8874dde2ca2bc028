"""Sorting and cutting row lists, the same whichever backend answered.

Every row query returns its rows sorted by id; :func:`sort_rows` re-sorts them by
columns (``"name"``, or ``"-members"`` for descending), stably, with missing values
(None) last in either direction, and :func:`limit` keeps the first rows. The CLI's
``--sort`` and ``--limit`` are these two functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..errors import ArgumentError

__all__ = ["sort_rows", "sort_keys", "sort_order", "limit"]


def sort_keys(keys: str | Iterable[str] | None,
              columns: Sequence[str] | None = None) -> list[tuple[str, bool]]:
    """``keys`` as (column, descending) pairs, checked against ``columns`` if given.

    >>> sort_keys(["name", "-members"])
    [('name', False), ('members', True)]
    >>> sort_keys("size", ["id", "name"])
    Traceback (most recent call last):
    ...
    graphmodel.errors.ArgumentError: cannot sort by 'size': no such column (columns: id, name)
    """
    if keys is None:
        return []
    if isinstance(keys, str):
        keys = [keys]
    out: list[tuple[str, bool]] = []
    for key in keys:
        if not isinstance(key, str):
            raise ArgumentError(f"sort: expected column names (str), got {type(key).__name__}")
        descending = key.startswith("-")
        column = key[1:] if descending else key
        if columns is not None and column not in columns:
            raise ArgumentError(f"cannot sort by {column[:40]!r}: no such column "
                             f"(columns: {', '.join(columns)})")
        out.append((column, descending))
    return out


def sort_order(n: int, column: Callable[[str], Sequence[Any]],
               pairs: Sequence[tuple[str, bool]]) -> list[int]:
    """The order of ``n`` rows sorted by ``pairs`` (column, descending), where
    ``column(name)`` gives a column's values: stable, None last either way."""
    order = list(range(n))
    for name, descending in reversed(pairs):
        values = column(name)
        present = [i for i in order if values[i] is not None]
        missing = [i for i in order if values[i] is None]
        try:
            present.sort(key=values.__getitem__, reverse=descending)
        except TypeError:  # values of different types (ad-hoc Cypher): by type, then text
            present.sort(key=lambda i: (type(values[i]).__name__, str(values[i])),
                         reverse=descending)
        order = present + missing
    return order


def sort_rows(rows: Iterable[dict[str, Any]], keys: str | Iterable[str] | None,
              columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """``rows`` sorted by ``keys``: column names, ``-name`` for descending.

    The sort is stable (rows equal on every key keep their order, by id for the
    queries' rows) and puts None last whether ascending or descending. With
    ``columns``, a key that is not one of them is a :class:`~graphmodel.QueryError`.

    Parameters
    ----------
    rows : iterable of dict
    keys : str or iterable of str or None
        The columns to sort by, most significant first; None or empty keeps the order.
    columns : sequence of str, optional
        The columns a key may name (default: any).

    Returns
    -------
    list of dict

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> rows = graphmodel.uncovered(G)
    >>> [(r["id"], r["members"]) for r in sort_rows(rows, ["-members"])][:3]
    [('E02', 2), ('E03', 1), ('E07', 1)]
    """
    pairs = sort_keys(keys, columns)
    out = list(rows)
    order = sort_order(len(out), lambda c: [r.get(c) for r in out], pairs)
    return [out[i] for i in order]


def limit(rows: Sequence[dict[str, Any]], n: int | None) -> list[dict[str, Any]]:
    """The first ``n`` rows (all of them when ``n`` is None).

    >>> limit([{"id": 1}, {"id": 2}], 1), limit([{"id": 1}], None)
    ([{'id': 1}], [{'id': 1}])
    """
    if n is None:
        return list(rows)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ArgumentError(f"limit: expected a whole number from 0, got {n!r}")
    return list(rows[:n])

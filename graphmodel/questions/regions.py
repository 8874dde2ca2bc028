"""Regions as the user names them: every backend finds the regions whose id, name or
code is the value, and :func:`choose_region` decides, so that all answer alike."""

from __future__ import annotations

from ..errors import UnknownName

__all__ = ["choose_region"]


def choose_region(value: str, is_id: bool, candidates: list[dict[str, str | None]]) -> str:
    """The region id ``value`` names: itself if it is an id, else the one candidate
    (``id``, ``name``, ``level``, ``parent_name``: regions whose name or code is
    ``value``); none or several is a :class:`~graphmodel.QueryError` (both backends
    call this).

    >>> choose_region("定城镇", False, [{"id": "T1", "name": "定城镇", "level": "town",
    ...                                   "parent_name": "定安县"}])
    'T1'
    >>> choose_region("X", False, [])
    Traceback (most recent call last):
    ...
    graphmodel.errors.UnknownName: no region with id, name or code 'X'
    """
    if is_id:
        return value
    if not candidates:
        raise UnknownName(f"no region with id, name or code {value[:40]!r}")
    if len(candidates) > 1:
        shown = "; ".join(
            f"{c['id']} ({c['name']}, {c['level']}"
            + (f", in {c['parent_name']})" if c.get("parent_name") is not None else ")")
            for c in sorted(candidates, key=lambda c: str(c["id"])))
        raise UnknownName(f"region {value[:40]!r} matches {len(candidates)} regions, give "
                         f"its id: {shown}")
    return str(candidates[0]["id"])
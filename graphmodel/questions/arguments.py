"""The arguments the query functions accept, checked and put in one form.

Both backends (:mod:`graphmodel.questions.gaps` and :mod:`graphmodel.backends.neo4j.queries`) pass
their arguments through these functions first, so they accept the same values and
refuse the same ones with the same one-line :class:`~graphmodel.errors.QueryError`:

* a date (``as_of``): a :class:`datetime.date` or an ISO string ``YYYY-MM-DD``; a
  :class:`datetime.datetime` is refused (its time and zone would be dropped silently);
* entity types: one name, a comma-separated string of names, or an iterable of names;
* an id (``region``, ``industry``): a string;
* a count (``min_members``): a whole number, not negative.

``None`` means "not given" everywhere. The same checks read a dataset's as-of date
(:func:`parse_iso_date`), so a date the queries refuse never gets into a store.
"""

from __future__ import annotations

import datetime as _dt
import numbers
import re
from collections.abc import Iterable, Mapping, Set

from ..errors import ArgumentError
from ..model.dates import FIRST_AS_OF, ORG_LIFE_WINDOW_DAYS, parse_iso_date
from ..model.schema import EntityType

__all__ = ["ENTITY_TYPES", "ORG_LIFE_WINDOW_DAYS", "MAX_COUNT", "FIRST_AS_OF", "parse_iso_date",
           "as_of_date", "entity_types", "identifier", "count"]

#: The entity types, in the model's order.
ENTITY_TYPES = tuple(t.value for t in EntityType)

#: The largest count a query takes (row indices are 32-bit).
MAX_COUNT = 2**31 - 1

_DATE_RANGE = f"from {FIRST_AS_OF.isoformat()} to {_dt.date.max.isoformat()}"


def _shown(value: object) -> str:
    """A value for a message: its type, and a short repr."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def as_of_date(value: object, name: str = "as_of") -> _dt.date | None:
    """``value`` as a :class:`datetime.date` (None stays None).

    >>> as_of_date("2016-06-16"), as_of_date(_dt.date(2016, 6, 16)), as_of_date(None)
    (datetime.date(2016, 6, 16), datetime.date(2016, 6, 16), None)
    >>> as_of_date("16/06/2016")
    Traceback (most recent call last):
    ...
    graphmodel.errors.ArgumentError: as_of '16/06/2016': expected a date YYYY-MM-DD from 0001-07-03 to 9999-12-31
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        raise ArgumentError(f"{name} {value.isoformat()!r}: expected a date, not a date and time "
                         "(use .date())")
    if isinstance(value, _dt.date):
        if value < FIRST_AS_OF:
            raise ArgumentError(f"{name} {value.isoformat()!r}: expected a date {_DATE_RANGE}")
        return value
    if isinstance(value, str):
        date = parse_iso_date(value)
        if date is None:
            raise ArgumentError(f"{name} {value[:40]!r}: expected a date YYYY-MM-DD {_DATE_RANGE}")
        return date
    raise ArgumentError(f"{name}: expected a datetime.date or a string YYYY-MM-DD, "
                     f"got {_shown(value)}")


def entity_types(value: object, name: str = "types") -> list[str] | None:
    """Entity types as a list without repeats (None stays None).

    A string is split at commas; an iterable gives one type name per item (a set in
    the model's order, anything else in its own).

    >>> entity_types("small_micro"), entity_types(" market, individual ")
    (['small_micro'], ['market', 'individual'])
    >>> entity_types(("individual", "individual")), entity_types({"market", "small_micro"})
    (['individual'], ['small_micro', 'market'])
    >>> entity_types("shop")
    Traceback (most recent call last):
    ...
    graphmodel.errors.ArgumentError: unknown entity type 'shop' (expected one of small_micro, individual, market, enterprise)
    """
    if value is None:
        return None
    if isinstance(value, str):
        items: list = [t.strip() for t in value.split(",")]
        items = [t for t in items if t]
    elif isinstance(value, (bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise ArgumentError(f"{name}: expected an entity type, a comma-separated string of them "
                         f"or a list of them, got {_shown(value)}")
    else:
        items = list(value)
        for item in items:
            if not isinstance(item, str):
                raise ArgumentError(f"{name}: expected entity type names (str), got {_shown(item)}")
        items = [t.strip() for t in items]
        if isinstance(value, Set):
            items.sort(key=lambda t: (t not in ENTITY_TYPES,
                                      ENTITY_TYPES.index(t) if t in ENTITY_TYPES else 0, t))
    for t in items:
        if t not in ENTITY_TYPES:
            raise ArgumentError(f"unknown entity type {t[:40]!r} "
                             f"(expected one of {', '.join(ENTITY_TYPES)})")
    if not items:
        raise ArgumentError(f"{name}: no entity type given (leave it out for every type)")
    return list(dict.fromkeys(items))


def identifier(value: object, name: str) -> str | None:
    """An id argument (``region``, ``industry``): a string, or None.

    >>> identifier("R-DA", "region")
    'R-DA'
    >>> identifier(7, "region")
    Traceback (most recent call last):
    ...
    graphmodel.errors.ArgumentError: region: expected an id (str), got int 7
    """
    if value is None or isinstance(value, str):
        return value
    raise ArgumentError(f"{name}: expected an id (str), got {_shown(value)}")


def count(value: object, name: str) -> int:
    """A count argument (``min_members``): a whole number from 0 to :data:`MAX_COUNT`.

    >>> count(3, "min_members")
    3
    >>> count(-1, "min_members")
    Traceback (most recent call last):
    ...
    graphmodel.errors.ArgumentError: min_members: expected a whole number from 0 to 2147483647, got int -1
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) \
            and 0 <= int(value) <= MAX_COUNT:
        return int(value)
    raise ArgumentError(f"{name}: expected a whole number from 0 to {MAX_COUNT}, got {_shown(value)}")

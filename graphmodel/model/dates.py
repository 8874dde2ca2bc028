"""Dates of the model: the organisational-life window and the as-of dates it allows.

Both the data (a dataset's ``as_of``, the store's meta) and the questions (``--as-of``)
read dates with :func:`parse_iso_date`, so they accept exactly the same ones.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["ORG_LIFE_WINDOW_DAYS", "FIRST_AS_OF", "parse_iso_date"]

#: "Organisational life at least every half year": a last meeting in the 183 days
#: up to and including the as-of date.
ORG_LIFE_WINDOW_DAYS = 183

#: The earliest as-of date: the organisational-life window must start on a real day.
FIRST_AS_OF = _dt.date.min + _dt.timedelta(days=ORG_LIFE_WINDOW_DAYS)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(text: str) -> _dt.date | None:
    """The date of an ISO ``YYYY-MM-DD`` string that can be an as-of date, else None.

    >>> parse_iso_date("2016-05-31"), parse_iso_date("20160531"), parse_iso_date("0001-01-01")
    (datetime.date(2016, 5, 31), None, None)
    """
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        date = _dt.date.fromisoformat(text)
    except ValueError:
        return None
    return date if date >= FIRST_AS_OF else None

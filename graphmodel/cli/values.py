"""The bounds of every numeric option, checked in the command before anything runs
(or connects): a value out of bounds is one line naming the option, exit code 1.

Click parses ``-1``, ``0``, ``inf``, ``nan`` and a 30-digit number without complaint;
these checks are what refuses them.
"""

from __future__ import annotations

import math
import re

from ..errors import OptionValueError

__all__ = ["check_count", "check_seconds", "check_heap",
           "MAX_TIMEOUT", "MAX_ROWS", "MAX_BATCH_SIZE", "MAX_WORKERS", "MAX_PAGECACHE_MB",
           "MAX_SEED"]

#: A day: longer than any query should run, short enough to be a deliberate choice.
MAX_TIMEOUT = 24 * 3600.0
#: Rows a command prints or keeps at once (``--limit``), and members (``--min-members``).
MAX_ROWS = 1_000_000
MAX_BATCH_SIZE = 1_000_000
MAX_WORKERS = 64
MAX_PAGECACHE_MB = 1024 * 1024  # 1 TiB
MAX_SEED = 2**63 - 1
#: The JVM heap of the local server: ``512m``, ``2g``.
MIN_HEAP_MB, MAX_HEAP_MB = 256, 1024 * 1024
_HEAP = re.compile(r"([0-9]{1,7})([mMgG])")


def check_count(option: str, value: int | None, low: int, high: int) -> int | None:
    """``value`` if it is a whole number from ``low`` to ``high`` (or None: not given).

    >>> check_count("--limit", 5, 1, 10)
    5
    >>> check_count("--limit", 0, 1, 10)
    Traceback (most recent call last):
    ...
    graphmodel.errors.OptionValueError: --limit 0: expected a whole number from 1 to 10
    """
    if value is not None and not low <= value <= high:
        shown = str(value) if abs(value) < 10**30 else f"{str(value)[:12]}..."
        raise OptionValueError(f"{option} {shown}: expected a whole number from {low:,} "
                               f"to {high:,}")
    return value


def check_seconds(option: str, value: float, high: float = MAX_TIMEOUT) -> float:
    """``value`` if it is a finite number of seconds above 0 and at most ``high``.

    >>> check_seconds("--timeout", 2.5)
    2.5
    >>> check_seconds("--timeout", float("nan"))
    Traceback (most recent call last):
    ...
    graphmodel.errors.OptionValueError: --timeout nan: expected seconds above 0 and at most 86400 (a day)
    """
    if not (math.isfinite(value) and 0 < value <= high):
        raise OptionValueError(f"{option} {value:g}: expected seconds above 0 and at most "
                               f"{high:g}{' (a day)' if high == MAX_TIMEOUT else ''}")
    return value


def check_heap(option: str, value: str) -> str:
    """``value`` if it is a heap size the local server accepts: a number and m or g,
    from 256m to 1024g.

    >>> check_heap("--heap", "2g"), check_heap("--heap", "512M")
    ('2g', '512M')
    >>> check_heap("--heap", "-1g")
    Traceback (most recent call last):
    ...
    graphmodel.errors.OptionValueError: --heap '-1g': expected a number and m or g, from 256m to 1024g (e.g. 1g)
    """
    match = _HEAP.fullmatch(value.strip())
    megabytes = int(match[1]) * (1024 if match[2] in "gG" else 1) if match else 0
    if not match or not MIN_HEAP_MB <= megabytes <= MAX_HEAP_MB:
        raise OptionValueError(f"{option} {value!r}: expected a number and m or g, "
                               "from 256m to 1024g (e.g. 1g)")
    return value.strip()

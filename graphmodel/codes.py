"""Check characters of the two national codes the dataset carries, and masking.

* Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a
  31-character alphabet; the last is a check character over the first 17.
* Resident ID number (公民身份号码), GB 11643-1999: 17 digits and an ISO 7064
  MOD 11-2 check character (``0``-``9`` or ``X``).

The ID number is personal data: callers show :func:`mask` of it, never the raw value,
and pass any text that may quote data through :func:`redact`. :func:`find_id_numbers`
spots one typed where it does not belong (a remarks cell, an id, a reference).
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "credit_code_check_char",
    "is_valid_credit_code",
    "id_number_check_char",
    "is_valid_id_number",
    "canonical_id_number",
    "looks_like_id_number",
    "find_id_numbers",
    "ID_NUMBER_LENGTH",
    "MASK_SHOWN",
    "mask",
    "redact",
]

# GB 32100-2015 leaves out I, O, Z, S and V, which are easily confused.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_CODE_ALPHABET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a code.

    >>> credit_code_check_char("91350100M000100Y4")
    '3'
    """
    if len(first17) != 17 or any(c not in _CREDIT_VALUE for c in first17):
        raise ValueError("expected 17 characters of the credit-code alphabet")
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """True when ``code`` is 18 characters of the alphabet with a correct check character.

    >>> is_valid_credit_code("91350100M000100Y43"), is_valid_credit_code("91350100M000100Y44")
    (True, False)
    """
    if len(code) != 18 or any(c not in _CREDIT_VALUE for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def id_number_check_char(first17: str) -> str:
    """Return the GB 11643 (ISO 7064 MOD 11-2) check character for 17 digits.

    >>> id_number_check_char("11010519491231002")
    'X'
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("expected 17 digits")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def is_valid_id_number(number: str) -> bool:
    """True when ``number`` is 17 digits and a correct check character.

    >>> is_valid_id_number("11010519491231002X"), is_valid_id_number("110105194912310021")
    (True, False)
    """
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return False
    return id_number_check_char(number[:17]) == number[17].upper()


def canonical_id_number(number: str) -> str:
    """The number with its check character upper-cased: ``x`` and ``X`` are the same
    person, so they must mask and hash the same.

    >>> canonical_id_number("11010519491231002x")
    '11010519491231002X'
    """
    return number[:17] + number[17:].upper()


ID_NUMBER_LENGTH = 18
# 17 digits and a check character, not glued to other digits (a longer account
# number is not an ID number), but maybe to letters ("ID4601...", "sfz4601...",
# "...1239abc"), written in groups of 6, 8 and 4 apart by a space or a hyphen, or with
# invisible characters (a zero-width space) anywhere inside. ASCII digits only. The
# check character and a real birth date (looks_like_id_number) keep this from
# matching codes.
_HIDDEN = "[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*"
_DIGIT = f"[0-9]{_HIDDEN}"
_ID_IN_TEXT = re.compile(
    rf"(?<![0-9])(?:{_DIGIT}){{6}}[ \-]?{_HIDDEN}(?:{_DIGIT}){{8}}[ \-]?{_HIDDEN}"
    rf"(?:{_DIGIT}){{3}}[0-9Xx](?![0-9])")
_NOT_ID_CHARACTER = re.compile("[^0-9Xx]")


def _digits(found: str) -> str:
    """A number found in text as the 18 characters it is made of."""
    return _NOT_ID_CHARACTER.sub("", found)
_FIRST_BIRTH = _dt.date(1900, 1, 1)


def looks_like_id_number(number: str) -> bool:
    """True for a valid ID number whose birth date (characters 7-14) is a real day
    from 1900-01-01 to today: a person's number, not any 18 digits that pass the check.

    >>> looks_like_id_number("11010519491231002X"), looks_like_id_number("110105194913310021")
    (True, False)
    """
    # Born in 19xx or 20xx first: the cheapest test, and what most codes fail.
    if number[6:8] not in ("19", "20") or not is_valid_id_number(number):
        return False
    try:
        born = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return _FIRST_BIRTH <= born <= _dt.date.today()


def find_id_numbers(text: str) -> list[str]:
    """The ID numbers (:func:`looks_like_id_number`) inside ``text``, alone or in words.

    >>> find_id_numbers("身份证11010519491231002X，电话13800000000")
    ['11010519491231002X']
    >>> find_id_numbers("陈丽ID110105-19491231-002X, sfz110105\u200b19491231002xabc")
    ['11010519491231002X', '11010519491231002x']
    """
    if len(text) < ID_NUMBER_LENGTH:
        return []
    return [n for n in map(_digits, _ID_IN_TEXT.findall(text)) if looks_like_id_number(n)]


#: How many characters of a personal number a mask shows, at most (the last ones):
#: with more (the region and birth date) the number is guessed from the mask alone.
MASK_SHOWN = 4


def mask(value: str) -> str:
    """Mask a personal number for display: only its last four characters show, and
    none of a value of eight characters or fewer. The length is kept.

    >>> mask("11010519491231002X"), mask("12345678")
    ('**************002X', '********')
    """
    if len(value) <= 2 * MASK_SHOWN:
        return "*" * len(value)
    return "*" * (len(value) - MASK_SHOWN) + value[-MASK_SHOWN:]


def redact(text: str) -> str:
    """``text`` with every ID number in it masked: the last line of defence for messages
    that quote data (an unknown reference, a duplicate id).

    >>> redact("unknown entity '11010519491231002X'")
    "unknown entity '**************002X'"
    """
    if len(text) < ID_NUMBER_LENGTH or _ID_IN_TEXT.search(text) is None:  # the usual case
        return text
    return _ID_IN_TEXT.sub(lambda m: mask(_digits(m[0])) if looks_like_id_number(_digits(m[0]))
                           else m[0], text)

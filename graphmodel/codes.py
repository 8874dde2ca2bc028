"""Check characters of the two national codes the dataset carries, and masking.

* Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a
  31-character alphabet; the last is a check character over the first 17.
* Resident ID number (公民身份号码), GB 11643-1999: 17 digits and an ISO 7064
  MOD 11-2 check character (``0``-``9`` or ``X``).

The ID number is personal data: callers show :func:`mask` of it, never the raw value.
"""

from __future__ import annotations

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "credit_code_check_char",
    "is_valid_credit_code",
    "id_number_check_char",
    "is_valid_id_number",
    "mask",
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


def mask(value: str, keep_start: int = 6, keep_end: int = 1) -> str:
    """Mask a personal number for display, keeping only its ends.

    >>> mask("11010519491231002X")
    '110105***********X'
    """
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end:]

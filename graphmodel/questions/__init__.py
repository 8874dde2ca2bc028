"""The questions graphmodel answers, declared once as data (:mod:`.catalogue`), and how
they are asked (:mod:`.asking`) of the backends that answer them (:mod:`.backend`).

Importing this package declares every question: the catalogue is complete as soon as
any part of it is imported.
"""

# Each module declares its questions; this order is the catalogue's (and the README's).
from . import gaps  # noqa: F401  isort: skip
from . import reference  # noqa: F401  isort: skip
from . import breakdowns  # noqa: F401  isort: skip
from . import people  # noqa: F401  isort: skip
from .asking import answer
from .catalogue import get, questions

__all__ = ["answer", "get", "questions"]

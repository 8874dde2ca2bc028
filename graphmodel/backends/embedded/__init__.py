"""The embedded backend: the default, answering from a Graph in this process with numpy.

* :mod:`.source` -- :class:`~.source.Embedded`, a Graph as a backend;
* :mod:`.gaps`, :mod:`.breakdowns`, :mod:`.people`, :mod:`.reference` -- the answers;
* :mod:`.tree`, :mod:`.common` -- the region tree and the row helpers they share.

It registers under the entry point ``graphmodel.backends`` as :data:`BACKEND`.
"""

from __future__ import annotations

from ...model.graph import Graph
from ...questions.backend import Backend, Registration
from .source import Embedded

__all__ = ["BACKEND", "Embedded"]


def _wrap(source: object) -> Backend | None:
    return Embedded(source) if isinstance(source, Graph) else None


#: The registration its entry point names.
BACKEND = Registration("embedded", _wrap, "a graphmodel.Graph (from read_dataset or open_store)")

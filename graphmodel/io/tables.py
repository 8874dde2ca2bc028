"""The dataset as tables: one per file of the contract, with its declared columns.

The Parquet export writes these tables and the Spark backend reads them; both take
the layout from here, derived from :mod:`graphmodel.model.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.graph import storage_kind
from ..model.schema import LINK_FILES, NODE_KINDS, reference_columns

__all__ = ["TableLayout", "layouts"]


@dataclass(frozen=True)
class TableLayout:
    """One table of the layout: its name (the contract file's, without ``.csv``), the
    node kind or link file it holds, and its declared columns with their storage
    (``str``, ``bool``, ``date``; a reference column is ``ref`` to the kind it names)."""

    name: str
    rows: str
    columns: tuple[tuple[str, str], ...]
    node: bool


def _declared(model: Any, refs: set[str]) -> tuple[tuple[str, str], ...]:
    return tuple((n, "ref" if n in refs else storage_kind(f.annotation))
                 for n, f in model.model_fields.items())


def layouts() -> list[TableLayout]:
    """Every table, in the schema's order: node kinds, then link files.

    >>> [t.name for t in layouts()][:4]
    ['regions', 'industries', 'agencies', 'entities']
    >>> dict(next(t for t in layouts() if t.name == "members").columns)["floating"]
    'bool'
    """
    out = []
    for kind in NODE_KINDS:
        out.append(TableLayout(kind.file.removesuffix(".csv"), kind.name,
                               _declared(kind.model, set(reference_columns(kind.name))), True))
    for link in LINK_FILES:
        out.append(TableLayout(link.file.removesuffix(".csv"), link.name,
                               _declared(link.model, {link.source_column, link.target_column}),
                               False))
    return out

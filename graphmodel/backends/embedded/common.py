"""Row helpers the embedded answers share: ids and names of rows, edges as masks,
counts per group, where entities and members are."""

from __future__ import annotations

import datetime as _dt

import numpy as np

from ...errors import ArgumentError
from ...model.dates import ORG_LIFE_WINDOW_DAYS
from ...model.graph import Graph

__all__ = ["check_graph", "has_edge", "ids_of", "names_of", "sorted_by_id",
           "member_places", "staff_counts", "unattached_members", "per_group", "distinct_per_group",
           "recent_org_life"]


def check_graph(G: object) -> None:
    if not isinstance(G, Graph):
        raise ArgumentError(f"expected a graphmodel.Graph (from read_dataset or open_store), "
                         f"got {type(G).__name__}")


def has_edge(n: int, indices: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[indices] = True
    return mask


def ids_of(G: Graph, kind: str, index: np.ndarray) -> list:
    """Ids of rows ``index`` of ``kind`` (-1 gives None)."""
    return _values_of(G.ids(kind), index)


def names_of(G: Graph, kind: str, index: np.ndarray) -> list:
    """Names of rows ``index`` of ``kind`` (-1, or an empty name, gives None)."""
    return _values_of(G.column(kind, "name"), index)


def _values_of(values: np.ndarray, index: np.ndarray) -> list:
    if len(values) < len(index):
        # A small table (regions, industries) looked up many times: one Python string
        # per value, shared by every row, instead of one per row; -1 finds the None
        # appended at the end.
        lookup = [v if v != "" else None for v in values.tolist()] + [None]
        return list(map(lookup.__getitem__, index.tolist()))
    out = values[np.maximum(index, 0)].tolist() if len(values) else [None] * len(index)
    if bool((index < 0).any()) or "" in out:
        return [v if j >= 0 and v != "" else None for v, j in zip(out, index.tolist())]
    return out


def sorted_by_id(G: Graph, kind: str, selected: np.ndarray) -> np.ndarray:
    ids = G.ids(kind)[selected]
    return selected[np.argsort(ids, kind="stable")]




def member_places(G: Graph, rows: np.ndarray) -> dict[str, list]:
    """Who members ``rows`` are and where: id, name, region and employer, with names."""
    where, employer = G.column("member", "region_id")[rows], G.column("member", "employer_id")[rows]
    return {"id": G.ids("member")[rows].tolist(),
            "name": G.column("member", "name")[rows].tolist(),
            "region_id": ids_of(G, "region", where), "region_name": names_of(G, "region", where),
            "employer_id": ids_of(G, "entity", employer),
            "employer_name": names_of(G, "entity", employer)}


def staff_counts(G: Graph) -> np.ndarray:
    """Members employed by each entity (EMPLOYED_BY), by entity row."""
    employer = G.column("member", "employer_id")
    return np.bincount(employer[employer >= 0], minlength=G.count("entity"))


def unattached_members(G: Graph) -> np.ndarray:
    n = G.count("member")
    return ~(has_edge(n, G.array("memberships/source"))
             | has_edge(n, G.array("registrations/source")))


def per_group(group: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(group[mask & (group >= 0)], minlength=n)


def distinct_per_group(group: np.ndarray, other: np.ndarray, n: int) -> np.ndarray:
    """How many distinct ``other`` values each group has (pairs with group -1 dropped)."""
    keep = (group >= 0) & (other >= 0)
    if not keep.any():
        return np.zeros(n, dtype=np.int64)
    # One number per pair (group, other), so that unique sorts one flat array.
    width = int(other[keep].max()) + 1
    pairs = np.unique(group[keep].astype(np.int64) * width + other[keep])
    return np.bincount(pairs // width, minlength=n)


def recent_org_life(G: Graph, as_of: _dt.date) -> np.ndarray:
    """Members whose last organisational life lies in the window ending on ``as_of``
    (the 183 days up to and including it)."""
    last = G.column("member", "last_org_life")
    end = np.datetime64(as_of, "D")
    return (last > end - np.timedelta64(ORG_LIFE_WINDOW_DAYS, "D")) & (last <= end)

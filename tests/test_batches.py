"""How push cuts a graph into batches: by a hash of ids, so that one row more or one
value changed touches one batch; fingerprints that follow the values only."""

from __future__ import annotations

import numpy as np

import graphmodel
from graphmodel.backends.neo4j import batches
from graphmodel.model.schema import EDGE_KINDS, NODE_KINDS


def test_groups_depend_on_the_ids_not_on_the_array_width_or_order_of_others():
    ids = np.array([f"E{i:05}" for i in range(1000)])
    wide = ids.astype("<U40")
    a, b = batches._split(ids, 100), batches._split(wide, 100)
    assert [g.tolist() for g in a] == [g.tolist() for g in b]
    assert sorted(np.concatenate(a).tolist()) == list(range(1000))  # each row once
    assert max(map(len, a)) < 200  # about batch_size each


def test_one_row_more_changes_one_group():
    ids = np.array([f"E{i:05}" for i in range(950)])  # 10 groups, with one more too
    before = [set(ids[g].tolist()) for g in batches._split(ids, 100)]
    after = [set(np.append(ids, "E99999")[g].tolist())
             for g in batches._split(np.append(ids, "E99999"), 100)]
    assert sum(x != y for x, y in zip(before, after)) == 1


def test_fingerprints_follow_values_only():
    names = np.array(["定安", "文昌"])
    assert batches.fingerprint("S", [names]) == batches.fingerprint("S", [names.astype("<U30")])
    assert batches.fingerprint("S", [names]) != batches.fingerprint("S", [names[::-1]])
    assert batches.fingerprint("S", [names]) != batches.fingerprint("T", [names])
    dates = np.array(["2016-05-31", "NaT"], dtype="datetime64[D]")
    assert batches.fingerprint("S", [dates]) != batches.fingerprint("S", [dates[::-1]])


def test_every_row_of_every_kind_is_in_one_batch(demo_dir):
    G = graphmodel.read_dataset(demo_dir)
    for kind in NODE_KINDS:
        index = np.concatenate([b.index for b in batches.node_batches(G, kind, 3)])
        assert sorted(index.tolist()) == list(range(len(G.ids(kind.name))))
    for edge in EDGE_KINDS:
        found = batches.edge_batches(G, edge, 3)
        size = len(G.ids(edge.source)) if edge.link is None else len(G.edges(edge)[0])
        assert sorted(np.concatenate([b.index for b in found]).tolist()) == list(range(size))
    keys = batches.all_batches(G, 3)
    assert len(keys) == len(set(keys)) and all(len(f) == 64 for f in keys.values())

"""The embedded store: a faithful round trip, safe to open, refused when foreign."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

import graphmodel
from graphmodel import StoreError, open_store, write_store
from graphmodel.io.store import FORMAT_VERSION


def demo():
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


def test_round_trip_keeps_every_array(store):
    G = demo()
    write_store(G, store, source="demo")
    H = open_store(store)
    assert sorted(H.keys()) == sorted(G.keys())
    for key in G.keys():
        a, b = G.array(key), H.array(key)
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=False) or \
            (a.dtype.kind == "M" and np.array_equal(a.astype("i8"), b.astype("i8"))), key
    assert H.columns == G.columns
    assert H.meta["source"] == "demo" and H.meta["counts"] == G.counts()
    assert graphmodel.uncovered(H) == graphmodel.uncovered(G)


def test_store_is_a_zip_of_npy_arrays_without_pickles(store):
    write_store(demo(), store)
    with zipfile.ZipFile(store) as archive:
        names = archive.namelist()
        assert names[0] == "meta.json"
        for name in names[1:]:
            assert name.endswith(".npy")
            with archive.open(name) as f:  # would raise if an array needed pickle
                np.lib.format.read_array(f, allow_pickle=False)


def test_personal_numbers_are_stored_masked_only(store):
    write_store(demo(), store)
    raw = store.read_bytes()
    for number in ("469021198001011230", "469021197503152346"):
        assert number.encode("utf-32-le") not in raw and number.encode() not in raw
    assert open_store(store).column("member", "id_number")[0] == "**************1230"


def _rewrite_meta(store, **changes):
    with zipfile.ZipFile(store) as src:
        members = {n: src.read(n) for n in src.namelist()}
    meta = json.loads(members["meta.json"]) | changes
    members["meta.json"] = json.dumps(meta).encode()
    with zipfile.ZipFile(store, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)


def test_store_of_an_older_version_is_refused(store):
    write_store(demo(), store)
    _rewrite_meta(store, version=FORMAT_VERSION - 1)
    with pytest.raises(StoreError, match="older version of graphmodel.*seed` again"):
        open_store(store)


def test_a_file_that_is_not_a_store_is_refused(store):
    store.parent.mkdir(parents=True)
    store.write_text("id,name\n")
    with pytest.raises(StoreError, match="is not a graphmodel store"):
        open_store(store)


def test_a_missing_store_says_to_seed(store):
    with pytest.raises(StoreError, match="no store at .*graphmodel seed"):
        open_store(store)


def test_write_leaves_no_temporary_files(store):
    write_store(demo(), store)
    write_store(demo(), store)
    assert [p.name for p in store.parent.iterdir()] == [store.name]


def test_columns_are_read_lazily(store):
    write_store(demo(), store)
    H = open_store(store)
    graphmodel.isolated(H)
    loaded = set(H._arrays._loaded)
    assert "entity/type" not in loaded and "member/lost_contact" in loaded


def test_to_networkx_carries_nodes_edges_and_properties():
    nxg = graphmodel.to_networkx(demo())
    assert nxg.number_of_nodes() == 49
    assert nxg.nodes["PartyMember:P01"]["id_number"] == "**************1230"
    assert nxg.has_edge("PartyOrganisation:O04", "MarketEntity:E08", key="COVERS")
    assert nxg.edges["PartyMember:P10", "PartyOrganisation:O05", "MEMBER_OF"]["role"] == "secretary"
    assert nxg.has_edge("MarketEntity:E05", "MarketEntity:E10", key="TRADES_IN")

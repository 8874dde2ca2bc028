"""The plan's invariants on random datasets (the random-dataset strategy of the
parity and fuzz tests, with more members than entities so that branches can form)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

import graphmodel
from graphmodel.planning.places import Places

from .datasets import append_files, random_dataset

EXAMPLES = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))


def _plan(seed: int, size: int, members: int, by: str = "city"):
    work = Path(tempfile.mkdtemp())
    root = random_dataset(work / "ds", seed, size=size, members=members)
    G = graphmodel.read_dataset(root)
    return work, root, G, graphmodel.plan(G, by=by)


@EXAMPLES
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(5, 40), density=st.integers(1, 4))
def test_formation_invariants(seed, size, density):
    _, _, G, p = _plan(seed, size, size * density)
    places = Places(graphmodel.regions(G))
    with_members = {r["id"]: r for r in graphmodel.uncovered(G, min_members=1)}
    rows = list(p.formations)
    # Every uncovered entity with members appears once, and nothing else does.
    assert sorted(r["entity_id"] for r in rows) == sorted(with_members)
    assert all(r["members"] == with_members[r["entity_id"]]["members"] for r in rows)
    # Standalone exactly when 3 or more.
    assert all((r["formation"] == "standalone") == (r["members"] >= 3) for r in rows)
    # Each regional group lies in one town and employs 3 or more members.
    groups: dict[str, list[dict]] = {}
    for r in rows:
        assert (r["formation"] == "regional") == (r["group"] is not None)
        if r["group"] is not None:
            groups.setdefault(r["group"], []).append(r)
    for members in groups.values():
        assert len({r["region_id"] for r in members}) == 1
        assert sum(r["members"] for r in members) >= 3
    # Affiliated organisations exist and lie in the entity's town or above it.
    existing = {o["id"]: o for o in graphmodel.organisations(G)}
    left: dict[str, int] = {}
    for r in rows:
        if r["formation"] != "affiliated":
            continue
        chain = places.chain(r["region_id"])
        if r["organisation_id"] is None:
            assert not any(o["region_id"] in chain for o in existing.values())
        else:
            assert existing[r["organisation_id"]]["region_id"] in chain
        left[r["region_id"]] = left.get(r["region_id"], 0) + r["members"]
    # The leftover rule: what a town leaves to affiliate could not form a branch.
    assert all(n < 3 for n in left.values())
    # Deterministic: the same data, the same plan.
    again = graphmodel.plan(G, by="city")
    assert list(again.formations) == rows and list(again.guidance) == list(p.guidance)
    assert list(again.registrations) == list(p.registrations)


@EXAMPLES
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(5, 30), density=st.integers(1, 4))
def test_stations_and_instructors_invariants(seed, size, density):
    _, _, G, p = _plan(seed, size, size * density)
    unregistered = {m["id"] for m in graphmodel.members(G, floating=True) if not m["registered_at"]}
    assert sorted(r["member_id"] for r in p.registrations) == sorted(unregistered)
    liaison = {s["id"] for s in graphmodel.station_list(G, kind="liaison_station")}
    assert {r["station_id"] for r in p.registrations} <= liaison | {s["id"] for s in p.stations}
    unguided = {o["id"] for o in graphmodel.organisations(G) if o["instructors"] == 0}
    unguided |= {o["id"] for o in p.organisations}
    guided = [g["organisation_id"] for g in p.guidance]
    assert len(guided) == len(set(guided)) and set(guided) <= unguided
    assert len(unguided) - len(guided) == sum(n["organisations"] for n in p.needs)


@EXAMPLES
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(5, 30), density=st.integers(1, 4))
def test_applying_the_out_files_gives_the_summarys_after(seed, size, density):
    work, root, G, p = _plan(seed, size, size * density)
    p.write(work / "out")
    applied = graphmodel.read_dataset(append_files(root, work / "out", work / "applied"))
    after = {r["id"]: r for r in graphmodel.report_by(applied, by="city")}
    for row in p.summary:
        assert after[row["id"]]["covered_entities"] == row["covered_after"]
        assert after[row["id"]]["organisations"] == row["organisations_after"]
    unplaced = {r["entity_id"] for r in p.formations if r["organisation_id"] is None}
    assert {r["id"] for r in graphmodel.uncovered(applied, min_members=1)} == unplaced

"""members, stations and instructors on Neo4j (cypher/queries/{members,stations,
instructors}.cypher) answer exactly as the embedded functions: same rows, same values
and types (True is not 1, None is not [] and a date is its ISO text), on the demo, on
the hand-made dataset of tests/test_people.py and on random datasets, with every
filter and both edges of the organisational-life window."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

import graphmodel
from graphmodel import instructors, members, stations
from graphmodel.backends.neo4j import push
from graphmodel.backends.neo4j.source import Neo4jDatabase
from graphmodel.model.schema import Channel

from ..test_people import MEMBER_ARGUMENTS, people_dataset

pytestmark = pytest.mark.neo4j

TYPES = [None, "small_micro", ["individual", "market"], "enterprise"]
FLAGS = ("floating", "pocket", "hidden", "lost_contact", "unattached", "no_org_life")


def exact(rows) -> str:
    """The rows with their types: json tells True from 1 and None from []."""
    return json.dumps([list(rows.columns), rows], ensure_ascii=False)


def argument_sets(G) -> dict[str, list[dict]]:
    regions = [None, *G.ids("region").tolist()]
    names = {*regions, *G.column("region", "name").tolist()}
    member_sets = [dict(a) for a in MEMBER_ARGUMENTS if a.get("region") in names]
    member_sets += [{"region": r} for r in regions]
    member_sets += [{f: True} for f in FLAGS] + [{"found_via": c.value} for c in Channel]
    member_sets += [{"employer_types": t} for t in TYPES]
    member_sets += [{"region": r, f: True, "as_of": dt.date(2016, 3, 1)}
                    for r in regions[:4] for f in FLAGS]
    # The window's edges around every meeting date: on it, 182 and 183 days after it.
    last = G.column("member", "last_org_life")
    days = sorted({d.item() for d in last[~np.isnat(last)]})[:15]
    for day in days:
        for later in (0, 182, 183, -1):
            member_sets.append({"no_org_life": True, "as_of": day + dt.timedelta(days=later)})
    return {
        "members": member_sets,
        "stations": [{"by": by, "region": r} for by in ("city", "county", "town")
                     for r in regions],
        "instructors": [{"region": r} for r in regions],
    }


def assert_same(G, db):
    questions = {"members": members, "stations": stations, "instructors": instructors}
    for name, sets in argument_sets(G).items():
        for args in sets:
            embedded, neo4j = questions[name](G, **args), questions[name](db, **args)
            assert exact(neo4j) == exact(embedded), (name, args)


def test_demo(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    db = Neo4jDatabase(neo4j_driver)
    assert_same(G, db)
    # Spot checks against seeds/demo, on Neo4j itself.
    assert [r["id"] for r in members(db, floating=True)] == ["P04", "P09", "P12"]
    assert [r["id"] for r in members(db, no_org_life=True, region="定安县")] == [
        "P03", "P04", "P05", "P07", "P12"]          # the date push recorded: 2016-06-16
    assert [(r["name"], r["stations"]) for r in stations(db, by="county")] == [
        ("定安县", 3), ("吉阳区", 0)]


def test_hand_made(neo4j_driver, tmp_path):
    G = graphmodel.read_dataset(people_dataset(tmp_path / "ds"))
    push.push(G, neo4j_driver)
    db = Neo4jDatabase(neo4j_driver)
    assert_same(G, db)
    assert [r["id"] for r in stations(db, by="county")] == ["K1", "K2", "K3"]
    assert [(r["id"], r["organisations"]) for r in instructors(db)][1:3] == [
        ("N2", []), ("N3", ["O3"])]


# Random datasets: tests/neo4j/test_parity.py runs every question of the catalogue,
# these included, on twelve of them.

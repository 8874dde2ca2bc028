"""The gap queries, each on a small hand-made graph whose answer is obvious."""

from __future__ import annotations

import datetime as dt

import pytest

import graphmodel
from graphmodel import QueryError, isolated, report, uncovered

from .datasets import entity, member, organisation, region, write_dataset

TREE = [region("P", level="province"), region("C1", "P", "city"), region("C2", "P", "city"),
        region("T1", "C1", "town"), region("T2", "C2", "town")]


@pytest.fixture
def graph(tmp_path):
    def build(**tables):
        tables.setdefault("region", TREE)
        return graphmodel.read_dataset(write_dataset(tmp_path / "ds", **tables))
    return build


def ids(rows):
    return [r["id"] for r in rows]


def test_uncovered_excludes_covered_and_doubly_covered(graph):
    G = graph(entity=[entity("A", "T1"), entity("B", "T1"), entity("C", "T2")],
              organisation=[organisation("O1", "T1"), organisation("O2", "T2")],
              coverage=[{"organisation_id": "O1", "entity_id": "B"},
                        {"organisation_id": "O2", "entity_id": "B"},
                        {"organisation_id": "O2", "entity_id": "C"}])
    assert ids(uncovered(G)) == ["A"]


def test_uncovered_rows_are_sorted_by_id_and_count_employed_members(graph):
    G = graph(entity=[entity("Z", "T1"), entity("A", "T1"), entity("M", "T2")],
              member=[member("m1", "T1", employer_id="A"), member("m2", "T1", employer_id="A"),
                      member("m3", "T2", employer_id="M"), member("m4", "T2")])
    rows = uncovered(G)
    assert [(r["id"], r["members"]) for r in rows] == [("A", 2), ("M", 1), ("Z", 0)]
    assert set(rows[0]) >= {"id", "name", "type", "region_id", "members"}


def test_uncovered_region_filter_takes_the_whole_subtree(graph):
    G = graph(entity=[entity("a", "C1"), entity("b", "T1"), entity("c", "T2"), entity("d", "P")])
    assert ids(uncovered(G, region="C1")) == ["a", "b"]
    assert ids(uncovered(G, region="T2")) == ["c"]
    assert ids(uncovered(G, region="P")) == ["a", "b", "c", "d"]


def test_uncovered_type_and_industry_filters(graph):
    G = graph(industry=[{"id": "I1", "name": "fishing"}, {"id": "I2", "name": "retail"}],
              entity=[entity("a", "T1", "individual", industry_id="I1"),
                      entity("b", "T1", "small_micro", industry_id="I1"),
                      entity("c", "T1", "individual", industry_id="I2"),
                      entity("d", "T1", "individual")])
    assert ids(uncovered(G, type="individual")) == ["a", "c", "d"]
    assert ids(uncovered(G, industry="I1")) == ["a", "b"]
    assert ids(uncovered(G, type="individual", industry="I1", region="C1")) == ["a"]


@pytest.mark.parametrize("kwargs, message", [
    ({"region": "nowhere"}, "no region with id, name or code 'nowhere'"),
    ({"industry": "none"}, "no industry with id 'none'"),
    ({"type": "shop"}, "unknown entity type 'shop'"),
])
def test_uncovered_refuses_names_that_match_nothing(graph, kwargs, message):
    G = graph(entity=[entity("a", "T1")])
    with pytest.raises(QueryError, match=message):
        uncovered(G, **kwargs)


def test_uncovered_min_members_keeps_the_candidates_for_a_branch(graph):
    G = graph(entity=[entity("a", "T1"), entity("b", "T1"), entity("c", "T1")],
              member=[member(f"m{i}", "T1", employer_id=e)
                      for i, e in enumerate(["a", "a", "a", "b", "b", "c"])])
    assert [(r["id"], r["members"]) for r in uncovered(G, min_members=2)] == [("a", 3), ("b", 2)]
    assert ids(uncovered(G, min_members=3)) == ["a"]


def test_report_covered_industries_ethnicity_and_unrevealed_members(graph):
    G = graph(industry=[{"id": f"I{i}", "name": str(i)} for i in range(3)],
              entity=[entity("a", "T1", industry_id="I0"), entity("b", "T1", industry_id="I1"),
                      entity("c", "T1", industry_id="I1"), entity("d", "T1", industry_id="I2"),
                      entity("e", "T1")],
              organisation=[organisation("O", "T1")],
              coverage=[{"organisation_id": "O", "entity_id": x} for x in "abce"],
              member=[member("m1", "T1", ethnicity="黎族", floating="yes", hidden="yes"),
                      member("m2", "T1", ethnicity="黎族", pocket="yes"),
                      member("m3", "T2", ethnicity="汉族"), member("m4", "T1")])
    r = report(G)
    assert r["covered_industries"] == 2  # I0 and I1; d (I2) is uncovered, e has none
    assert r["members"]["floating_pocket_or_hidden"] == 2
    assert r["members"]["ethnicity"] == {"汉族": 1, "黎族": 2}
    assert report(G, region="C1")["members"]["ethnicity"] == {"黎族": 2}


def test_isolated_reasons(graph):
    G = graph(organisation=[organisation("O", "T1")],
              station=[{"id": "S", "name": "s", "kind": "liaison_station", "region_id": "T1"}],
              member=[member("in_org", "T1"), member("registered", "T1"),
                      member("lost_but_attached", "T1", lost_contact="yes"),
                      member("unattached", "T1"),
                      member("both", "T2", lost_contact="true")],
              memberships=[{"member_id": "in_org", "organisation_id": "O"},
                           {"member_id": "lost_but_attached", "organisation_id": "O"}],
              registrations=[{"member_id": "registered", "station_id": "S"}])
    assert [(r["id"], r["reasons"]) for r in isolated(G)] == [
        ("both", ["lost_contact", "unattached"]),
        ("lost_but_attached", ["lost_contact"]),
        ("unattached", ["unattached"]),
    ]
    assert ids(isolated(G, region="C2")) == ["both"]


def test_isolated_member_in_two_organisations_is_reached(graph):
    G = graph(organisation=[organisation("O1", "T1"), organisation("O2", "T2")],
              member=[member("m", "T1")],
              memberships=[{"member_id": "m", "organisation_id": "O1"},
                           {"member_id": "m", "organisation_id": "O2"}])
    assert isolated(G) == []


def test_report_counts_and_rate(graph):
    G = graph(entity=[entity("a", "T1", "small_micro"), entity("b", "T1", "individual"),
                      entity("c", "T2", "market"), entity("d", "T2", "enterprise")],
              organisation=[organisation("O1", "T1"), organisation("K", "C1", "committee")],
              coverage=[{"organisation_id": "O1", "entity_id": "a"},
                        {"organisation_id": "O1", "entity_id": "b"}])
    r = report(G)
    assert r["entities"] == {"small_micro": 1, "individual": 1, "market": 1, "enterprise": 1,
                             "total": 4}
    assert (r["covered_entities"], r["coverage_rate"]) == (2, 0.5)
    assert r["organisations"]["total"] == 2 and r["organisations"]["branches"] == 1
    assert report(G, region="C2")["coverage_rate"] == 0.0


def test_report_with_types_scopes_organisations_and_members_by_the_entities(graph):
    G = graph(entity=[entity("a", "T1", "small_micro"), entity("b", "T1", "individual")],
              organisation=[organisation("Oa", "T1"), organisation("Ob", "T1"),
                            organisation("idle", "T1")],
              coverage=[{"organisation_id": "Oa", "entity_id": "a"},
                        {"organisation_id": "Ob", "entity_id": "b"}],
              member=[member("ma", "T2", employer_id="a", floating="yes"),
                      member("mb", "T1", employer_id="b", pocket="yes"),
                      member("free", "T1", hidden="yes")],
              memberships=[{"member_id": "ma", "organisation_id": "Oa"},
                           {"member_id": "mb", "organisation_id": "Ob"}])
    r = report(G, types=["small_micro"])
    assert r["organisations"] == {"total": 1, "branches": 1, "members": 1}
    # Employed by an in-scope entity counts, wherever the member is located.
    assert r["members"]["total"] == 1 and r["members"]["floating"] == 1
    assert report(G, region="C1", types=["small_micro"])["members"]["total"] == 1
    everyone = report(G, region="C1")
    assert everyone["members"]["total"] == 2 and everyone["members"]["hidden"] == 1
    assert everyone["organisations"]["total"] == 3


def test_report_organisational_life_window_is_183_days_up_to_as_of(graph):
    as_of = dt.date(2016, 6, 16)
    dates = {"edge_out": as_of - dt.timedelta(days=183), "edge_in": as_of - dt.timedelta(days=182),
             "on_day": as_of, "after": as_of + dt.timedelta(days=1), "never": None}
    G = graph(member=[member(k, "T1", last_org_life=v.isoformat() if v else None)
                      for k, v in dates.items()])
    assert report(G, as_of=as_of)["members"]["org_life"] == 2


def test_report_stations_and_instructors_by_region(graph):
    G = graph(agency=[{"id": "A1", "name": "bureau", "kind": "bureau", "region_id": "C1"},
                      {"id": "A2", "name": "office", "kind": "office", "region_id": "T2"}],
              station=[{"id": "S1", "name": "s", "kind": "liaison_station", "region_id": "T1"},
                       {"id": "S2", "name": "d", "kind": "consultation_desk", "region_id": "T1"},
                       {"id": "S3", "name": "s", "kind": "liaison_station", "region_id": "T2"}],
              instructor=[{"id": "I1", "name": "i", "agency_id": "A1"},
                          {"id": "I2", "name": "j", "agency_id": "A2"},
                          {"id": "I3", "name": "k"}])
    r = report(G, region="C1")
    assert r["stations"] == {"liaison_station": 1, "consultation_desk": 1}
    assert r["instructors"] == 1
    assert report(G)["instructors"] == 2  # I3 has no agency, so no location


def test_report_of_an_empty_scope_has_no_rate(graph):
    G = graph(entity=[entity("a", "T1")])
    assert report(G, region="C2")["coverage_rate"] is None


def test_demo_answers():
    """The bundled demo dataset, with its answers worked out by hand (see seeds/demo/README.md)."""
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    assert [(r["id"], r["members"]) for r in uncovered(G)] == [
        ("E02", 2), ("E03", 1), ("E07", 1), ("E09", 0)]
    assert [(r["id"], r["reasons"]) for r in isolated(G)] == [
        ("P05", ["unattached"]), ("P07", ["lost_contact"]), ("P09", ["lost_contact", "unattached"])]
    r = report(G, as_of=dt.date(2016, 6, 16))
    assert r["entities"] == {"small_micro": 4, "individual": 4, "market": 1, "enterprise": 1,
                             "total": 10}
    assert (r["covered_entities"], r["coverage_rate"]) == (6, 0.6)
    assert r["organisations"] == {"total": 6, "branches": 4, "members": 7}
    assert r["members"] == {"total": 12, "floating": 3, "pocket": 1, "hidden": 1,
                            "lost_contact": 2, "found": 8, "org_life": 4,
                            "floating_pocket_or_hidden": 5, "ethnicity": {"汉族": 9, "黎族": 3}}
    assert r["covered_industries"] == 3
    assert r["stations"] == {"liaison_station": 3, "consultation_desk": 1}
    assert r["instructors"] == 2
    market = report(G, region="R-SY", types=["individual", "market"], as_of=dt.date(2016, 6, 16))
    assert market["entities"]["total"] == 4 and market["covered_entities"] == 3
    assert market["organisations"] == {"total": 1, "branches": 1, "members": 2}

"""The definitions of coverage, report_by, members, stations and instructors, on
hand-made data (their Neo4j twins are held to the same answers by the parity tests)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import graphmodel
from graphmodel import coverage, instructors, members, report, report_by, stations

from .datasets import entity, member, organisation, region, write_dataset

REGIONS = [region("P", level="province"), region("C", "P", "city"),
           region("K1", "C", "county", name="甲县"), region("K2", "C", "county", name="乙县"),
           region("T1", "K1", "town", name="一镇"), region("T2", "K1", "town", name="二镇"),
           region("T3", "K2", "town", name="三镇")]


@pytest.fixture
def G(tmp_path):
    return graphmodel.read_dataset(write_dataset(
        tmp_path / "ds", region=REGIONS,
        industry=[{"id": "I1", "name": "餐饮"}, {"id": "I2", "name": "制药"}],
        agency=[{"id": "A1", "name": "甲县工商局", "kind": "bureau", "region_id": "K1"},
                {"id": "A2", "name": "三镇工商所", "kind": "office", "region_id": "T3"}],
        entity=[entity("E1", "T1", industry_id="I1"), entity("E2", "T1", "individual", industry_id="I1"),
                entity("E3", "K1", "individual", industry_id="I2"),   # directly in a county
                entity("E4", "T3", "market"), entity("E5", "C", "enterprise")],  # in the city
        organisation=[organisation("O1", "T1"), organisation("O2", "K1", "committee"),
                      organisation("O3", "T3")],
        coverage=[{"organisation_id": "O1", "entity_id": "E1"},
                  {"organisation_id": "O1", "entity_id": "E2"},
                  {"organisation_id": "O3", "entity_id": "E4"}],
        member=[member("M1", "T1", employer_id="E1", floating=True, last_org_life="2016-05-01"),
                member("M2", "T1", employer_id="E2", found_via="visit",
                       last_org_life="2015-12-01"),   # exactly 183 days before as-of: outside
                member("M3", "K1", lost_contact=True, last_org_life="2015-12-02"),  # 182: inside
                member("M4", "T3", employer_id="E4", floating=True, pocket=True),
                member("M5", "T2", hidden=True, employer_id="E1")],
        memberships=[{"member_id": "M1", "organisation_id": "O1"},
                     {"member_id": "M1", "organisation_id": "O2"},
                     {"member_id": "M5", "organisation_id": "O1"}],
        station=[{"id": "S1", "name": "一镇联络站", "kind": "liaison_station", "region_id": "T1",
                  "agency_id": "A1"},
                 {"id": "S2", "name": "甲县咨询台", "kind": "consultation_desk", "region_id": "K1"}],
        registrations=[{"member_id": "M4", "station_id": "S1"}],
        instructor=[{"id": "N1", "name": "张", "agency_id": "A1"},
                    {"id": "N2", "name": "李", "agency_id": "A2"},
                    {"id": "N3", "name": "王"}],
        guidance=[{"instructor_id": "N1", "organisation_id": "O2"},
                  {"instructor_id": "N1", "organisation_id": "O1"}],
    ))


AS_OF = dt.date(2016, 6, 1)


def column(rows, name):
    return [r[name] for r in rows]


# --- coverage ----------------------------------------------------------------------

def test_coverage_by_county_counts_entities_where_they_lie(G):
    rows = coverage(G, by="county")
    assert column(rows, "id") == ["K1", "K2"] and column(rows, "name") == ["甲县", "乙县"]
    assert column(rows, "entities") == [3, 1] and column(rows, "covered") == [2, 1]
    assert column(rows, "coverage_rate") == [2 / 3, 1.0]
    assert column(rows, "organisations") == [2, 1] and column(rows, "members") == [4, 1]
    for row in rows:   # each row is the report of its region
        figures = report(G, region=row["id"], as_of=AS_OF)
        assert (row["entities"], row["covered"], row["organisations"], row["members"]) == (
            figures["entities"]["total"], figures["covered_entities"],
            figures["organisations"]["total"], figures["members"]["total"])


def test_coverage_by_town_leaves_out_entities_above_towns(G):
    rows = coverage(G, by="town")
    assert column(rows, "id") == ["T1", "T3"]          # T2 has no entity: no row
    assert sum(column(rows, "entities")) == 3           # E3 (county) and E5 (city) count for no town
    assert column(coverage(G, by="town", region="K1"), "id") == ["T1"]
    assert coverage(G, by="county", region="T1") == []   # no county inside a town


def test_coverage_by_type_and_industry(G):
    by_type = {r["id"]: r for r in coverage(G, by="type")}
    assert list(by_type) == ["enterprise", "individual", "market", "small_micro"]
    assert by_type["individual"]["entities"] == 2 and by_type["individual"]["covered"] == 1
    assert by_type["individual"]["organisations"] == 1 and by_type["individual"]["members"] == 1
    assert by_type["small_micro"]["members"] == 2        # M1 and M5 work at E1
    assert sum(r["entities"] for r in by_type.values()) == 5
    by_industry = coverage(G, by="industry")
    assert [(r["id"], r["name"], r["entities"]) for r in by_industry] == [
        ("I1", "餐饮", 2), ("I2", "制药", 1)]              # entities without one: no row


def test_coverage_with_types_scopes_organisations_and_members(G):
    [k1] = coverage(G, by="county", region="K1", types="individual")
    assert (k1["entities"], k1["covered"], k1["organisations"], k1["members"]) == (2, 1, 1, 1)


def test_report_by_rows_are_the_reports_of_each_region(G):
    for level in ("city", "county", "town"):
        rows = report_by(G, by=level, as_of=AS_OF)
        assert column(rows, "id") == [r["id"] for r in graphmodel.regions(G, level=level)]
        for row in rows:
            figures = report(G, region=row["id"], as_of=AS_OF)
            assert row["entities"] == figures["entities"]["total"]
            assert row["org_life"] == figures["members"]["org_life"]
            assert row["liaison_station"] == figures["stations"]["liaison_station"]
            assert row["instructors"] == figures["instructors"]


def test_coverage_totals_equal_the_report_in_cli(tmp_path):
    store = tmp_path / "s.gmz"
    graphmodel.seed("demo", store)
    from typer.testing import CliRunner

    from graphmodel.cli import app

    run = CliRunner().invoke
    rows = json.loads(run(app, ["query", "coverage", "--by", "county", "-f", "json",
                                "--store", str(store)]).stdout)
    table = run(app, ["query", "coverage", "--by", "county", "--store", str(store)]).stdout
    total = [line for line in table.splitlines() if line.startswith("total")]
    assert total and total[0].split()[1:3] == [str(sum(r["entities"] for r in rows)),
                                               str(sum(r["covered"] for r in rows))]
    assert table.rstrip().endswith("2 groups")           # the total row is not counted
    assert "total" not in json.dumps(rows)               # and not in JSON


# --- members -----------------------------------------------------------------------

def test_members_filters_combine(G):
    assert column(members(G), "id") == ["M1", "M2", "M3", "M4", "M5"]
    assert column(members(G, floating=True), "id") == ["M1", "M4"]
    assert column(members(G, floating=True, pocket=True), "id") == ["M4"]
    assert column(members(G, hidden=True), "id") == ["M5"]
    assert column(members(G, lost_contact=True), "id") == ["M3"]
    assert column(members(G, unattached=True), "id") == ["M2", "M3"]   # M4 is registered
    assert column(members(G, found_via="visit"), "id") == ["M2"]
    assert column(members(G, employer_type="individual"), "id") == ["M2"]
    assert column(members(G, employer_types=["small_micro", "market"]), "id") == ["M1", "M4", "M5"]
    assert column(members(G, region="K1"), "id") == ["M1", "M2", "M3", "M5"]
    assert column(members(G, region="一镇", floating=True), "id") == ["M1"]


def test_members_no_org_life_window_edges(G):
    # As of 2016-06-01 the window is (2015-12-01, 2016-06-01]: 183 days back is outside.
    assert column(members(G, no_org_life=True, as_of=AS_OF), "id") == ["M2", "M4", "M5"]
    assert column(members(G, no_org_life=True, as_of="2016-05-31"), "id") == ["M4", "M5"]
    # A last meeting after the as-of date is not in the window either.
    assert "M1" in column(members(G, no_org_life=True, as_of="2016-04-30"), "id")


def test_member_rows_name_places_and_never_the_id_number(G):
    [m1] = members(G, region="T1", floating=True)
    assert m1 == {"id": "M1", "name": "member M1", "region_id": "T1", "region_name": "一镇",
                  "employer_id": "E1", "employer_name": "entity E1", "floating": True,
                  "pocket": False, "hidden": False, "lost_contact": False, "found_via": None,
                  "last_org_life": "2016-05-01", "organisations": ["O1", "O2"],
                  "registered_at": []}
    assert "id_number" not in members(G).columns


# --- stations and instructors -----------------------------------------------------------

def test_stations_per_region_keep_regions_without_one(G):
    rows = stations(G, by="town")
    assert [(r["id"], r["stations"], r["liaison_station"], r["registered_members"],
             r["floating_members"]) for r in rows] == [
        ("T1", 1, 1, 1, 1), ("T2", 0, 0, 0, 0), ("T3", 0, 0, 0, 1)]
    assert [(r["id"], r["stations"], r["consultation_desk"])
            for r in stations(G, by="county")] == [("K1", 2, 1), ("K2", 0, 0)]


def test_instructors_and_their_load(G):
    rows = instructors(G)
    assert [(r["id"], r["agency_name"], r["region_id"], r["organisations_guided"],
             r["organisations"]) for r in rows] == [
        ("N1", "甲县工商局", "K1", 2, ["O1", "O2"]), ("N2", "三镇工商所", "T3", 0, []),
        ("N3", None, None, 0, [])]
    assert column(instructors(G, region="K2"), "id") == ["N2"]


def test_organisations_count_what_each_covers_holds_and_is_guided_by(G):
    rows = graphmodel.organisations(G)
    assert [(r["id"], r["level"], r["covered_entities"], r["members"], r["instructors"])
            for r in rows] == [("O1", "branch", 2, 2, 1), ("O2", "committee", 0, 1, 1),
                               ("O3", "branch", 1, 0, 0)]
    assert column(graphmodel.organisations(G, region="K2"), "id") == ["O3"]
    assert column(graphmodel.organisations(G, level="committee"), "id") == ["O2"]

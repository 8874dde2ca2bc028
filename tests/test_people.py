"""The definitions of members, stations and instructors (graphmodel/people.py), on a
hand-made dataset and on the demo checked by hand against seeds/demo/*.csv, and their
CLI commands. tests/neo4j/test_people_neo4j.py holds Neo4j to the same answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import graphmodel
from graphmodel import instructors, members, stations
from graphmodel.questions import catalogue
from graphmodel.model.schema import Channel, StationKind

from .datasets import entity, member, organisation, region, write_dataset

AS_OF = dt.date(2016, 6, 16)   # the window is (2015-12-16, 2016-06-16]


def people_dataset(root: Path) -> Path:
    """Counties with and without stations, a county straight under the province, a
    city without counties, members on both edges of the organisational-life window,
    instructors without organisations or without an agency."""
    return write_dataset(
        root,
        region=[region("P", level="province", name="海南"), region("C1", "P", "city", name="一市"),
                region("C2", "P", "city", name="二市"),
                region("K1", "C1", "county", name="甲县"), region("K2", "C1", "county", name="乙县"),
                region("K3", "P", "county", name="丙县"),
                region("T1", "K1", "town", name="一镇"), region("T2", "K1", "town", name="二镇"),
                region("T3", "K3", "town", name="三镇")],
        agency=[{"id": "A1", "name": "一镇工商所", "kind": "office", "region_id": "T1"},
                {"id": "A2", "name": "丙县工商局", "kind": "bureau", "region_id": "K3"},
                {"id": "A3", "name": "二市工商局", "kind": "bureau", "region_id": "C2"}],
        entity=[entity("E1", "T1"), entity("E2", "T2", "individual"), entity("E3", "K3", "market"),
                entity("E4", "C1", "enterprise")],
        organisation=[organisation("O1", "T1"), organisation("O2", "K1", "committee"),
                      organisation("O3", "T3")],
        member=[
            member("M01", "T1", employer_id="E1", floating=True, found_via="registration",
                   last_org_life="2016-06-16"),                     # on the as-of day: inside
            member("M02", "T1", employer_id="E2", pocket=True,
                   last_org_life="2015-12-16"),                     # 183 days before: outside
            member("M03", "T2", hidden=True, last_org_life="2015-12-17"),   # 182 days: inside
            member("M04", "K1", employer_id="E3", lost_contact=True, found_via="phone",
                   last_org_life="2016-06-17"),                     # after the as-of day
            member("M05", "T3", employer_id="E4", floating=True, lost_contact=True,
                   id_number="469021198001011230"),
            member("M06", "K3", employer_id="E1", found_via="visit", last_org_life="2016-01-01"),
            member("M07", "C2", floating=True),
            member("M08", "P", employer_id="E2", pocket=True, hidden=True),
        ],
        memberships=[{"member_id": "M01", "organisation_id": "O2"},
                     {"member_id": "M01", "organisation_id": "O1"},
                     {"member_id": "M06", "organisation_id": "O3"}],
        station=[{"id": "S1", "name": "一镇联络站", "kind": "liaison_station", "region_id": "T1",
                  "agency_id": "A1"},
                 {"id": "S2", "name": "一镇咨询台", "kind": "consultation_desk", "region_id": "T1"},
                 {"id": "S3", "name": "甲县联络站", "kind": "liaison_station", "region_id": "K1"},
                 {"id": "S4", "name": "三镇联络站", "kind": "liaison_station", "region_id": "T3"},
                 {"id": "S5", "name": "一市咨询台", "kind": "consultation_desk", "region_id": "C1"}],
        registrations=[{"member_id": "M05", "station_id": "S1"},
                       {"member_id": "M08", "station_id": "S1"},
                       {"member_id": "M08", "station_id": "S3"},
                       {"member_id": "M01", "station_id": "S4"}],
        instructor=[{"id": "N1", "name": "张", "agency_id": "A1"},
                    {"id": "N2", "name": "李", "agency_id": "A2"},
                    {"id": "N3", "name": "王"},
                    {"id": "N4", "name": "赵", "agency_id": "A3"}],
        guidance=[{"instructor_id": "N1", "organisation_id": "O2"},
                  {"instructor_id": "N1", "organisation_id": "O1"},
                  {"instructor_id": "N3", "organisation_id": "O3"},
                  {"instructor_id": "N4", "organisation_id": "O1"}],
    )


#: Argument sets the Neo4j test also runs (every filter, the window's edges).
MEMBER_ARGUMENTS = [
    {}, {"floating": True}, {"pocket": True}, {"hidden": True}, {"lost_contact": True},
    {"unattached": True}, {"floating": True, "lost_contact": True},
    {"pocket": True, "hidden": True}, {"found_via": "registration"}, {"found_via": "referral"},
    {"employer_types": "individual"}, {"employer_types": ["individual", "market"]},
    {"region": "K1"}, {"region": "丙县"}, {"region": "T1", "floating": True},
    {"no_org_life": True, "as_of": AS_OF}, {"no_org_life": True, "as_of": "2016-06-15"},
    {"no_org_life": True, "as_of": "2016-06-17"}, {"no_org_life": True},
    {"no_org_life": True, "unattached": True, "region": "P", "as_of": AS_OF},
]


@pytest.fixture(scope="module")
def G(tmp_path_factory):
    return graphmodel.read_dataset(people_dataset(tmp_path_factory.mktemp("people") / "ds"))


@pytest.fixture(scope="module")
def demo():
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


def ids(rows):
    return [r["id"] for r in rows]


# --- members -----------------------------------------------------------------------

def test_members_each_filter(G):
    assert ids(members(G)) == [f"M0{i}" for i in range(1, 9)]
    assert ids(members(G, floating=True)) == ["M01", "M05", "M07"]
    assert ids(members(G, pocket=True)) == ["M02", "M08"]
    assert ids(members(G, hidden=True)) == ["M03", "M08"]
    assert ids(members(G, lost_contact=True)) == ["M04", "M05"]
    # No MEMBER_OF and no REGISTERED_AT (M05 and M08 are registered only).
    assert ids(members(G, unattached=True)) == ["M02", "M03", "M04", "M07"]
    assert ids(members(G, found_via="registration")) == ["M01"]
    assert ids(members(G, found_via="referral")) == []
    assert ids(members(G, employer_types="small_micro")) == ["M01", "M06"]
    assert ids(members(G, employer_type="individual,market")) == ["M02", "M04", "M08"]
    assert ids(members(G, employer_types=["enterprise"])) == ["M05"]
    assert ids(members(G, region="K1")) == ["M01", "M02", "M03", "M04"]
    assert ids(members(G, region="丙县")) == ["M05", "M06"]
    assert ids(members(G, region="P")) == ids(members(G))
    assert ids(members(G, region="K2")) == []


def test_members_filters_combine_with_and(G):
    assert ids(members(G, floating=True, lost_contact=True)) == ["M05"]
    assert ids(members(G, pocket=True, hidden=True)) == ["M08"]
    assert ids(members(G, floating=True, unattached=True)) == ["M07"]
    assert ids(members(G, region="T1", floating=True)) == ["M01"]
    assert ids(members(G, region="K1", lost_contact=True, found_via="phone")) == ["M04"]
    assert ids(members(G, floating=True, employer_types="individual")) == []
    # False is no filter at all.
    assert members(G, floating=False, pocket=False, unattached=False) == members(G)


def test_members_no_org_life_window_edges(G):
    # (2015-12-16, 2016-06-16]: M02 met exactly 183 days before (outside), M03 182 days
    # before and M01 on the day (inside); M04 met after the as-of day; no date is none.
    assert ids(members(G, no_org_life=True, as_of=AS_OF)) == ["M02", "M04", "M05", "M07", "M08"]
    # A day earlier: M01's meeting is after the day, M02's is now 182 days before.
    assert ids(members(G, no_org_life=True, as_of="2016-06-15")) == [
        "M01", "M04", "M05", "M07", "M08"]
    # A day later: M03's meeting is exactly 183 days before, M04's is inside.
    assert ids(members(G, no_org_life=True, as_of="2016-06-17")) == [
        "M02", "M03", "M05", "M07", "M08"]
    # A dataset without a date: today, long after every meeting.
    assert ids(members(G, no_org_life=True)) == ids(members(G))
    # as_of alone filters nothing.
    assert members(G, as_of=AS_OF) == members(G)


def test_member_rows(G):
    rows = {r["id"]: r for r in members(G)}
    assert rows["M01"] == {
        "id": "M01", "name": "member M01", "region_id": "T1", "region_name": "一镇",
        "employer_id": "E1", "employer_name": "entity E1", "floating": True, "pocket": False,
        "hidden": False, "lost_contact": False, "found_via": "registration",
        "last_org_life": "2016-06-16", "organisations": ["O1", "O2"],   # sorted
        "registered_at": ["S4"]}
    assert rows["M07"] == {
        "id": "M07", "name": "member M07", "region_id": "C2", "region_name": "二市",
        "employer_id": None, "employer_name": None, "floating": True, "pocket": False,
        "hidden": False, "lost_contact": False, "found_via": None, "last_org_life": None,
        "organisations": [], "registered_at": []}
    assert rows["M05"]["organisations"] == [] and rows["M06"]["organisations"] == ["O3"]
    assert members(G).columns == catalogue.get("members").column_names
    assert not any("id_number" in c for c in members(G).columns)
    assert "469021198001011230" not in json.dumps(members(G))


def test_members_declaration():
    q = catalogue.get("members")
    assert [p.name for p in q.parameters] == [
        "region", "floating", "pocket", "hidden", "lost_contact", "unattached", "no_org_life",
        "found_via", "employer_types", "as_of"]
    kinds = {p.name: p.kind for p in q.parameters}
    assert kinds["region"] == "region" and kinds["as_of"] == "date"
    assert kinds["employer_types"] == "types" and kinds["found_via"] == "choice"
    assert {kinds[f] for f in ("floating", "pocket", "hidden", "lost_contact", "unattached",
                               "no_org_life")} == {"flag"}
    assert q.parameter("found_via").choices == tuple(c.value for c in Channel)
    employer = q.parameter("employer_types")
    assert employer.cli_option == "--employer-type" and employer.aliases == ("employer_type",)
    assert (q.cypher, q.noun, q.command) == ("members", "members", ("query", "members"))


def test_members_bad_arguments(G):
    with pytest.raises(graphmodel.QueryError, match="found_via: expected one of registration"):
        members(G, found_via="radio")
    with pytest.raises(graphmodel.QueryError, match="floating: expected True or False"):
        members(G, floating="yes")
    with pytest.raises(graphmodel.QueryError, match="unknown entity type 'shop'"):
        members(G, employer_type="shop")
    with pytest.raises(graphmodel.QueryError, match="not both"):
        members(G, employer_type="market", employer_types="market")
    with pytest.raises(graphmodel.QueryError, match="no region"):
        members(G, region="X")


def test_members_on_the_demo(demo):
    # Checked by hand against seeds/demo/members.csv, memberships.csv, registrations.csv.
    assert ids(members(demo, floating=True)) == ["P04", "P09", "P12"]
    assert ids(members(demo, lost_contact=True)) == ["P07", "P09"]
    assert ids(members(demo, unattached=True)) == ["P05", "P09"]
    assert ids(members(demo, found_via="referral")) == ["P06", "P11"]
    assert ids(members(demo, employer_types="individual")) == ["P06", "P08", "P09"]
    # The dataset's date, 2016-06-16: P07 met exactly 183 days before, P10 the day after.
    assert ids(members(demo, no_org_life=True)) == [
        "P03", "P04", "P05", "P07", "P09", "P10", "P11", "P12"]
    assert ids(members(demo, region="R-DA", no_org_life=True)) == [
        "P03", "P04", "P05", "P07", "P12"]
    # A day later P10's meeting (2016-06-17) is inside.
    assert "P10" not in ids(members(demo, no_org_life=True, as_of="2016-06-17"))
    [p10] = members(demo, region="R-SY", no_org_life=True, pocket=False, hidden=False,
                    employer_type="small_micro")
    assert p10["id"] == "P10" and p10["organisations"] == ["O04", "O05"]


# --- stations ----------------------------------------------------------------------

def stations_rows(rows):
    return [(r["id"], r["name"], r["stations"], r["liaison_station"], r["consultation_desk"],
             r["registered_members"], r["floating_members"]) for r in rows]


def test_stations_by_county_keep_counties_without_one(G):
    assert stations_rows(stations(G, by="county")) == [
        # K1: S1, S2 in T1 and S3 in K1; M05 and M08 registered (M08 twice); M01 floats.
        ("K1", "甲县", 3, 2, 1, 2, 1),
        ("K2", "乙县", 0, 0, 0, 0, 0),        # no station: the row the analyst looks for
        ("K3", "丙县", 1, 1, 0, 1, 1)]        # S4 in T3; M01 registered there; M05 floats
    assert stations(G) == stations(G, by="county")


def test_stations_by_town_and_city(G):
    assert stations_rows(stations(G, by="town")) == [
        ("T1", "一镇", 2, 1, 1, 2, 1), ("T2", "二镇", 0, 0, 0, 0, 0), ("T3", "三镇", 1, 1, 0, 1, 1)]
    # S5 lies in C1 above every county: it counts for C1 only; M07 floats in C2.
    assert stations_rows(stations(G, by="city")) == [
        ("C1", "一市", 4, 2, 2, 2, 1), ("C2", "二市", 0, 0, 0, 0, 1)]


def test_stations_rows_are_the_regions_of_the_level_inside_region(G):
    assert ids(stations(G, by="county", region="C1")) == ["K1", "K2"]
    assert ids(stations(G, by="county", region="丙县")) == ["K3"]    # the region itself
    assert ids(stations(G, by="county", region="P")) == ["K1", "K2", "K3"]
    assert stations(G, by="county", region="T1") == []             # no county in a town
    assert stations(G, by="town", region="K2") == []
    assert stations(G, by="town", region="K1")[0]["stations"] == 2


def test_stations_columns_and_declaration(G):
    q = catalogue.get("stations")
    assert q.column_names == ("id", "name", "stations", *(k.value for k in StationKind),
                              "registered_members", "floating_members")
    assert stations(G).columns == q.column_names
    assert q.parameter("by").choices == ("city", "county", "town")
    assert (q.cypher, q.noun, q.command) == ("stations", "regions", ("query", "stations"))
    with pytest.raises(graphmodel.QueryError, match="by: expected one of city, county, town"):
        stations(G, by="province")


def test_stations_on_the_demo(demo):
    # S03 lies in the city 三亚市, above 吉阳区: 吉阳区 has no station.
    assert stations_rows(stations(demo, by="county")) == [
        ("R-DA", "定安县", 3, 2, 1, 2, 2), ("R-SY-JY", "吉阳区", 0, 0, 0, 0, 1)]
    assert stations_rows(stations(demo, by="city")) == [("R-SY", "三亚市", 1, 1, 0, 1, 1)]
    assert stations_rows(stations(demo, by="town")) == [
        ("R-DA-DC", "定城镇", 2, 1, 1, 2, 0), ("R-DA-LH", "龙湖镇", 1, 1, 0, 0, 1)]


# --- instructors -------------------------------------------------------------------

def test_instructors_and_their_load(G):
    assert [tuple(r.values()) for r in instructors(G)] == [
        ("N1", "张", "A1", "一镇工商所", "T1", "一镇", 2, ["O1", "O2"]),
        ("N2", "李", "A2", "丙县工商局", "K3", "丙县", 0, []),       # guides none
        ("N3", "王", None, None, None, None, 1, ["O3"]),           # no agency
        ("N4", "赵", "A3", "二市工商局", "C2", "二市", 1, ["O1"])]
    assert instructors(G).columns == catalogue.get("instructors").column_names


def test_instructors_in_a_region_are_those_of_its_agencies(G):
    assert ids(instructors(G, region="K1")) == ["N1"]
    assert ids(instructors(G, region="丙县")) == ["N2"]
    assert ids(instructors(G, region="C2")) == ["N4"]
    assert ids(instructors(G, region="P")) == ["N1", "N2", "N4"]   # N3 lies nowhere
    assert instructors(G, region="K2") == []


def test_instructors_on_the_demo(demo):
    assert [(r["id"], r["agency_id"], r["region_name"], r["organisations"])
            for r in instructors(demo)] == [
        ("I01", "AG-DA", "定安县", ["O02", "O03"]), ("I02", "AG-SY", "三亚市", ["O04"])]
    assert ids(instructors(demo, region="三亚市")) == ["I02"]
    assert instructors(demo, region="R-SY-JY") == []


# --- the CLI -----------------------------------------------------------------------

def test_cli_members_floating_json(cli, seeded):
    result = cli("query", "members", "--floating", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert ids(rows) == ["P04", "P09", "P12"]
    assert rows[0] == {
        "id": "P04", "name": "符明", "region_id": "R-DA-LH", "region_name": "龙湖镇",
        "employer_id": "E02", "employer_name": "定安龙湖生猪养殖场", "floating": True,
        "pocket": False, "hidden": False, "lost_contact": False, "found_via": "phone",
        "last_org_life": None, "organisations": [], "registered_at": ["S01"]}
    assert "469021197503152346" not in result.output      # P04's ID number


def test_cli_members_filters(cli, seeded):
    def member_ids(*args):
        result = cli("query", "members", "-f", "json", *args)
        assert result.exit_code == 0, result.output
        return ids(json.loads(result.output))

    assert member_ids("--lost-contact", "--unattached") == ["P09"]
    assert member_ids("--pocket") == ["P05"] and member_ids("--hidden") == ["P11"]
    assert member_ids("--found-via", "referral") == ["P06", "P11"]
    assert member_ids("--employer-type", "individual,market") == ["P06", "P08", "P09"]
    assert member_ids("--region", "定安县", "--no-org-life") == ["P03", "P04", "P05", "P07", "P12"]
    assert member_ids("--no-org-life", "--as-of", "2016-06-17") == [
        "P03", "P04", "P05", "P07", "P09", "P11", "P12"]


def test_cli_members_table_and_csv(cli, seeded):
    table = cli("query", "members", "--region", "R-SY-JY")
    assert table.exit_code == 0 and table.output.rstrip().endswith("4 members")
    rows = list(csv.DictReader(io.StringIO(cli("query", "members", "--region", "R-SY-JY",
                                               "-f", "csv").output)))
    assert [(r["id"], r["organisations"]) for r in rows] == [
        ("P08", "O04"), ("P09", ""), ("P10", "O04,O05"), ("P11", "")]


def test_cli_members_bad_options(cli, seeded):
    result = cli("query", "members", "--found-via", "radio")
    assert result.exit_code in (1, 2) and "radio" in result.output
    result = cli("query", "members", "--employer-type", "shop")
    assert result.exit_code in (1, 2) and "unknown entity type 'shop'" in result.output


def test_cli_stations_by_county(cli, seeded):
    result = cli("query", "stations", "--by", "county")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "name", "stations", "liaison_station", "consultation_desk",
                                "registered_members", "floating_members"]
    assert [line.split() for line in lines[2:4]] == [
        ["R-DA", "定安县", "3", "2", "1", "2", "2"], ["R-SY-JY", "吉阳区", "0", "0", "0", "0", "1"]]
    assert lines[-1] == "2 regions"
    rows = json.loads(cli("query", "stations", "--by", "town", "--region", "定安县",
                          "-f", "json").output)
    assert ids(rows) == ["R-DA-DC", "R-DA-LH"]


def test_cli_instructors_sorted_by_load(cli, seeded):
    result = cli("query", "instructors", "--sort=-organisations_guided", "--limit", "1",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{
        "id": "I01", "name": "张建国", "agency_id": "AG-DA", "agency_name": "定安县工商局",
        "region_id": "R-DA", "region_name": "定安县", "organisations_guided": 2,
        "organisations": ["O02", "O03"]}]
    assert cli("query", "instructors").output.rstrip().endswith("2 instructors")


def test_station_list_one_row_per_station(G):
    rows = graphmodel.station_list(G)
    assert [(r["id"], r["kind"], r["region_id"], r["registered_members"]) for r in rows] == [
        ("S1", "liaison_station", "T1", 2), ("S2", "consultation_desk", "T1", 0),
        ("S3", "liaison_station", "K1", 1), ("S4", "liaison_station", "T3", 1),
        ("S5", "consultation_desk", "C1", 0)]
    assert rows[0]["agency_name"] == "一镇工商所" and rows[1]["agency_id"] is None
    assert [r["id"] for r in graphmodel.station_list(G, region="K1", kind="liaison_station")] \
        == ["S1", "S3"]


def test_organisations_name_the_industries_they_cover(tmp_path):
    G = graphmodel.read_dataset(write_dataset(
        tmp_path / "ds", region=[region("C", level="county")],
        industry=[{"id": "I1", "name": "餐饮"}, {"id": "I2", "name": "旅游"}],
        entity=[entity("E1", "C", industry_id="I2"), entity("E2", "C", industry_id="I1"),
                entity("E3", "C", industry_id="I2"), entity("E4", "C")],
        organisation=[organisation("O1", "C"), organisation("O2", "C")],
        coverage=[{"organisation_id": "O1", "entity_id": e} for e in ("E1", "E2", "E3", "E4")]))
    assert [(r["id"], r["industries"]) for r in graphmodel.organisations(G)] == \
        [("O1", ["I1", "I2"]), ("O2", [])]

"""The plan's rules, each on a hand-made graph: formation (standalone, regional,
affiliated), liaison stations, instructors, and the effect."""

from __future__ import annotations

import pytest

import graphmodel

from .datasets import entity, member, organisation, region, write_dataset

PROVINCE = [region("P", level="province"), region("C", "P", "county"),
            region("T1", "C", "town"), region("T2", "C", "town"), region("T3", "C", "town"),
            region("D", "P", "county"), region("D1", "D", "town")]


def staff(employer, n, start=0, **flags):
    """``n`` members employed by ``employer``, located where it is (``T1`` by default)."""
    where = flags.pop("region", "T1")
    return [member(f"M-{employer}-{i + start}", where, employer_id=employer, **flags)
            for i in range(n)]


def planned(tmp_path, **tables):
    G = graphmodel.read_dataset(write_dataset(tmp_path / "ds", region=PROVINCE, **tables))
    return graphmodel.plan(G)


def by_entity(p):
    return {r["entity_id"]: r for r in p.formations}


def test_standalone_exactly_from_three_members(tmp_path):
    p = planned(tmp_path, entity=[entity("E3", "T1"), entity("E2", "T2"), entity("E0", "T3")],
                member=staff("E3", 3) + staff("E2", 2, region="T2"),
                organisation=[organisation("O1", "C")])
    rows = by_entity(p)
    assert rows["E3"]["formation"] == "standalone"
    assert rows["E3"]["organisation_id"] in {o["id"] for o in p.organisations}
    assert rows["E2"]["formation"] == "affiliated"       # 2 members: too few alone
    assert "E0" not in rows                               # no member: no formation
    assert [o["entities"] for o in p.organisations] == [["E3"]]


def test_a_market_with_its_stalls_forms_one_joint_branch(tmp_path):
    stalls = [entity(f"S{i}", "T1", "individual", market_id="MK") for i in range(4)]
    p = planned(tmp_path,
                entity=[entity("MK", "T1", "market"), *stalls, entity("X", "T1")],
                member=[m for s in stalls for m in staff(s["id"], 1)] + staff("X", 1),
                organisation=[organisation("O1", "T1")])
    rows = by_entity(p)
    groups = {rows[f"S{i}"]["group"] for i in range(4)}
    assert len(groups) == 1 and None not in groups
    assert {rows[f"S{i}"]["formation"] for i in range(4)} == {"regional"}
    # The one entity outside the market cannot form a branch with 1 member: it attaches.
    assert rows["X"]["formation"] == "affiliated" and rows["X"]["organisation_id"] == "O1"
    (joint,) = p.organisations
    assert joint["formation"] == "regional" and joint["region_id"] == "T1"
    assert joint["id"] == rows["S0"]["group"] == rows["S0"]["organisation_id"]


def test_a_town_with_one_plus_one_plus_one_members_forms_a_joint_branch(tmp_path):
    p = planned(tmp_path, entity=[entity(f"E{i}", "T1") for i in range(3)],
                member=[m for i in range(3) for m in staff(f"E{i}", 1)])
    rows = by_entity(p)
    assert {r["formation"] for r in rows.values()} == {"regional"}
    assert len({r["group"] for r in rows.values()}) == 1
    assert len(p.organisations) == 1 and p.organisations[0]["level"] == "branch"


def test_entities_in_different_towns_never_share_a_group(tmp_path):
    p = planned(tmp_path, entity=[entity("A", "T1"), entity("B", "T1"), entity("C1", "T2")],
                member=staff("A", 1) + staff("B", 1) + staff("C1", 1, region="T2"),
                organisation=[organisation("O1", "C")])
    assert {r["formation"] for r in p.formations} == {"affiliated"}


def test_a_town_with_one_plus_one_members_and_a_branch_attaches_to_it(tmp_path):
    covered = [entity("A2", "T1", industry_id="I1"), entity("A3", "T1", industry_id="I1")]
    p = planned(tmp_path, entity=[entity("A", "T1", industry_id="I1"), entity("B", "T1"),
                                  *covered],
                industry=[{"id": "I1", "name": "餐饮"}, {"id": "I2", "name": "旅游"}],
                member=staff("A", 1) + staff("B", 1),
                organisation=[organisation("O-busy", "T1"), organisation("O-free", "T1"),
                              organisation("O-county", "C")],
                coverage=[{"organisation_id": "O-busy", "entity_id": "A2"},
                          {"organisation_id": "O-busy", "entity_id": "A3"}])
    rows = by_entity(p)
    assert rows["A"]["formation"] == rows["B"]["formation"] == "affiliated"
    # A's industry is covered by O-busy: preferred although it covers more entities.
    assert rows["A"]["organisation_id"] == "O-busy"
    # B has no industry: the organisation of its town covering fewest entities.
    assert rows["B"]["organisation_id"] == "O-free"
    left = sum(r["members"] for r in rows.values() if r["formation"] == "affiliated")
    assert left < 3


def test_affiliation_climbs_to_the_nearest_region_with_an_organisation(tmp_path):
    p = planned(tmp_path, entity=[entity("A", "T2")], member=staff("A", 2, region="T2"),
                organisation=[organisation("O-other-town", "T1"), organisation("O-county", "C"),
                              organisation("O-province", "P")])
    assert by_entity(p)["A"]["organisation_id"] == "O-county"


def test_liaison_stations_for_floating_members(tmp_path):
    floating = [member(f"F1-{i}", "T1", floating=True) for i in range(5)] + \
        [member(f"F2-{i}", "T2", floating=True) for i in range(4)] + \
        [member("R1", "T2", floating=True), member("N1", "T2")]
    p = planned(tmp_path, member=floating,
                station=[{"id": "S-C", "name": "县站", "kind": "liaison_station", "region_id": "C"},
                         {"id": "S-T3", "name": "镇站", "kind": "liaison_station", "region_id": "T3"},
                         {"id": "D-T2", "name": "咨询台", "kind": "consultation_desk",
                          "region_id": "T2"}],
                registrations=[{"member_id": "R1", "station_id": "S-C"}])
    # T1: 5 unregistered floating members and no station: a new one, all 5 go there.
    (new,) = p.stations
    assert new["region_id"] == "T1" and new["kind"] == "liaison_station"
    goes = {r["member_id"]: r["station_id"] for r in p.registrations}
    assert {goes[f"F1-{i}"] for i in range(5)} == {new["id"]}
    # T2: 4 (below the threshold), no liaison station in the town: the county's
    # stations, the least loaded first (S-C already has R1).
    assert [goes[f"F2-{i}"] for i in range(4)] == ["S-T3", "S-C", "S-T3", "S-C"]
    assert "R1" not in goes and "N1" not in goes
    assert set(goes) == {f"F1-{i}" for i in range(5)} | {f"F2-{i}" for i in range(4)}


def test_a_lower_threshold_opens_more_stations(tmp_path):
    floating = [member(f"F2-{i}", "T2", floating=True) for i in range(2)]
    G = graphmodel.read_dataset(write_dataset(tmp_path / "ds", region=PROVINCE, member=floating))
    assert [s["region_id"] for s in graphmodel.plan(G, station_threshold=2).stations] == ["T2"]
    # Above the threshold, with no station anywhere in reach: one for the county.
    assert [s["region_id"] for s in graphmodel.plan(G, station_threshold=3).stations] == ["C"]


def test_instructors_balance_load_and_counties_without_any_are_listed(tmp_path):
    agencies = [{"id": "AC", "name": "县局", "kind": "bureau", "region_id": "C"},
                {"id": "AT", "name": "镇所", "kind": "office", "region_id": "T1"}]
    orgs = [organisation(f"O{i}", "T1") for i in range(5)] + \
        [organisation(f"OD{i}", "D1") for i in range(3)]
    p = planned(tmp_path, agency=agencies, organisation=orgs,
                instructor=[{"id": "N1", "name": "甲", "agency_id": "AC"},
                            {"id": "N2", "name": "乙", "agency_id": "AT"}],
                guidance=[{"instructor_id": "N1", "organisation_id": "O0"},
                          {"instructor_id": "N1", "organisation_id": "O1"}])
    assigned = {g["organisation_id"]: g["instructor_id"] for g in p.guidance}
    assert set(assigned) == {"O2", "O3", "O4"}          # O0, O1 are guided already
    loads = {"N1": 2, "N2": 0}
    for iid in assigned.values():
        loads[iid] += 1
    assert max(loads.values()) == 3                     # (2 + 0 + 3) over 2, rounded up
    # County D has 3 unguided organisations and no instructor; the median load is 1
    # (N1 guides 2, N2 none): 3 instructors needed.
    assert p.max_load == 1
    assert [(n["region_id"], n["organisations"], n["instructors_needed"]) for n in p.needs] \
        == [("D", 3, 3)]
    G = graphmodel.read_dataset(tmp_path / "ds")
    assert graphmodel.plan(G, max_load=2).needs[0]["instructors_needed"] == 2


def test_proposed_branches_get_instructors_too(tmp_path):
    p = planned(tmp_path, entity=[entity("E", "T1")], member=staff("E", 3),
                agency=[{"id": "AC", "name": "县局", "kind": "bureau", "region_id": "C"}],
                instructor=[{"id": "N1", "name": "甲", "agency_id": "AC"}])
    (new,) = p.organisations
    assert [(g["organisation_id"], g["instructor_id"]) for g in p.guidance] == [(new["id"], "N1")]


def test_the_summary_counts_coverage_before_and_after_and_work_targets(tmp_path):
    p = planned(tmp_path,
                entity=[entity("E3", "T1"), entity("A", "T2"), entity("Z", "T2"),
                        entity("DZ", "D1")],
                member=staff("E3", 3) + staff("A", 1, region="T2"),
                organisation=[organisation("O1", "T2")])
    rows = {r["id"]: r for r in p.summary}
    assert (rows["C"]["covered_before"], rows["C"]["covered_after"]) == (0, 2)
    assert rows["C"]["standalone"] == 1 and rows["C"]["affiliated"] == 1
    assert rows["C"]["work_targets"] == 1 and rows["D"]["work_targets"] == 1
    assert rows["C"]["members_gaining"] == 4
    assert rows["C"]["organisations_after"] == rows["C"]["organisations_before"] + 1
    assert p.total()["covered_after"] == 2


def test_new_ids_never_clash_with_existing_ones(tmp_path):
    p = planned(tmp_path, entity=[entity("E", "T1")], member=staff("E", 3),
                organisation=[organisation("PLAN-S-E", "C")])
    assert p.prefix == "PLAN2-" and p.organisations[0]["id"] == "PLAN2-S-E"


def test_region_and_type_scope(tmp_path):
    p = planned(tmp_path, entity=[entity("E", "T1"), entity("F", "D1", "individual")],
                member=staff("E", 3) + staff("F", 3, region="D1"))
    G = graphmodel.read_dataset(tmp_path / "ds")
    assert [r["entity_id"] for r in graphmodel.plan(G, region="D").formations] == ["F"]
    assert [r["entity_id"] for r in graphmodel.plan(G, types="small_micro").formations] == ["E"]
    assert [r["id"] for r in graphmodel.plan(G, by="type").summary] == ["individual", "small_micro"]
    assert len(p.formations) == 2


def test_bad_arguments_are_query_errors(tmp_path):
    G = graphmodel.read_dataset(write_dataset(tmp_path / "ds", region=PROVINCE))
    for kwargs, message in [({"station_threshold": 0}, "station_threshold"),
                            ({"max_load": 0}, "max_load"), ({"max_load": float("nan")}, "max_load"),
                            ({"by": "street"}, "by: expected one of"),
                            ({"region": "nowhere"}, "no region"), ({"types": "shop"}, "unknown entity type")]:
        with pytest.raises(graphmodel.QueryError, match=message):
            graphmodel.plan(G, **kwargs)

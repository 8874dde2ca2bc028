"""The generated Hainan 2016 province reproduces every figure of the source document,
computed by the project's own queries from the CSV files the generator writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import numpy as np
import pytest

import graphmodel
from graphmodel.generate import generate

pytestmark = pytest.mark.slow

SMALL = ["small_micro", "individual", "market"]
DINGAN, LEDONG, WENCHANG = "469021", "469027", "469005"


@pytest.fixture(scope="module")
def province(province_dir):
    return province_dir  # generated and seeded once per run (tests/conftest.py)


@pytest.fixture(scope="module")
def G(province):
    return graphmodel.open_store(province / "store.gmz")


def test_province(G):
    r = graphmodel.report(G)
    assert r["entities"]["small_micro"] == 160_214
    assert r["entities"]["individual"] == 364_120
    assert r["entities"]["market"] == 892
    assert sum(r["entities"][t] for t in SMALL) / r["entities"]["total"] >= 0.85
    assert r["organisations"]["total"] == 2_532
    assert r["members"]["total"] == 26_509
    assert r["instructors"] == 242
    assert graphmodel.report(G, types=SMALL)["organisations"]["total"] == 296
    rate = graphmodel.report(G, types=["small_micro", "enterprise"])["coverage_rate"]
    assert round(rate * 100, 1) == 29.1


def test_every_instructor_guides_a_small_type_organisation(G):
    small = np.isin(G.column("entity", "type"), SMALL)
    covering = np.zeros(G.count("organisation"), dtype=bool)
    covering[G.array("coverage/source")[small[G.array("coverage/target")]]] = True
    guided_by = G.array("guidance/source")[covering[G.array("guidance/target")]]
    assert set(guided_by.tolist()) == set(range(G.count("instructor")))


def test_dingan(G):
    r = graphmodel.report(G, region=DINGAN, types=SMALL)
    assert r["organisations"]["branches"] == r["organisations"]["total"] == 48
    assert r["organisations"]["members"] == 333
    assert r["covered_entities"] == 158
    assert r["covered_industries"] >= 20


def test_ledong(G):
    r = graphmodel.report(G, region=LEDONG)
    assert (r["entities"]["small_micro"], r["entities"]["individual"], r["entities"]["market"]) \
        == (1_585, 10_299, 12)
    assert r["members"]["found"] == 282
    assert r["members"]["ethnicity"]["黎族"] == 41
    assert r["members"]["floating_pocket_or_hidden"] == 136
    # Found members only: Li and floating/pocket/hidden are among those 282.
    assert r["members"]["total"] == 282
    assert len(graphmodel.uncovered(G, region=LEDONG, min_members=3)) == 10
    # "10 enterprises chosen to found branches": the plan proposes exactly those.
    (county,) = graphmodel.plan(G, region=LEDONG).summary
    assert county["standalone"] == 10


def test_counties_and_towns_differ(G):
    """Coverage, member density and ethnicity vary between counties (the document's
    local figures differ), and markets differ in how many stalls trade in them."""
    rows = graphmodel.report_by(G, by="county")
    rates = [r["coverage_rate"] for r in rows]
    assert max(rates) - min(rates) > 0.05
    density = [r["members"] / r["entities"] for r in rows]
    assert max(density) > 2 * min(density)
    towns = [r["coverage_rate"] for r in graphmodel.coverage(G, by="town", region="469002")]
    assert max(towns) - min(towns) > 0.02
    haikou = graphmodel.report(G, region="460100")["members"]["ethnicity"]
    assert set(haikou) > {"汉族"}
    qiongzhong = graphmodel.report(G, region="469030")["members"]["ethnicity"]
    assert "苗族" in qiongzhong and "黎族" in qiongzhong
    by_type = {r["id"]: r for r in graphmodel.coverage(G, by="type")}
    assert by_type["small_micro"]["coverage_rate"] > 0.05
    stalls = np.bincount(G.column("entity", "market_id")[G.column("entity", "market_id") >= 0])
    stalls = stalls[stalls > 0]
    assert stalls.max() > 10 * np.median(stalls)


@pytest.mark.parametrize("etype, figures", [
    ("small_micro", {"entities": 4_181, "organisations": 30, "total": 186, "pocket": 5,
                     "floating": 48, "lost_contact": 6, "org_life": 127}),
    ("individual", {"entities": 20_034, "organisations": 26, "total": 328, "floating": 51,
                    "lost_contact": 4, "org_life": 273}),
])
def test_wenchang(G, etype, figures):
    r = graphmodel.report(G, region=WENCHANG, types=[etype], as_of=dt.date(2016, 6, 16))
    assert r["stations"] == {"liaison_station": 19, "consultation_desk": 19}
    assert r["entities"][etype] == figures.pop("entities")
    assert r["organisations"]["total"] == figures.pop("organisations")
    assert {k: r["members"][k] for k in figures} == figures


def test_report_prints_the_rows_as_table_and_json(cli, G, province):
    store = province / "store.gmz"
    args = ["report", "--region", WENCHANG, "--type", "small_micro", "--as-of", "2016-06-16",
            "--store", store]
    table = cli(*args).stdout
    assert "Entities" in table and "4181" in table and "186" in table
    figures = json.loads(cli(*args, "--format", "json").stdout)
    assert figures["members"]["org_life"] == 127 and figures["organisations"]["total"] == 30
    rows = json.loads(cli("query", "uncovered", "--region", LEDONG, "--min-members", "3",
                          "-f", "json", "--store", store).stdout)
    assert len(rows) == 10 and all(r["members"] >= 3 for r in rows)


def _digest(directory) -> str:
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.csv")):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def test_same_seed_same_files_other_seed_same_figures(province, tmp_path, cli):
    result = cli("generate", "hainan-2016", "--out", tmp_path / "again")
    assert result.exit_code == 0 and "wrote hainan-2016" in result.stdout
    assert _digest(tmp_path / "again") == _digest(province / "csv")
    other = graphmodel.read_dataset(generate("hainan-2016", tmp_path / "other", seed=7))
    assert _digest(tmp_path / "other") != _digest(province / "csv")
    r = graphmodel.report(other, region=WENCHANG, types=["individual"], as_of=dt.date(2016, 6, 16))
    assert (r["members"]["total"], r["members"]["org_life"]) == (328, 273)
    assert graphmodel.report(other, types=SMALL)["organisations"]["total"] == 296


def test_the_province_is_dated_end_of_may_2016(province, G):
    assert json.loads((province / "csv" / "dataset.json").read_text(encoding="utf-8")) == \
        {"as_of": "2016-05-31"}
    assert G.meta["as_of"] == dt.date(2016, 5, 31)
    assert graphmodel.report(G, region=WENCHANG)["as_of"] == "2016-05-31"


def test_generate_names_its_generators_when_asked_for_another(cli, tmp_path):
    result = cli("generate", "hainan-2017", "--out", tmp_path / "x")
    assert result.exit_code == 1 and "no generator 'hainan-2017' (generators: hainan-2016)" in result.stderr
    assert not (tmp_path / "x").exists()

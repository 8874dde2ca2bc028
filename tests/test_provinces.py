"""Provinces side by side in one Parquet folder: own codes, ids that never clash."""

from __future__ import annotations

import pytest

import graphmodel
from graphmodel.exports.parquet import write_tables
from graphmodel.generate.provinces import as_province

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


def test_two_provinces_partitioned(tmp_path):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    for code in ("46", "11"):
        write_tables(as_province(G, code), tmp_path, province=code)
    entities = pd.read_parquet(tmp_path / "entities")
    assert len(entities) == 2 * G.count("entity")
    assert entities["id"].is_unique
    assert sorted(entities["province"].astype(str).unique()) == ["11", "46"]
    regions = pd.read_parquet(tmp_path / "regions")
    beijing = regions[regions["province"].astype(str) == "11"]
    assert all(c.startswith("11") for c in beijing["code"].dropna())
    # references follow the prefix: every member's region is one of its province's
    members = pd.read_parquet(tmp_path / "members")
    for code in ("46", "11"):
        mine = members[members["province"].astype(str) == code]
        assert all(r.startswith(f"{code}-") for r in mine["region_id"])


@pytest.mark.slow
def test_generated_provinces_are_the_generated_province(province_dir, tmp_path):
    """``generate --provinces 1 --format parquet`` (the path that scales to many
    provinces) writes the province ``generate`` writes as CSV, as its partition 46:
    every table, row for row. (Spark's answers on it: bench/run.py --only spark_parity.)"""
    from graphmodel.exports.parquet import layouts
    from graphmodel.generate.provinces import generate_provinces

    generated = generate_provinces("hainan-2016", tmp_path / "generated", 1)
    # Read here, not opened from the run's store: the keyed hashes must use this
    # process's key, as generate_provinces does (the store's may differ).
    G = as_province(graphmodel.read_dataset(province_dir / "csv"), "46")
    write_tables(G, tmp_path / "written", province="46")
    for layout in layouts():
        got, want = (_sorted(pd.read_parquet(root / layout.name))
                     for root in (generated, tmp_path / "written"))
        assert list(got.columns) == list(want.columns), layout.name
        pd.testing.assert_frame_equal(got, want, obj=layout.name)
    assert (generated / "dataset.json").is_file()


def _sorted(frame):
    frame = frame.assign(province=frame["province"].astype(str))
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_generate_refuses_provinces_as_csv(cli, tmp_path):
    result = cli("generate", "hainan-2016", "--provinces", "2", "--out", tmp_path / "x")
    assert result.exit_code == 1 and "--format parquet" in result.output
    result = cli("generate", "hainan-2016", "--provinces", "0", "--format", "parquet",
                 "--out", tmp_path / "x")
    assert result.exit_code == 1 and "--provinces 0" in result.output

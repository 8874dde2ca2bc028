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


def test_generate_refuses_provinces_as_csv(cli, tmp_path):
    result = cli("generate", "hainan-2016", "--provinces", "2", "--out", tmp_path / "x")
    assert result.exit_code == 1 and "--format parquet" in result.output
    result = cli("generate", "hainan-2016", "--provinces", "0", "--format", "parquet",
                 "--out", tmp_path / "x")
    assert result.exit_code == 1 and "--provinces 0" in result.output

"""`export parquet`: read back with pyarrow and pandas, compared with the store."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pytest

import graphmodel
from graphmodel.exports.parquet import layouts, write as write_parquet
from graphmodel.model.graph import python_value
from graphmodel.model.schema import EDGE_KINDS, reference_columns

from .datasets import random_dataset

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")


def _expected(G, layout) -> list[dict]:
    """The rows of one table as the store holds them, value by value in Python."""
    name = layout.rows
    rows: list[dict] = []
    if layout.node:
        refs = reference_columns(name)
        columns = ["id", *[c for c, _ in layout.columns if c != "id"],
                   *[c for c in G.shared_columns(name) if c not in dict(layout.columns)]]
        for r in range(G.count(name)):
            row = {}
            for c in columns:
                if c == "id":
                    row[c] = str(G.ids(name)[r])
                elif c in refs:
                    j = int(G.column(name, c)[r])
                    row[c] = str(G.ids(refs[c].target.kind)[j]) if j >= 0 else None
                else:
                    row[c] = python_value(G.column(name, c)[r])
            rows.append(row)
    else:
        edge = next(e for e in EDGE_KINDS if e.link == name)
        ends = dict(layout.columns)
        src_col, dst_col = list(ends)[:2]
        for r in range(len(G.array(f"{name}/source"))):
            row = {src_col: str(G.ids(edge.source)[G.array(f"{name}/source")[r]]),
                   dst_col: str(G.ids(edge.target.kind)[G.array(f"{name}/target")[r]])}
            for c in G.shared_columns(name):
                row[c] = python_value(G.column(name, c)[r])
            rows.append(row)
    return rows


def _plain(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _read(out: Path, table: str) -> list[dict]:
    df = pd.read_parquet(out / table)
    # one province: the demo's code 460000, the random datasets' root id P (no code)
    assert set(df["province"].astype(str)) in (set(), {"46"}, {"P"})
    df = df.drop(columns=["province"])
    return [{k: _plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def _check_same(G, out: Path) -> None:
    for layout in layouts():
        got = _read(out, layout.name)
        want = _expected(G, layout)
        key = (lambda r: r["id"]) if layout.node else (lambda r: tuple(map(str, list(r.values())[:2])))
        assert sorted(got, key=key) == sorted(want, key=key), layout.name


def test_demo_reads_back_as_the_store(tmp_path):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    out = write_parquet(G, tmp_path / "pq")
    _check_same(G, out)
    # the layout: hive partitions, one file each, the dataset's date beside them
    assert (out / "entities" / "province=46" / "part-0.parquet").is_file()
    assert json.loads((out / "dataset.json").read_text()) == {"as_of": "2016-06-16"}
    # personal data: every file 0600, as every export writes (no temporary file left)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and all(oct(p.stat().st_mode & 0o777) == "0o600" for p in files)
    assert not [p for p in files if p.name.startswith(".")]
    # types from the schema's declaration
    schema = pa.parquet.read_schema(out / "members" / "province=46" / "part-0.parquet")
    assert schema.field("floating").type == pa.bool_()
    assert schema.field("last_org_life").type == pa.date32()
    assert schema.field("employer_id").type == pa.string()


def test_random_datasets_read_back(tmp_path):
    for seed in (1, 2):
        G = graphmodel.read_dataset(random_dataset(tmp_path / f"d{seed}", seed))
        out = write_parquet(G, tmp_path / f"pq{seed}")
        _check_same(G, out)


def test_personal_numbers_leave_only_masked(tmp_path):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    out = write_parquet(G, tmp_path / "pq")
    members = pd.read_parquet(out / "members")
    numbers = [v for v in members["id_number"] if isinstance(v, str)]
    assert numbers and all(v.startswith("*") for v in numbers)
    assert members["id_number_hash"].notna().sum() == len(numbers)
    raw = [line.split(",") for line in
           (graphmodel.bundled_dataset("demo") / "members.csv").read_text().splitlines()]
    column = raw[0].index("id_number")
    plain = [r[column] for r in raw[1:] if len(r) > column and r[column]]
    blob = b"".join(p.read_bytes() for p in out.rglob("*.parquet"))
    assert plain and not any(number.encode() in blob for number in plain)


def test_region_part(tmp_path):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    out = graphmodel.export(G, "parquet", tmp_path / "pq", region="定安县").path
    entities = pd.read_parquet(out / "entities")
    inside = {"R-DA", "R-DA-DC", "R-DA-LH"}
    assert set(entities["region_id"]) <= inside and len(entities) > 0
    regions = set(pd.read_parquet(out / "regions")["id"])
    assert regions == inside | {"HN"}  # the subtree and the path up to its root
    kept = set(entities["id"])
    coverage = pd.read_parquet(out / "coverage")
    assert set(coverage["entity_id"]) <= kept
    members = pd.read_parquet(out / "members")
    assert set(members["region_id"]) <= inside


def test_cli_export_parquet(cli, seeded, tmp_path):
    result = cli("export", "parquet", tmp_path / "pq")
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(tmp_path / "pq" / "entities")) == 10
    result = cli("export", "parquet", tmp_path / "pq2", "--region", "nowhere")
    assert result.exit_code == 1
    assert result.output.startswith("error: no region")


def test_duckdb_reads_the_partitions(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    out = write_parquet(G, tmp_path / "pq")
    glob = str(out / "entities" / "*" / "*.parquet")
    [(n, province)] = duckdb.sql(f"SELECT count(*), min(province) FROM "
                                 f"read_parquet('{glob}', hive_partitioning = true)").fetchall()
    assert n == 10 and str(province) == "46"

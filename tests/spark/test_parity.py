"""--backend spark answers as the embedded backend does: the demo, random datasets and
two provinces side by side. On the whole generated province: bench/run.py --only
spark_parity."""

from __future__ import annotations

import datetime as dt

import pytest

import graphmodel
from graphmodel.exports.parquet import write as write_parquet
from graphmodel.questions.catalogue import questions
from graphmodel.backends.spark.registry import ANSWERS
from graphmodel.backends.spark.source import SparkDataset

from ..datasets import random_dataset

#: Arguments each question is asked with besides its defaults; a question not listed
#: (a new one) is asked with its defaults alone.
CASES = {
    "uncovered": [{}, {"region": "定安县", "types": "individual,market", "min_members": 1}],
    "isolated": [{"region": "R-SY"}],
    "report": [{"region": "R-DA", "as_of": dt.date(2016, 6, 1)},
               {"types": "small_micro", "region": "R-SY"}],
    "regions": [{}, {"under": "定安县", "level": "town"}],
    "industries": [{}],
    "coverage": [{"by": "county"}, {"by": "town", "region": "R-DA", "types": "small_micro"},
                 {"by": "type"}, {"by": "industry", "types": "individual,small_micro"},
                 {"by": "market"}, {"by": "market", "region": "R-SY", "types": "individual"}],
    "report_by": [{"by": "county"}, {"by": "town", "types": "individual,small_micro"}],
    "members": [{"region": "R-DA", "floating": True}, {"no_org_life": True,
                                                       "employer_types": "individual"}],
    "stations": [{"by": "town"}],
    "station_list": [{"kind": "liaison_station"}],
    "instructors": [{"region": "R-DA"}],
    "organisations": [{"level": "branch"}],
}


def _same(source, G, name, kwargs):
    got, want = graphmodel.answer(source, name, **kwargs), graphmodel.answer(G, name, **kwargs)
    if isinstance(want, dict):
        assert got == want, (name, kwargs)
    else:
        assert got.rows() == want.rows(), (name, kwargs)


def test_every_catalogue_question_is_answered_on_spark():
    assert set(ANSWERS.names()) == set(questions()) and set(CASES) <= set(questions())


def test_demo_parity(spark, tmp_path):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    ds = SparkDataset(spark, write_parquet(G, tmp_path / "pq"))
    for name in questions():
        for kwargs in [{}, *CASES.get(name, [])]:
            _same(ds, G, name, kwargs)
    # the plan asks catalogue questions only: the same plan from Spark
    assert graphmodel.plan(ds) == graphmodel.plan(G)
    # the same errors as embedded
    with pytest.raises(graphmodel.QueryError, match="no region"):
        graphmodel.uncovered(ds, region="nowhere")


def test_random_datasets_parity(spark, tmp_path):
    for seed in (3,):
        G = graphmodel.read_dataset(random_dataset(tmp_path / f"d{seed}", seed))
        ds = SparkDataset(spark, write_parquet(G, tmp_path / f"pq{seed}"))
        towns = [r["id"] for r in graphmodel.regions(G, level="town")][:1]
        for name in ("uncovered", "isolated", "report"):
            _same(ds, G, name, {})
        _same(ds, G, "report", {"types": "individual", "region": towns[0]})
        _same(ds, G, "uncovered", {"region": towns[0]})
        for by in ("county", "town", "industry", "market"):
            _same(ds, G, "coverage", {"by": by, "types": "individual"})
        _same(ds, G, "report_by", {"by": "town"})
        _same(ds, G, "report_by", {"by": "county", "types": "individual"})
        for name in ("members", "organisations", "instructors", "station_list"):
            _same(ds, G, name, {})


def test_cli_backend_spark(cli, seeded, tmp_path):
    assert cli("export", "parquet", tmp_path / "pq").exit_code == 0
    embedded = cli("query", "uncovered", "-f", "json")
    spark = cli("query", "uncovered", "-f", "json", "--backend", "spark", "--data",
                tmp_path / "pq", "--master", "local[1]")
    assert spark.exit_code == 0, spark.output
    assert spark.output == embedded.output
    missing = cli("query", "uncovered", "--backend", "spark")
    assert missing.exit_code == 1 and "--data" in missing.output
    # a URL is Spark's to read: one that cannot be read is one line, not a Java trace
    remote = cli("report", "--backend", "spark", "--data", "hdfs://nowhere.invalid/pq")
    assert remote.exit_code == 1, remote.output
    assert "Spark cannot read hdfs://nowhere.invalid/pq" in remote.output
    assert "Traceback" not in remote.output


def test_two_provinces(spark, tmp_path):
    """Provinces side by side: Spark answers for one as the embedded backend does for
    it alone, and counts both for the whole."""
    from graphmodel.exports.parquet import write_tables
    from graphmodel.generate.provinces import as_province

    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    for code in ("46", "11"):
        write_tables(as_province(G, code), tmp_path, province=code)
    (tmp_path / "dataset.json").write_text('{"as_of": "2016-06-16"}')  # as generate writes it
    ds = SparkDataset(spark, tmp_path)
    beijing = as_province(G, "11")
    _same(ds, beijing, "report", {"region": "11-HN"})
    _same(ds, beijing, "uncovered", {"region": "11-R-DA"})
    whole, one = graphmodel.report(ds), graphmodel.report(G)
    assert whole["members"]["total"] == 2 * one["members"]["total"]

"""The dataset's as-of date: read from dataset.json, kept in the store, and the
report's default (else today)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

import graphmodel
from graphmodel import DatasetError, StoreError
from graphmodel.io.store import store_info

from .datasets import write_dataset

DEMO_AS_OF = dt.date(2016, 6, 16)


def problems_of(path) -> list[str]:
    with pytest.raises(DatasetError) as raised:
        graphmodel.read_dataset(path)
    return [str(p) for p in raised.value.problems]


def minimal(root):
    return write_dataset(root, region=[{"id": "R", "name": "r", "level": "province"}])


# --- dataset.json -------------------------------------------------------------------

def test_the_demo_is_dated_as_its_readme_answers():
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    assert G.meta["as_of"] == DEMO_AS_OF
    readme = (graphmodel.bundled_dataset("demo") / "README.md").read_text(encoding="utf-8")
    assert f"## The answers (as of {DEMO_AS_OF.isoformat()})" in readme


def test_without_dataset_json_there_is_no_date(tmp_path):
    assert graphmodel.read_dataset(minimal(tmp_path / "ds")).meta["as_of"] is None


@pytest.mark.parametrize("text", ['{"as_of": "2016-05-31"}', '\ufeff{"as_of": "2016-05-31"}\n',
                                  '{\n  "as_of":   "2016-05-31"\n}\n'])
def test_dataset_json_gives_the_date(tmp_path, text):
    root = minimal(tmp_path / "ds")
    (root / "dataset.json").write_text(text, encoding="utf-8")
    assert graphmodel.read_dataset(root).meta["as_of"] == dt.date(2016, 5, 31)


@pytest.mark.parametrize("text", ["{}", '{"as_of": null}'])
def test_dataset_json_without_a_date_is_no_date(tmp_path, text):
    root = minimal(tmp_path / "ds")
    (root / "dataset.json").write_text(text, encoding="utf-8")
    assert graphmodel.read_dataset(root).meta["as_of"] is None


@pytest.mark.parametrize("text, problem", [
    ('{\n  "as_of": "31/05/2016"\n}', 'dataset.json:2: as_of: expected a date YYYY-MM-DD from '
                                      '0001-07-03 to 9999-12-31, got "31/05/2016"'),
    ('{"as_of": "2016-02-30"}', 'dataset.json:1: as_of: expected a date YYYY-MM-DD'),
    ('{"as_of": "20160531"}', 'dataset.json:1: as_of: expected a date YYYY-MM-DD'),
    ('{"as_of": "0001-01-01"}', 'dataset.json:1: as_of: expected a date'),
    ('{"as_of": 20160531}', 'dataset.json:1: as_of: expected a date YYYY-MM-DD from 0001-07-03 '
                            'to 9999-12-31, got 20160531'),
    ('{\n"as_of": "2016-05-31",\n"asof": "2016-05-31"\n}', 'dataset.json:3: asof: unknown key '
                                                          '(expected: as_of)'),
    ('{"as_of": "2016-05-31",\n "as_of": "2016-06-01"}', "dataset.json:2: as_of: key appears twice"),
    ('{"as_of": "2016-05-31",\n}', "dataset.json:2: not valid JSON: Expecting property name"),
    ('{"as_of": "2016-05-31"', "dataset.json:1: not valid JSON:"),
    ('["2016-05-31"]', 'dataset.json:1: expected a JSON object: {"as_of": "YYYY-MM-DD"}'),
    ("", "dataset.json:1: not valid JSON: Expecting value"),
])
def test_a_bad_dataset_json_is_a_located_problem(tmp_path, text, problem):
    root = minimal(tmp_path / "ds")
    (root / "dataset.json").write_text(text, encoding="utf-8")
    found = problems_of(root)
    assert len(found) == 1 and found[0].startswith(str(root) + "/")
    assert found[0].endswith(problem) or problem in found[0], found


def test_dataset_json_problems_come_with_every_other_problem(tmp_path):
    root = minimal(tmp_path / "ds")
    (root / "dataset.json").write_text('{"as_of": "soon", "by": "me"}', encoding="utf-8")
    (root / "industries.csv").write_text("id,name\nI1,\n", encoding="utf-8")
    found = problems_of(root)
    assert [p.split(str(root) + "/")[1].split(":")[0] for p in found] == \
        ["dataset.json", "dataset.json", "industries.csv"]


def test_dataset_json_that_is_not_a_small_utf8_file(tmp_path):
    root = minimal(tmp_path / "ds")
    (root / "dataset.json").write_bytes(b'{"as_of":\n "\xff"}')
    assert problems_of(root) == [f"{root}/dataset.json:2: not UTF-8 text"]
    (root / "dataset.json").write_text('{"as_of": "2016-05-31"}' + " " * 70_000)
    assert "larger than 65536 bytes" in problems_of(root)[0]
    (root / "dataset.json").unlink()
    (root / "dataset.json").mkdir()
    assert problems_of(root) == [f"{root}/dataset.json: not a file"]
    (root / "dataset.json").rmdir()
    (root / "dataset.json").write_text("[" * 60_000, encoding="utf-8")
    assert "not valid JSON" in problems_of(root)[0]


def test_validate_lists_a_dataset_json_problem_as_file_line(cli, demo_dir):
    (demo_dir / "dataset.json").write_text('{"as_of": "2016-13-01"}', encoding="utf-8")
    result = cli("validate", demo_dir)
    assert result.exit_code == 1
    assert f"{demo_dir}/dataset.json:1: as_of: expected a date YYYY-MM-DD" in result.output


# --- the store ----------------------------------------------------------------------

def test_the_store_keeps_the_date(tmp_path):
    store = tmp_path / "store.gmz"
    graphmodel.seed("demo", store)
    assert store_info(store)["as_of"] == "2016-06-16"
    assert store_info(store)["version"] == graphmodel.io.store.FORMAT_VERSION == 1
    assert graphmodel.open_store(store).meta["as_of"] == DEMO_AS_OF


def test_a_store_of_a_dataset_without_a_date_has_none(tmp_path):
    store = tmp_path / "store.gmz"
    graphmodel.seed(minimal(tmp_path / "ds"), store)
    assert "as_of" not in store_info(store)
    assert graphmodel.open_store(store).meta["as_of"] is None


def _rewrite_meta(store, change) -> None:
    with zipfile.ZipFile(store) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    meta = json.loads(members["meta.json"])
    change(meta)
    members["meta.json"] = json.dumps(meta).encode()
    with zipfile.ZipFile(store, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_an_older_store_without_the_date_opens_and_reports_as_of_today(tmp_path):
    store = tmp_path / "store.gmz"
    graphmodel.seed("demo", store)
    _rewrite_meta(store, lambda meta: meta.pop("as_of"))   # as written before as_of existed
    G = graphmodel.open_store(store)
    assert G.meta["as_of"] is None
    assert graphmodel.report(G)["as_of"] == dt.date.today().isoformat()
    assert graphmodel.report(G)["entities"]["total"] == 10


@pytest.mark.parametrize("bad", ["2016-13-01", 20160616, None, "", ["2016-06-16"]])
def test_a_store_with_a_bad_date_is_refused_as_damaged(tmp_path, bad):
    store = tmp_path / "store.gmz"
    graphmodel.seed("demo", store)
    _rewrite_meta(store, lambda meta: meta.update(as_of=bad))
    with pytest.raises(StoreError, match=r"damaged \(meta.json: as_of is not a date YYYY-MM-DD\)"):
        graphmodel.open_store(store)


# --- the report's default -----------------------------------------------------------

def test_report_defaults_to_the_datasets_date():
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    assert graphmodel.report(G) == graphmodel.report(G, as_of=DEMO_AS_OF)
    assert graphmodel.report(G)["members"]["org_life"] == 4     # as the demo's README says
    assert graphmodel.report(G, as_of="2016-06-17")["members"]["org_life"] == 5


def test_report_without_a_dataset_date_defaults_to_today(tmp_path):
    G = graphmodel.read_dataset(minimal(tmp_path / "ds"))
    assert graphmodel.report(G)["as_of"] == dt.date.today().isoformat()


def test_cli_report_defaults_to_the_stores_date(cli, seeded):
    default = json.loads(cli("report", "-f", "json").stdout)
    assert default["as_of"] == "2016-06-16"
    assert default == json.loads(cli("report", "--as-of", "2016-06-16", "-f", "json").stdout)
    assert json.loads(cli("report", "--as-of", "2016-01-01", "-f", "json").stdout)["as_of"] \
        == "2016-01-01"


def test_cli_report_help_names_the_default(cli):
    help_text = " ".join(cli("report", "--help").stdout.split())
    assert "the dataset's date" in help_text and "else today" in help_text

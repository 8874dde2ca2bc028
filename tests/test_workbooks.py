"""Workbooks (.xlsx) as datasets: the same store as the CSV files, typed cells,
problems located ``sheet!row: column: message``, the store unchanged on error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import graphmodel
from graphmodel import DatasetError, read_dataset
from graphmodel.io.workbook import Workbook

from tests.workbooks import workbook_from_dir

VALID_ID_NUMBER = "469021198001011230"  # P01's in the demo


def same_graph(a, b) -> None:
    assert a.columns == b.columns
    assert a.keys() == b.keys()
    for key in a.keys():
        np.testing.assert_array_equal(a.array(key), b.array(key), err_msg=key)
    # Everything but where it was seeded from.
    assert {k: v for k, v in a.meta.items() if k != "source"} == \
        {k: v for k, v in b.meta.items() if k != "source"}


def test_workbook_seeds_the_same_store_as_the_csv_files(demo_dir, tmp_path, store):
    book = workbook_from_dir(demo_dir, tmp_path / "demo.xlsx")
    from_csv = graphmodel.seed(demo_dir, tmp_path / "csv.gmz")
    from_book = graphmodel.seed(book, store)
    same_graph(from_csv, from_book)
    same_graph(graphmodel.open_store(tmp_path / "csv.gmz"), graphmodel.open_store(store))


def test_typed_cells_become_contract_text(tmp_path):
    path = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "s"
    sheet.append(["date", "datetime", "code", "text_code", "flag", "ratio"])
    sheet.append([dt.date(2016, 5, 20), dt.datetime(2016, 5, 20), 460200,
                  "91469021MA5RC1A01N", True, 0.5])
    book.save(path)
    rows = [cells for _, cells in Workbook(path).rows("s")]
    assert rows[1] == ["2016-05-20", "2016-05-20", "460200", "91469021MA5RC1A01N", "true", "0.5"]


def bad_book(demo_dir: Path, tmp_path: Path) -> Path:
    path = workbook_from_dir(demo_dir, tmp_path / "bad.xlsx")
    book = openpyxl.load_workbook(path)
    members = book["members"]
    header = [c.value for c in members[1]]
    members.cell(2, header.index("id_number") + 1, int(VALID_ID_NUMBER))  # as a number
    members.cell(3, header.index("floating") + 1, "maybe")
    entities = book["entities"]
    header = [c.value for c in entities[1]]
    entities.cell(4, header.index("type") + 1, "shop")
    book.save(path)
    return path


def test_bad_cells_are_reported_sheet_row_column_all_at_once(demo_dir, tmp_path):
    with pytest.raises(DatasetError) as info:
        read_dataset(bad_book(demo_dir, tmp_path))
    shown = [str(p) for p in info.value.problems]
    assert shown[0].startswith("entities!4: type: ")
    assert shown[1].startswith("members!2: id_number: a number of 18 digits, typed as a number")
    assert shown[2] == "members!3: floating: expected one of true/false/1/0/yes/no"
    assert len(shown) == 3
    assert not any(VALID_ID_NUMBER[:15] in s for s in shown)


def test_bad_workbook_leaves_the_store_unchanged(cli, demo_dir, tmp_path, store):
    assert cli("seed", demo_dir).exit_code == 0
    before = store.read_bytes()
    result = cli("seed", bad_book(demo_dir, tmp_path))
    assert result.exit_code == 1
    assert "members!3: floating: expected one of" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert store.read_bytes() == before


def test_missing_sheet_and_unreadable_file(demo_dir, tmp_path):
    path = workbook_from_dir(demo_dir, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    del book["members"]
    book.save(path)
    with pytest.raises(DatasetError) as info:
        read_dataset(path)
    assert [str(p) for p in info.value.problems] == ["members: required sheet is missing"]
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(DatasetError) as info:
        read_dataset(junk)
    assert "not a readable .xlsx workbook" in str(info.value.problems[0])

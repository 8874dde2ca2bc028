"""Workbooks built to exhaust the reader are refused, in one line, before calamine
sizes anything from them (issue 23, item 5): one cell at XFD1048576 once aborted
the process (a 512 GiB allocation), and one huge shared string repeated in many
cells took gigabytes to reject. The hostile files are run through a separate
process, so that a regression aborts that process, not the test run."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import graphmodel
from graphmodel import DatasetError
from graphmodel.io import workbook_limits
from graphmodel.io.workbook import Workbook

from tests.workbooks import workbook_from_dir

GRAPHMODEL = str(Path(sys.executable).with_name("graphmodel"))


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([GRAPHMODEL, "validate", str(path)], capture_output=True, text=True,
                          timeout=120, cwd=path.parent)


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def rewrite(path: Path, part: str, change) -> None:
    """Rewrite one part of the zip at ``path`` through ``change(bytes) -> bytes``."""
    with zipfile.ZipFile(path) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


def test_one_cell_far_away_is_refused_not_allocated(demo_dir, tmp_path):
    path = workbook_from_dir(demo_dir, tmp_path / "far.xlsx")
    book = openpyxl.load_workbook(path)
    book["members"]["XFD1048576"] = "far away"
    book.save(path)
    assert path.stat().st_size < 100_000
    assert_refused(validate(path), "far.xlsx", "refused before reading",
                   "sheet 'members' spans A1:XFD1048576", "at most 30,000,000")


def test_a_dimension_claiming_the_whole_sheet_is_refused(demo_dir, tmp_path):
    path = workbook_from_dir(demo_dir, tmp_path / "wide.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    part = f"xl/worksheets/sheet{names.index('regions') + 1}.xml"
    rewrite(path, part, lambda xml: xml.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="'))
    assert_refused(validate(path), "sheet 'regions' spans A1:XFD1048576")


def hand_made(path: Path, shared: bytes, cells: int) -> Path:
    """The smallest workbook calamine opens: one sheet ``members`` whose column A
    holds shared string 0 in ``cells`` rows."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(1, cells + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="members" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            for start in range(0, len(shared), 1 << 20):
                out.write(shared[start:start + (1 << 20)])
            out.write(b"</t></si></sst>")
    return path


def test_a_huge_shared_string_repeated_is_refused(tmp_path):
    path = hand_made(tmp_path / "strings.xlsx", b"a" * (20 << 20), cells=20)
    assert path.stat().st_size < 200_000  # 20 MB of text, 400 MB once in every cell
    assert_refused(validate(path), "strings.xlsx", "a shared string of more than",
                   "32,767 characters")


def test_strings_as_long_as_excel_allows_are_read(tmp_path):
    path = hand_made(tmp_path / "long.xlsx", "长".encode() * 32_767, cells=3)
    workbook_limits.check_workbook(path)  # within every limit
    rows = list(Workbook(path).rows("members"))
    assert [len(cells[0]) for _, cells in rows] == [32_767] * 3


def test_a_part_too_large_when_uncompressed_is_refused(demo_dir, tmp_path, monkeypatch):
    """The sizes the zip declares are checked first (the limit lowered here: a part of
    a gigabyte takes seconds to write)."""
    path = workbook_from_dir(demo_dir, tmp_path / "big.xlsx")
    monkeypatch.setattr(workbook_limits, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(DatasetError) as info:
        graphmodel.read_dataset(path)
    [problem] = info.value.problems
    assert "refused before reading: part 'xl/" in str(problem) and "at most 1,000" in str(problem)
    monkeypatch.setattr(workbook_limits, "MAX_MEMBER_BYTES", 1 << 30)
    monkeypatch.setattr(workbook_limits, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(DatasetError) as info:
        graphmodel.read_dataset(path)
    assert "bytes uncompressed (at most 1,000)" in str(info.value.problems[0])


def test_rows_or_cells_without_a_reference_are_refused(tmp_path):
    """Each such element takes the next place: short ones could span any rectangle."""
    path = hand_made(tmp_path / "implicit.xlsx", b"x", cells=2)
    rewrite(path, "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace(b'<row r="2">', b"<row>" + b"<c/>" * 40 + b'</row><row r="2">'))
    assert_refused(validate(path), "sheet 'members' has rows or cells without a reference")

"""Mapping files: the shipped register and member-system layouts (Chinese headers, a
merged title row) seed; problems name the source sheet, row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import graphmodel
from graphmodel import DatasetError, read_dataset
from graphmodel.io.mapping import load_mapping
from graphmodel.io.resources import shipped_dir

MAPPINGS = shipped_dir("seeds") / "mappings"
TYPES = {"small_micro": "有限责任公司", "individual": "个体工商户", "market": "集贸市场",
         "enterprise": "股份有限公司"}


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def titled_sheet(path: Path, title: str, header: list[str], rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def exports(folder: Path) -> Path:
    """Turn the demo's entities, members and memberships into the two exports."""
    regions = {r["id"]: r for r in rows_of(folder / "regions.csv")}
    industries = {r["id"]: r["name"] for r in rows_of(folder / "industries.csv")}
    organisations = {r["id"]: r["name"] for r in rows_of(folder / "organisations.csv")}
    entities = rows_of(folder / "entities.csv")
    titled_sheet(folder / "登记.xlsx", "定安县市场主体名录",
                 ["统一社会信用代码", "企业名称", "字号名称", "市场主体类型", "登记机关", "住所",
                  "所属行政区划", "行业门类"],
                 [[e["credit_code"] or None,
                   e["name"] if e["type"] != "individual" else None,
                   e["name"] if e["type"] == "individual" else None,
                   TYPES[e["type"]], "定安县市场监督管理局", "定城镇见龙大道",
                   int(regions[e["region_id"]]["code"]), industries[e["industry_id"]]]
                  for e in entities])
    first_org: dict[str, str] = {}
    for m in rows_of(folder / "memberships.csv"):
        first_org.setdefault(m["member_id"], organisations[m["organisation_id"]])
    members = rows_of(folder / "members.csv")
    titled_sheet(folder / "党员.xlsx", "党员信息",
                 ["姓名", "性别", "民族", "公民身份号码", "工作单位", "所在党组织", "是否流动党员",
                  "所在地"],
                 [[m["name"], "男", m["ethnicity"], m["id_number"] or None, "某单位",
                   first_org.get(m["id"]), "是" if m["floating"] == "yes" else "否",
                   regions[m["region_id"]]["name"]] for m in members])
    for name in ("entities", "members", "memberships", "coverage", "registrations"):
        (folder / f"{name}.csv").unlink()
    return folder


def both() -> list[Path]:
    return [MAPPINGS / "register.toml", MAPPINGS / "member-system.toml"]


def test_shipped_mappings_load():
    for path in both():
        assert load_mapping(path).files


def test_exports_seed_with_the_shipped_mappings(demo_dir, store):
    G = graphmodel.seed(exports(demo_dir), store, mapping=both())
    assert G.count("entity") == 10 and G.count("member") == 12
    assert G.counts()["memberships"] == 7  # one organisation per member in the export
    ids = G.ids("entity").tolist()
    assert "91469021MA5RC1A01N" in ids and "E5" in ids  # a credit code; an individual's row
    floating = dict(zip(G.ids("member").tolist(), G.column("member", "floating").tolist()))
    assert floating["M6"] is True  # P04, the demo's 5th member, is floating
    assert "469021198001011230" not in str(G.column("member", "id_number").tolist())


def test_cli_seed_and_validate_with_mappings(cli, demo_dir):
    folder = exports(demo_dir)
    args = ["--mapping", str(both()[0]), "--mapping", str(both()[1])]
    result = cli("validate", folder, *args)
    assert result.exit_code == 0, result.output + result.stderr
    assert cli("seed", folder, *args).exit_code == 0


def test_problems_name_the_source_sheet_row_and_column(demo_dir):
    folder = exports(demo_dir)
    book = openpyxl.load_workbook(folder / "党员.xlsx")
    book.active.cell(4, 7, "不知道")  # 是否流动党员 of the second member
    book.active.cell(5, 4, "469021198001011231")  # a wrong check digit
    book.save(folder / "党员.xlsx")
    with pytest.raises(DatasetError) as info:
        read_dataset(folder, mapping=both())
    shown = [str(p) for p in info.value.problems]
    assert shown == [
        "[党员.xlsx]Sheet!4: 是否流动党员: expected one of true/false/1/0/yes/no",
        "[党员.xlsx]Sheet!5: 公民身份号码: not a valid ID number (GB 11643 check digit)",
    ]


def test_missing_source_column_and_bad_mapping(demo_dir, tmp_path):
    folder = exports(demo_dir)
    mapping = tmp_path / "m.toml"
    mapping.write_text((MAPPINGS / "register.toml").read_text("utf-8")
                       .replace('"行业门类"\n', '"行业"\n'), "utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(folder, mapping=[mapping, both()[1]])
    assert [str(p) for p in info.value.problems] == [
        "[登记.xlsx]Sheet!2: 行业: column not found (mapped to industry_id); the header row "
        "is row 2: set title_rows if titles come first"]
    mapping.write_text("[files.nonsense]\nsource = 1\n", "utf-8")
    with pytest.raises(DatasetError) as info:
        load_mapping(mapping)
    assert "not a dataset file" in str(info.value.problems[0])


@pytest.mark.parametrize("source", ["../../../../etc/passwd", "/etc/passwd", "a/../../x.csv",
                                    "..\\secret.csv", "C:\\x.csv", " ", "x\0.csv"])
def test_a_mapping_source_outside_the_folder_is_refused(tmp_path, source):
    """A mapping's ``source = "../../../../etc/passwd"`` once seeded that file's lines
    as industry names."""
    import json

    mapping = tmp_path / "m.toml"
    # A JSON string is a TOML basic string (escapes included).
    mapping.write_text(f"[files.industries]\nsource = {json.dumps(source)}\n", "utf-8")
    with pytest.raises(DatasetError) as info:
        load_mapping(mapping)
    [problem] = info.value.problems
    assert "expected a file inside the SOURCE folder" in str(problem)
    assert "root:" not in str(info.value)


def test_a_mapping_source_that_links_outside_the_folder_is_refused(demo_dir, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("id,name\nI-X,secret\n", encoding="utf-8")
    (demo_dir / "linked.csv").symlink_to(outside)
    mapping = tmp_path / "m.toml"
    mapping.write_text('[files.industries]\nsource = "linked.csv"\n', "utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(demo_dir, mapping=mapping)
    assert any("leads outside the SOURCE folder" in str(p) for p in info.value.problems)
    assert "secret" not in str(info.value)

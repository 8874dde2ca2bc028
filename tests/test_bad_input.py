"""The dataset contract: what `read_dataset` rejects, and how it says so.

Each test starts from an editable copy of the demo dataset (``demo_dir``), breaks one
rule in one CSV, and checks the exact problem(s): the file, the physical line (the
header is line 1), the column and a message that says what is wrong. The CLI tests at
the end check that `validate` and `seed` report the same problems on stderr, exit 1,
and that a rejected `seed` leaves the store exactly as it was.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from graphmodel import DatasetError, Problem, read_dataset

BOM = b"\xef\xbb\xbf"
NOT_TEXT = b"\xff\xfe\xff"  # neither UTF-8 nor GB18030

# Personal data in the demo: the ID number of P01 (members.csv, line 2), and the same
# number with a wrong check digit.
VALID_ID_NUMBER = "469021198001011230"
BAD_ID_NUMBER = "469021198001011231"


# --- helpers ---------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")


def set_cell(dataset: Path, file: str, line: int, column: str, value: str) -> None:
    """Set ``column`` on physical ``line`` of ``file`` (the header is line 1)."""
    rows = read_rows(dataset / file)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(dataset / file, rows)


def append_row(dataset: Path, file: str, *cells: str) -> int:
    """Append a row of raw cells to ``file``; returns its line number."""
    rows = read_rows(dataset / file)
    rows.append(list(cells))
    write_rows(dataset / file, rows)
    return len(rows)


def problems_of(dataset: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as info:
        read_dataset(dataset)
    return info.value.problems


def where(p: Problem) -> tuple[str, int | None, str | None]:
    """A problem's location: (file name, line, column)."""
    return Path(p.file).name, p.line, p.column


def only_problem(dataset: Path) -> Problem:
    problems = problems_of(dataset)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def in_file(problems: list[Problem], file: str) -> list[Problem]:
    return [p for p in problems if Path(p.file).name == file]


def mentions(message: str, *words: str) -> bool:
    return all(w.lower() in message.lower() for w in words)


PROBLEM_LINE = re.compile(r"^\S+\.csv(:\d+)?: (\w+: )?.+$")


# --- files -----------------------------------------------------------------------


@pytest.mark.parametrize("file", ["regions.csv", "entities.csv", "organisations.csv",
                                  "members.csv"])
def test_missing_required_file_is_a_problem(demo_dir, file):
    (demo_dir / file).unlink()
    # References into the missing file are not reported again: one problem.
    p = only_problem(demo_dir)
    assert where(p) == (file, None, None)
    assert mentions(p.message, "required", "missing")


def test_missing_required_file_alone_is_the_only_problem(demo_dir):
    # members.csv with the two optional files that refer to members: one problem.
    for file in ("members.csv", "memberships.csv", "registrations.csv"):
        (demo_dir / file).unlink()
    p = only_problem(demo_dir)
    assert where(p) == ("members.csv", None, None)
    assert str(p) == f"{demo_dir / 'members.csv'}: required file is missing"


def test_missing_optional_file_means_no_rows(demo_dir):
    (demo_dir / "guidance.csv").unlink()
    G = read_dataset(demo_dir)
    assert G.counts()["guidance"] == 0
    assert G.count("entity") == 10


def test_required_column_missing_from_header(demo_dir):
    rows = read_rows(demo_dir / "coverage.csv")
    col = rows[0].index("entity_id")
    write_rows(demo_dir / "coverage.csv", [r[:col] + r[col + 1:] for r in rows])
    p = only_problem(demo_dir)
    assert where(p) == ("coverage.csv", 1, "entity_id")
    assert mentions(p.message, "required column", "missing")


def test_column_named_twice_in_header(demo_dir):
    set_cell(demo_dir, "coverage.csv", 1, "since", "entity_id")
    p = only_problem(demo_dir)
    assert where(p) == ("coverage.csv", 1, "entity_id")
    assert mentions(p.message, "twice")


def test_a_hash_beside_a_whole_number_is_refused(demo_dir):
    # id_number_hash is what graphmodel derives from id_number: a dataset supplies it
    # only beside a masked number, as graphmodel export csv writes them, never beside a
    # whole number (P01's, line 2), whose hash graphmodel makes itself.
    rows = read_rows(demo_dir / "members.csv")
    write_rows(demo_dir / "members.csv", [r + (["id_number_hash"] if i == 0 else
                                               ["ab" * 32] if i == 1 else [""])
                                          for i, r in enumerate(rows)])
    p = only_problem(demo_dir)
    assert where(p) == ("members.csv", 2, "id_number_hash")
    assert mentions(p.message, "masked")


@pytest.mark.parametrize("file", ["guidance.csv", "regions.csv"])
def test_empty_zero_byte_file(demo_dir, file):
    (demo_dir / file).write_bytes(b"")
    [p] = in_file(problems_of(demo_dir), file)
    assert where(p) == (file, 1, None)
    assert mentions(p.message, "empty", "header")


def test_ragged_row_with_more_cells_than_header(demo_dir):
    # E03 on line 4 gets a ninth cell. Only the row itself is wrong: member P06, whose
    # employer is E03, must not be reported again (as for any row failing its checks).
    rows = read_rows(demo_dir / "entities.csv")
    assert rows[3][0] == "E03"
    rows[3] = rows[3] + ["extra"]
    write_rows(demo_dir / "entities.csv", rows)
    p = only_problem(demo_dir)
    assert where(p) == ("entities.csv", 4, None)
    assert mentions(p.message, "9 cells", "8")


def test_ragged_row_with_fewer_cells_than_header(demo_dir):
    rows = read_rows(demo_dir / "entities.csv")
    assert rows[9][0] == "E09"  # line 10, referenced by nothing
    rows[9] = rows[9][:-2]
    write_rows(demo_dir / "entities.csv", rows)
    p = only_problem(demo_dir)
    assert where(p) == ("entities.csv", 10, None)
    assert mentions(p.message, "6 cells", "8")


# --- cells -----------------------------------------------------------------------


def test_empty_cell_is_a_missing_required_value(demo_dir):
    set_cell(demo_dir, "entities.csv", 3, "name", "")
    p = only_problem(demo_dir)
    assert where(p) == ("entities.csv", 3, "name")
    assert mentions(p.message, "required", "missing")


@pytest.mark.parametrize("file, line, column, bad, allowed", [
    ("entities.csv", 4, "type", "shop", ["small_micro", "individual", "market", "enterprise"]),
    ("organisations.csv", 3, "level", "cell", ["committee", "general_branch", "branch"]),
    ("stations.csv", 2, "kind", "desk", ["liaison_station", "consultation_desk"]),
    ("members.csv", 2, "found_via", "telepathy", ["registration", "annual_report", "supervision",
                                                  "phone", "visit", "referral"]),
], ids=["entity-type", "organisation-level", "station-kind", "found_via-channel"])
def test_bad_enum_value(demo_dir, file, line, column, bad, allowed):
    set_cell(demo_dir, file, line, column, bad)
    p = only_problem(demo_dir)
    assert where(p) == (file, line, column)
    assert mentions(p.message, *allowed)


def test_booleans_accept_true_false_1_0_yes_no_in_any_case(demo_dir):
    # P02, line 3
    set_cell(demo_dir, "members.csv", 3, "floating", "YES")
    set_cell(demo_dir, "members.csv", 3, "pocket", "False")
    set_cell(demo_dir, "members.csv", 3, "hidden", "1")
    G = read_dataset(demo_dir)
    row = G.index("member")["P02"]
    assert bool(G.column("member", "floating")[row]) is True
    assert bool(G.column("member", "pocket")[row]) is False
    assert bool(G.column("member", "hidden")[row]) is True


def test_boolean_maybe_is_rejected(demo_dir):
    set_cell(demo_dir, "members.csv", 3, "floating", "maybe")
    p = only_problem(demo_dir)
    assert where(p) == ("members.csv", 3, "floating")
    assert mentions(p.message, "true", "false", "yes", "no")


@pytest.mark.parametrize("bad, says", [("2016/06/16", "YYYY-MM-DD"),
                                       ("2016-02-30", "calendar date")],
                         ids=["slashes", "no-such-day"])
def test_dates_must_be_iso(demo_dir, bad, says):
    set_cell(demo_dir, "organisations.csv", 3, "founded", bad)
    p = only_problem(demo_dir)
    assert where(p) == ("organisations.csv", 3, "founded")
    assert mentions(p.message, says)


# --- ids and links ---------------------------------------------------------------


def test_ids_unique_within_a_kind(demo_dir):
    line = append_row(demo_dir, "entities.csv", "E03", "另一家粉店", "individual", "R-DA",
                      "", "", "", "")
    p = only_problem(demo_dir)
    assert where(p) == ("entities.csv", line, "id")
    assert mentions(p.message, "duplicate", "E03", "first on line 4")


def test_duplicate_row_in_a_link_file(demo_dir):
    line = append_row(demo_dir, "memberships.csv", "P01", "O02", "member", "2016-01-01")
    p = only_problem(demo_dir)
    assert where(p) == ("memberships.csv", line, "organisation_id")
    assert mentions(p.message, "duplicate", "P01", "O02", "first on line 2")


# --- references ------------------------------------------------------------------


def test_reference_to_unknown_region(demo_dir):
    set_cell(demo_dir, "entities.csv", 2, "region_id", "R-XX")
    p = only_problem(demo_dir)
    assert where(p) == ("entities.csv", 2, "region_id")
    assert mentions(p.message, "unknown region", "R-XX")


def test_reference_to_unknown_employer(demo_dir):
    set_cell(demo_dir, "members.csv", 3, "employer_id", "E99")
    p = only_problem(demo_dir)
    assert where(p) == ("members.csv", 3, "employer_id")
    assert mentions(p.message, "unknown entity", "E99")


def test_coverage_of_unknown_organisation(demo_dir):
    set_cell(demo_dir, "coverage.csv", 2, "organisation_id", "O99")
    p = only_problem(demo_dir)
    assert where(p) == ("coverage.csv", 2, "organisation_id")
    assert mentions(p.message, "unknown organisation", "O99")


def test_registration_of_unknown_member(demo_dir):
    set_cell(demo_dir, "registrations.csv", 2, "member_id", "P99")
    p = only_problem(demo_dir)
    assert where(p) == ("registrations.csv", 2, "member_id")
    assert mentions(p.message, "unknown member", "P99")


def test_registration_at_a_consultation_desk_is_the_wrong_kind(demo_dir):
    set_cell(demo_dir, "registrations.csv", 3, "station_id", "S02")  # P11
    p = only_problem(demo_dir)
    assert where(p) == ("registrations.csv", 3, "station_id")
    assert mentions(p.message, "S02", "consultation_desk", "liaison_station")


def test_market_id_must_be_an_entity_of_type_market(demo_dir):
    set_cell(demo_dir, "entities.csv", 6, "market_id", "E01")  # E05 trades in E01
    p = only_problem(demo_dir)
    assert where(p) == ("entities.csv", 6, "market_id")
    assert mentions(p.message, "E01", "small_micro", "market")


# --- trees -----------------------------------------------------------------------


def test_region_tree_has_no_cycle_of_two(demo_dir):
    # R-DA-DC (line 6) and R-DA-LH (line 7), each the other's parent.
    set_cell(demo_dir, "regions.csv", 6, "parent_id", "R-DA-LH")
    set_cell(demo_dir, "regions.csv", 7, "parent_id", "R-DA-DC")
    p = only_problem(demo_dir)
    assert where(p) == ("regions.csv", 6, "parent_id")
    assert mentions(p.message, "cycle", "R-DA-DC", "R-DA-LH")


def test_region_tree_region_is_not_its_own_parent(demo_dir):
    set_cell(demo_dir, "regions.csv", 7, "parent_id", "R-DA-LH")
    p = only_problem(demo_dir)
    assert where(p) == ("regions.csv", 7, "parent_id")
    assert mentions(p.message, "cycle", "R-DA-LH")


def test_organisation_tree_has_no_cycle(demo_dir):
    set_cell(demo_dir, "organisations.csv", 2, "parent_id", "O02")  # O02's parent is O01
    p = only_problem(demo_dir)
    assert where(p) == ("organisations.csv", 2, "parent_id")
    assert mentions(p.message, "cycle", "O01", "O02")


# --- national codes --------------------------------------------------------------


def test_credit_code_check_character(demo_dir):
    good = read_rows(demo_dir / "entities.csv")[1][6]
    assert good == "91469021MA5RC1A01N"
    set_cell(demo_dir, "entities.csv", 2, "credit_code", good[:-1] + "P")
    p = only_problem(demo_dir)
    assert where(p) == ("entities.csv", 2, "credit_code")
    assert mentions(p.message, "credit code", "GB 32100")


def _break_id_number(dataset: Path) -> None:
    assert read_rows(dataset / "members.csv")[1][11] == VALID_ID_NUMBER
    set_cell(dataset, "members.csv", 2, "id_number", BAD_ID_NUMBER)


def _leaks(text: str) -> bool:
    return BAD_ID_NUMBER in text or BAD_ID_NUMBER[:17] in text


def test_id_number_check_digit_and_no_leak_in_problems(demo_dir):
    _break_id_number(demo_dir)
    with pytest.raises(DatasetError) as info:
        read_dataset(demo_dir)
    [p] = info.value.problems
    assert where(p) == ("members.csv", 2, "id_number")
    assert mentions(p.message, "ID number", "GB 11643")
    assert not _leaks(str(p)) and not _leaks(repr(p)) and not _leaks(str(info.value))


@pytest.mark.parametrize("command", ["validate", "seed"])
def test_id_number_never_in_cli_output(demo_dir, cli, command):
    _break_id_number(demo_dir)
    result = cli(command, demo_dir)
    assert result.exit_code == 1, result.output
    assert "id_number" in result.stderr
    for text in (result.output, result.stdout, result.stderr):
        assert not _leaks(text)


# --- encodings -------------------------------------------------------------------


def test_gb18030_dataset_loads_with_chinese_intact(demo_dir):
    for path in demo_dir.glob("*.csv"):
        path.write_bytes(path.read_text("utf-8").encode("gb18030"))
    G = read_dataset(demo_dir)
    names = G.column("entity", "name").tolist()
    assert names[G.index("entity")["E01"]] == "定安文笔峰旅游开发有限公司"
    assert G.column("region", "name").tolist()[G.index("region")["HN"]] == "海南省"


def test_a_utf8_line_pasted_into_a_gb18030_file_is_refused(demo_dir):
    """A GB18030 members.csv with one line pasted as UTF-8 (阿不都·热合曼) once loaded
    as garbage with no problem said."""
    path = demo_dir / "members.csv"
    lines = path.read_text("utf-8").split("\n")
    pasted = 3
    lines[pasted - 1] = lines[pasted - 1].replace(lines[pasted - 1].split(",")[1], "阿不都·热合曼")
    raw = b"\n".join(line.encode("utf-8") if n == pasted else line.encode("gb18030")
                     for n, line in enumerate(lines, 1))
    path.write_bytes(raw)
    with pytest.raises(DatasetError) as info:
        read_dataset(demo_dir)
    [problem] = info.value.problems
    assert str(problem).endswith(f"members.csv:{pasted}: line {pasted} is UTF-8 while the "
                                 "rest of the file is GB18030 (mixed encodings); save the file in one encoding")


def test_utf8_with_bom_loads(demo_dir):
    for path in demo_dir.glob("*.csv"):
        path.write_bytes(BOM + path.read_bytes())
    G = read_dataset(demo_dir)
    assert G.count("region") == 6  # the first header cell is "id", not "\ufeffid"
    assert G.column("entity", "name").tolist()[G.index("entity")["E01"]] == (
        "定安文笔峰旅游开发有限公司")


def _insert_bytes(path: Path, line: int, at_start: bool) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = NOT_TEXT + lines[line - 1] if at_start else lines[line - 1] + NOT_TEXT
    path.write_bytes(b"\n".join(lines))


@pytest.mark.parametrize("encoding, at_start", [
    ("utf-8", False), ("utf-8", True), ("utf-8-bom", False), ("utf-8-bom", True),
    ("gb18030", False),
], ids=["utf8-end-of-row", "utf8-start-of-row", "bom-end-of-row", "bom-start-of-row",
        "gb18030-end-of-row"])
def test_bytes_neither_utf8_nor_gb18030_are_located(demo_dir, encoding, at_start):
    # The file is UTF-8, UTF-8 with a BOM, or GB18030 as Excel writes it; the bad
    # bytes are on line 4, after Chinese text on lines 2 and 3.
    file, line = "agencies.csv", 4
    path = demo_dir / file
    if encoding == "gb18030":
        path.write_bytes(path.read_text("utf-8").encode("gb18030"))
    elif encoding == "utf-8-bom":
        path.write_bytes(BOM + path.read_bytes())
    _insert_bytes(path, line, at_start)
    # The whole file is unreadable, so references to agencies may fail too.
    [p] = in_file(problems_of(demo_dir), file)
    assert where(p) == (file, line, None)
    assert mentions(p.message, "UTF-8", "GB18030")


# --- extra columns ---------------------------------------------------------------


def test_extra_columns_are_kept_as_properties(demo_dir):
    G = read_dataset(demo_dir)
    assert "owner_note" in G.columns["entity"]
    notes = G.column("entity", "owner_note").tolist()
    assert notes[G.index("entity")["E03"]] == "run by a member"


# --- every problem at once -------------------------------------------------------


def break_five_files(dataset: Path) -> list[tuple[str, int, str]]:
    """Six problems in five files, made in an order unlike the report's; returns
    their locations in the order they must be reported (file, then line)."""
    set_cell(dataset, "registrations.csv", 2, "station_id", "S02")  # wrong kind
    set_cell(dataset, "regions.csv", 3, "level", "planet")  # bad enum
    set_cell(dataset, "organisations.csv", 7, "founded", "2015-13-01")  # bad date
    set_cell(dataset, "members.csv", 4, "last_org_life", "2016/01/01")  # bad date
    set_cell(dataset, "entities.csv", 5, "type", "shop")  # bad enum (a row check)
    set_cell(dataset, "entities.csv", 2, "region_id", "R-XX")  # unknown (a graph check)
    return [
        ("entities.csv", 2, "region_id"),
        ("entities.csv", 5, "type"),
        ("members.csv", 4, "last_org_life"),
        ("organisations.csv", 7, "founded"),
        ("regions.csv", 3, "level"),
        ("registrations.csv", 2, "station_id"),
    ]


def test_every_problem_reported_at_once_sorted_by_file_then_line(demo_dir):
    expected = break_five_files(demo_dir)
    problems = problems_of(demo_dir)
    assert [where(p) for p in problems] == expected


# --- the CLI on a bad dataset ----------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "seed"])
def test_cli_rejects_bad_dataset_with_located_lines_on_stderr(demo_dir, cli, command):
    expected = break_five_files(demo_dir)
    result = cli(command, demo_dir)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    shown = [text for text in result.stderr.splitlines() if text.startswith(str(demo_dir))]
    assert len(shown) == len(expected)
    for line, (file, number, column) in zip(shown, expected):
        assert PROBLEM_LINE.match(line), line
        assert line.startswith(f"{demo_dir / file}:{number}: {column}: ")
    assert str(demo_dir) not in result.stdout


def test_seed_of_bad_dataset_leaves_the_store_as_it_was(demo_dir, cli, seeded):
    before = seeded.read_bytes()
    answer = cli("query", "uncovered", "-f", "json")
    assert answer.exit_code == 0, answer.output
    break_five_files(demo_dir)

    result = cli("seed", demo_dir)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert seeded.read_bytes() == before
    assert sorted(p.name for p in seeded.parent.iterdir()) == [seeded.name]  # no temp file
    again = cli("query", "uncovered", "-f", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(answer.stdout)


def test_seed_of_bad_dataset_without_a_store_creates_no_file(demo_dir, cli, store):
    break_five_files(demo_dir)
    result = cli("seed", demo_dir)
    assert result.exit_code == 1
    assert not store.exists()
    assert not store.parent.exists() or not any(store.parent.iterdir())

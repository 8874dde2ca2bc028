"""ID numbers: stored only as a keyed hash and a masked form; the raw number reaches
no store, no Neo4j, no output, no error, no log."""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import graphmodel
from graphmodel.codes import id_number_check_char, is_valid_credit_code, mask
from graphmodel.errors import GraphmodelError, Problem
from graphmodel.io.keys import keyed_hash, load_key

RAW = ["469021198001011230", "469021197503152346", "460200198807203451", "469021199009094565"]


def leaks(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        return [n for n in RAW if n.encode() in text or n.encode("utf-32-le") in text]
    return [n for n in RAW if n in text]


def test_the_store_holds_a_mask_and_a_keyed_hash_only(tmp_path):
    key = load_key(tmp_path / "key")
    G = graphmodel.seed("demo", tmp_path / "store.gmz")
    assert not leaks((tmp_path / "store.gmz").read_bytes())
    H = graphmodel.open_store(tmp_path / "store.gmz")
    assert H.column("member", "id_number")[0] == "**************1230"
    assert H.column("member", "id_number_hash")[0] == keyed_hash(load_key(), RAW[0])
    assert H.column("member", "id_number_hash")[0] != keyed_hash(key, RAW[0])  # another key
    assert G.columns["member"][-1] == "id_number_hash"


def test_the_same_person_hashes_the_same_in_two_datasets(tmp_path, demo_dir):
    first = graphmodel.read_dataset(demo_dir)
    members = demo_dir / "members.csv"
    text = members.read_text(encoding="utf-8").replace("P01,", "Q77,").replace("P01", "Q77")
    members.write_text(text, encoding="utf-8")
    for file in ("memberships.csv",):
        path = demo_dir / file
        path.write_text(path.read_text(encoding="utf-8").replace("P01", "Q77"), encoding="utf-8")
    second = graphmodel.read_dataset(demo_dir)
    h1 = dict(zip(first.ids("member").tolist(), first.column("member", "id_number_hash").tolist()))
    h2 = dict(zip(second.ids("member").tolist(), second.column("member", "id_number_hash").tolist()))
    assert h1["P01"] == h2["Q77"] and h1["P01"] != ""
    other_key = graphmodel.read_dataset(demo_dir, key=b"another key, 32 bytes long......")
    assert other_key.column("member", "id_number_hash")[0] != h2["Q77"]


def test_no_output_or_error_shows_a_raw_number(cli, seeded, demo_dir, caplog):
    outputs = []
    with caplog.at_level(logging.DEBUG):
        for args in [("query", "isolated", "-f", "json"), ("query", "uncovered", "-f", "csv"),
                     ("report", "-f", "json"), ("validate", demo_dir)]:
            outputs.append(cli(*args).output)
        members = demo_dir / "members.csv"
        members.write_text(members.read_text(encoding="utf-8").replace(RAW[0], RAW[0][:-1] + "9")
                           .replace("P02,陈丽,R-DA-DC,E01,汉族,no", "P02,陈丽,R-DA-DC,E01,汉族,maybe"),
                           encoding="utf-8")
        bad = cli("seed", demo_dir)
        assert bad.exit_code == 1 and "id_number" in bad.stderr
        outputs.append(bad.output)
        with pytest.raises(graphmodel.DatasetError) as error:
            graphmodel.read_dataset(demo_dir)
    outputs += [str(error.value), repr(error.value), *map(str, error.value.problems), caplog.text]
    assert not leaks("\n".join(outputs))
    assert (RAW[0][:-1] + "9") not in "\n".join(outputs)


@pytest.mark.neo4j
def test_neo4j_gets_no_raw_number(cli, seeded, neo4j_env, neo4j_driver):
    assert cli("push", env=neo4j_env).exit_code == 0
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n) RETURN collect(properties(n)) AS p")
    assert not leaks(repr(records[0]["p"]))
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (m:PartyMember {id: 'P01'}) RETURN m.id_number AS masked, m.id_number_hash AS h")
    assert records[0]["masked"] == "**************1230" and len(records[0]["h"]) == 64


def test_an_unexpected_error_shows_no_local_variables(tmp_path):
    # A real crash inside a real command of the real app: the traceback must not
    # print locals (a password would be one of them).
    script = tmp_path / "crash.py"
    script.write_text(
        "import os, sys\n"
        "from graphmodel.cli import app\n"
        "@app.command('crash')\n"
        "def crash():\n"
        "    password = os.environ['THE_PASSWORD']  # a local, as in the neo4j commands\n"
        "    raise RuntimeError('boom')\n"
        "sys.argv = ['graphmodel', 'crash']\n"
        "app()\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "200", "THE_PASSWORD": "hunter2-secret"})
    assert result.returncode == 1 and "RuntimeError" in result.stderr
    assert "hunter2-secret" not in result.stderr + result.stdout


# --- ID numbers outside the id_number column; masks; the key's custody -------------

STRAY = "looks like a resident ID number"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")


def _set(path: Path, line: int, column: str, value: str) -> None:
    rows = _rows(path)
    rows[line - 1][rows[0].index(column)] = value
    _write(path, rows)


def _add_column(path: Path, name: str, values: dict[int, str]) -> None:
    """Append a column ``name``; ``values`` by physical line (the header is line 1)."""
    _write(path, [r + [name if i == 0 else values.get(i + 1, "")]
                  for i, r in enumerate(_rows(path))])


def _problems(dataset: Path) -> list[Problem]:
    with pytest.raises(graphmodel.DatasetError) as info:
        graphmodel.read_dataset(dataset)
    return info.value.problems


def _shown(masked: str) -> int:
    return sum(c != "*" for c in masked)


def _number(check: str | None = None, valid_credit_code: bool = False) -> str:
    """An ID number of someone born 1980-01-01 in 469021, with the given check
    character, or one that is a valid credit code too."""
    for seq in range(1000):
        first17 = f"46902119800101{seq:03d}"
        number = first17 + id_number_check_char(first17)
        if (check is None or number[17] == check) and \
                (not valid_credit_code or is_valid_credit_code(number)):
            return number
    raise AssertionError("no such number")


def test_a_mask_shows_at_most_four_characters(tmp_path):
    assert [mask(n) for n in RAW[:2]] == ["**************1230", "**************2346"]
    assert all(_shown(mask(n)) <= 4 and len(mask(n)) == 18 for n in RAW)
    G = graphmodel.seed("demo", tmp_path / "store.gmz")
    stored = [m for m in graphmodel.open_store(tmp_path / "store.gmz")
              .column("member", "id_number").tolist() if m]
    assert len(stored) == len(RAW) and all(_shown(m) <= 4 for m in stored)
    assert G.column("member", "id_number")[0] == "**************1230"


@pytest.mark.parametrize("header", ["ID_Number", " id_number ", "Id_Number"])
def test_an_id_number_header_in_any_case_is_personal(demo_dir, tmp_path, header):
    members = demo_dir / "members.csv"
    rows = _rows(members)
    rows[0][rows[0].index("id_number")] = header
    _write(members, rows)
    G = graphmodel.seed(demo_dir, tmp_path / "store.gmz")
    assert not leaks((tmp_path / "store.gmz").read_bytes())
    assert header.strip() not in G.columns["member"] or header.strip() == "id_number"
    assert G.column("member", "id_number")[0] == "**************1230"
    assert G.column("member", "id_number_hash")[0] == keyed_hash(load_key(), RAW[0])


def test_a_derived_column_in_any_case_comes_only_beside_its_number(demo_dir):
    # The hash is supplied only beside a masked number (graphmodel export csv's files).
    _add_column(demo_dir / "instructors.csv", "ID_Number_Hash", {2: "x"})
    [p] = _problems(demo_dir)
    assert (Path(p.file).name, p.line, p.column) == ("instructors.csv", 1, "id_number_hash")
    assert "comes only beside id_number" in p.message


def test_an_id_number_column_in_instructors_is_masked_and_hashed(demo_dir, tmp_path):
    _add_column(demo_dir / "instructors.csv", "id_number", {2: RAW[1]})
    G = graphmodel.seed(demo_dir, tmp_path / "store.gmz")
    assert not leaks((tmp_path / "store.gmz").read_bytes())
    H = graphmodel.open_store(tmp_path / "store.gmz")
    assert H.column("instructor", "id_number").tolist()[:2] == ["**************2346", ""]
    assert H.column("instructor", "id_number_hash")[0] == keyed_hash(load_key(), RAW[1])
    assert "id_number_hash" in G.columns["instructor"]
    # and it is checked like a member's: a wrong check digit, never echoed
    _set(demo_dir / "instructors.csv", 2, "id_number", RAW[1][:-1] + "7")
    [p] = _problems(demo_dir)
    assert (Path(p.file).name, p.line, p.column) == ("instructors.csv", 2, "id_number")
    assert "GB 11643" in p.message and RAW[1][:-1] not in str(p)


def _put_employer(d: Path) -> tuple[str, int, str, str]:
    _set(d / "members.csv", 2, "employer_id", RAW[0])
    return "members.csv", 2, "employer_id", RAW[0]


def _put_remarks(d: Path) -> tuple[str, int, str, str]:
    _add_column(d / "members.csv", "remarks", {3: f"身份证{RAW[1]}，已核实"})
    return "members.csv", 3, "remarks", RAW[1]


def _put_registration(d: Path) -> tuple[str, int, str, str]:
    _set(d / "registrations.csv", 2, "member_id", RAW[3])
    return "registrations.csv", 2, "member_id", RAW[3]


def _put_member_id(d: Path) -> tuple[str, int, str, str]:
    _set(d / "members.csv", 4, "id", RAW[2])  # (P03's memberships now point nowhere)
    return "members.csv", 4, "id", RAW[2]


def _put_entity_name(d: Path) -> tuple[str, int, str, str]:
    number = _number(check="X").lower()
    _set(d / "entities.csv", 2, "name", f"{number} 个体户")
    return "entities.csv", 2, "name", number


@pytest.mark.parametrize("put", [_put_employer, _put_remarks, _put_registration,
                                 _put_member_id, _put_entity_name])
def test_an_id_number_in_another_cell_is_refused_masked(demo_dir, put):
    file, line, column, number = put(demo_dir)
    problems = _problems(demo_dir)
    [p] = [p for p in problems if STRAY in p.message]
    assert (Path(p.file).name, p.line, p.column) == (file, line, column)
    assert mask(number) in p.message
    assert number[:17] not in "\n".join(map(str, problems))


@pytest.mark.parametrize("written", [
    "陈丽ID{n}", "sfz{n}", "{n}abc", "{a} {b} {c}", "{a}-{b}-{c}", "{a}\u200b{b}{c}",
    "O{n}", "{a}{b}\ufeff{c}号"])
def test_an_id_number_in_disguise_is_found_and_masked(demo_dir, written):
    """Glued to letters, grouped by spaces or hyphens, or with a zero-width space
    inside: each reached the store and every export once."""
    number = RAW[1]
    text = written.format(n=number, a=number[:6], b=number[6:14], c=number[14:])
    _add_column(demo_dir / "members.csv", "remarks", {3: text})
    problems = _problems(demo_dir)
    [p] = [p for p in problems if STRAY in p.message]
    assert (Path(p.file).name, p.line, p.column) == ("members.csv", 3, "remarks")
    shown = "\n".join(map(str, problems))
    assert mask(number) in shown and number[6:14] not in shown


def test_an_unknown_reference_quoting_a_number_shows_it_masked(demo_dir):
    _set(demo_dir / "memberships.csv", 2, "organisation_id", "O" + RAW[2])
    shown = "\n".join(map(str, _problems(demo_dir)))
    assert RAW[2][6:14] not in shown and mask(RAW[2]) in shown


def test_an_id_number_as_a_column_name_or_in_a_link_file_is_refused(demo_dir):
    _add_column(demo_dir / "members.csv", RAW[0], {})
    _add_column(demo_dir / "memberships.csv", "ID_Number", {})
    problems = _problems(demo_dir)
    assert [(Path(p.file).name, p.line) for p in problems] == \
        [("members.csv", 1), ("memberships.csv", 1)]
    assert STRAY in problems[0].message and "link file" in problems[1].message
    assert not leaks("\n".join(map(str, problems)))


def test_codes_and_impossible_birth_dates_are_not_id_numbers(demo_dir):
    # A valid credit code in credit_code is one even when it also passes GB 11643;
    # 18 digits with no real birth date (month 13) are no person's number.
    dual = _number(valid_credit_code=True)
    _set(demo_dir / "entities.csv", 2, "credit_code", dual)
    first17 = "46902119801301000"
    _add_column(demo_dir / "members.csv", "remarks",
                {2: first17 + id_number_check_char(first17), 3: "E0123456789012345678"})
    graphmodel.read_dataset(demo_dir)
    # the same number anywhere else is refused
    _set(demo_dir / "members.csv", 3, "remarks", dual)
    [p] = _problems(demo_dir)
    assert (p.line, p.column) == (3, "remarks") and STRAY in p.message


def test_x_and_X_are_the_same_person(demo_dir):
    upper = _number(check="X")
    hashes, masks = [], []
    for number in (upper, upper.lower()):
        _set(demo_dir / "members.csv", 2, "id_number", number)
        G = graphmodel.read_dataset(demo_dir)
        hashes.append(G.column("member", "id_number_hash")[0])
        masks.append(G.column("member", "id_number")[0])
    assert hashes[0] == hashes[1] == keyed_hash(load_key(), upper)
    assert masks[0] == masks[1] == mask(upper)


def test_every_message_masks_an_id_number():
    p = Problem("members.csv", 2, "employer_id", f"unknown entity '{RAW[0]}'")
    assert str(p) == "members.csv:2: employer_id: unknown entity '**************1230'"
    error = graphmodel.DatasetError(f"/data/{RAW[1]}", [p])
    assert not leaks(str(error) + error.source + repr(error.problems))


def test_the_cli_never_shows_a_raw_number(cli, demo_dir, tmp_path):
    outputs = []
    _put_employer(demo_dir)
    _put_remarks(demo_dir)
    _put_registration(demo_dir)
    _add_column(demo_dir / "instructors.csv", "ID_Number", {3: RAW[2]})
    for command in ("validate", "seed"):
        result = cli(command, demo_dir)
        assert result.exit_code == 1 and "**************1230" in result.stderr
        outputs.append(result.output)
    missing = cli("validate", tmp_path / RAW[3])  # a message quoting the source
    assert missing.exit_code == 1 and "**************4565" in missing.stderr
    outputs.append(missing.output)
    assert not leaks("\n".join(outputs))


# --- the key -----------------------------------------------------------------------


def test_a_new_key_is_private(tmp_path):
    path = tmp_path / "config" / "graphmodel" / "key"
    assert len(load_key(path)) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [f.name for f in path.parent.iterdir()] == ["key"]  # no temporary file left


@contextlib.contextmanager
def _tiny_filesystem(where: Path):
    where.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(where)],
                       check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tiny tmpfs to fill up: {exc}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_a_full_disk_leaves_no_empty_key(tmp_path):
    with _tiny_filesystem(tmp_path / "tiny") as tiny:
        filler = tiny / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as f:
            while True:
                f.write(b"x" * 512)
                f.flush()
        key = tiny / "key"
        with pytest.raises((GraphmodelError, OSError)) as info:
            load_key(key)
        assert sorted(f.name for f in tiny.iterdir()) == ["filler"]  # no empty key
        assert isinstance(info.value, GraphmodelError) and "cannot create" in str(info.value)
        filler.unlink()
        assert len(load_key(key)) == 32 and load_key(key) == load_key(key)


@pytest.mark.parametrize("where", ["store", "dataset", "neo4j"])
def test_a_key_inside_a_folder_of_data_is_refused(cli, store, demo_dir, tmp_path, where,
                                                  monkeypatch):
    key = {"store": store.parent / "key", "dataset": demo_dir / "sub" / "key",
           "neo4j": tmp_path / "neo4j" / "data" / "key"}[where]
    env = {"GRAPHMODEL_KEY_FILE": str(key), "GRAPHMODEL_NEO4J_DIR": str(tmp_path / "neo4j")}
    for args in (("seed", demo_dir), ("validate", demo_dir)):
        result = cli(*args, env=env)
        assert result.exit_code == 1, result.output
        assert f"{key}: the personal-data key lies inside" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not key.exists() and not store.exists()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(GraphmodelError, match="inside"):
        graphmodel.seed(demo_dir, store)
    assert not key.exists() and not store.exists()


def test_a_key_others_can_read_is_refused(cli, tmp_path):
    key = tmp_path / "keys" / "key"
    load_key(key)
    key.chmod(0o644)
    with pytest.raises(GraphmodelError, match="chmod 600"):
        load_key(key)
    result = cli("seed", "demo", env={"GRAPHMODEL_KEY_FILE": str(key)})
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert f"chmod 600 {key}" in result.stderr
    key.chmod(0o600)
    assert cli("seed", "demo", env={"GRAPHMODEL_KEY_FILE": str(key)}).exit_code == 0


def test_an_id_number_in_credit_code_that_is_no_credit_code_is_named(demo_dir):
    number = next(n for n in RAW if not is_valid_credit_code(n))
    _set(demo_dir / "entities.csv", 2, "credit_code", number)
    problems = _problems(demo_dir)
    assert [(p.line, p.column) for p in problems] == [(2, "credit_code")] * 2
    assert any(STRAY in p.message and mask(number) in p.message for p in problems)
    assert not leaks("\n".join(map(str, problems)))


@pytest.mark.parametrize("fmt, target", [("graphml", "g.graphml"), ("gexf", "g.gexf"),
                                         ("nodelink", "g.json"), ("parquet", "pq"),
                                         ("neo4j-admin", "admin"), ("csv", "csv")])
def test_exports_for_other_tools_leave_the_check_parts_out(cli, seeded, tmp_path, fmt, target):
    """With the key, the province part, birth year and birth-date hash gave four numbers
    back in seconds: they stay in the store and the CSV export made for seeding again."""
    from graphmodel.model.schema import CHECK_PARTS

    out = tmp_path / target
    result = cli("export", fmt, out)
    assert result.exit_code == 0, result.output
    files = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
    written = b"".join(p.read_bytes() for p in files)
    present = [part for part in CHECK_PARTS if part.encode() in written]
    assert present == (list(CHECK_PARTS) if fmt == "csv" else []), fmt
    assert b"id_number_hash" in written or fmt != "csv"

"""Inputs that once ended in a traceback: each is now one message and exit code 1."""

from __future__ import annotations

import pytest

LONG = "x" * 300  # one path component over the 255 bytes a file name may have


@pytest.fixture
def no_rule(tmp_path):
    path = tmp_path / "truth.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("args, says", [
    (("check", "--truth", "{no_rule}"), "rule: required column is missing"),
    (("link", "demo", "--truth", "{no_rule}"), "member_id: required column is missing"),
    (("check", "--truth", "/proc/self/mem"), "/proc/self/mem: cannot read it"),
    (("export", "csv", "{tmp}/" + LONG), "File name too long"),
    (("seed", "demo", "--store", "{tmp}/" + LONG + "/s.gmz"), "File name too long"),
    (("plan", "--out", "{tmp}/" + LONG), "File name too long"),
    (("query", "uncovered", "--store", "{tmp}/" + LONG), "File name too long"),
])
def test_one_line_not_a_traceback(cli, seeded, tmp_path, no_rule, args, says):
    result = cli(*[a.format(no_rule=no_rule, tmp=tmp_path) for a in args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and says in result.stderr
    assert result.stderr.count("error:") == 1
    assert not any(p.name.startswith("x" * 100) for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("mapping, says", [
    ("nested", "nested too deep"),
    ("/dev/zero", "not a regular file"),
    ("big", "larger than 1024 KiB"),
])
def test_a_hostile_mapping_is_one_problem(cli, tmp_path, mapping, says):
    """A TOML nested 100,000 deep ended in a RecursionError; ``--mapping /dev/zero``
    read until the memory ran out."""
    if mapping == "nested":
        path = tmp_path / "nested.toml"
        path.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    elif mapping == "big":
        path = tmp_path / "big.toml"
        path.write_text("# " + "x" * (2 << 20) + "\n", encoding="utf-8")
    else:
        path = mapping
    result = cli("validate", "demo", "--mapping", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"not a valid TOML mapping: {says}" in result.stderr


@pytest.mark.parametrize("name", ["定城镇$x^{$", "定城镇$x$"])
def test_a_region_name_with_dollars_is_drawn_as_text(cli, demo_dir, store, tmp_path, name):
    """matplotlib read ``$x^{$`` in a region's name as broken mathematics and the
    report failed; ``$x$`` was drawn as mathematics."""
    path = demo_dir / "regions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("定城镇", name, 1), encoding="utf-8")
    assert cli("seed", demo_dir).exit_code == 0
    page = tmp_path / "report.html"
    result = cli("report", "--html", page, "--region", "R-DA")
    assert result.exit_code == 0, result.output
    assert name.replace("$", "") in page.read_text(encoding="utf-8").replace("$", "")


def test_a_truth_file_with_bad_text_or_missing_values_names_each_line(tmp_path):
    from graphmodel import DatasetError
    from graphmodel.io.csvtext import read_small_table

    path = tmp_path / "truth.csv"
    path.write_bytes(b"rule,kind,id\n\xff\xfe,x,y\n")
    with pytest.raises(DatasetError) as info:
        read_small_table(path, ("rule", "kind", "id"))
    assert [p.message for p in info.value.problems] == ["not UTF-8 text"]
    path.write_text("rule,kind,id\nr,,M1\n\n,member,\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_small_table(path, ("rule", "kind", "id"))
    assert sorted((p.line, p.column) for p in info.value.problems) == \
        [(2, "kind"), (4, "id"), (4, "rule")]


def test_a_loop_of_links_is_refused(tmp_path):
    from graphmodel.io.private import others_can_reach

    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert "a loop of links" in others_can_reach(tmp_path / "a" / "x")


def test_a_mapping_naming_its_own_file_as_a_source_is_one_problem(cli, demo_dir):
    mapping = demo_dir / "m.toml"
    mapping.write_text('[files.entities]\nsource = "m.toml"\n[files.entities.columns]\nid = "x"\n',
                       encoding="utf-8")
    result = cli("validate", demo_dir, "--mapping", mapping)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "source file of entities (mapping) is the mapping file itself" in result.stderr


@pytest.mark.parametrize("name", ["\udcff", "my db", "x" * 64, "1st"])
def test_a_database_name_neo4j_cannot_have_is_one_line_before_connecting(cli, name):
    """``--database $'\\xff'`` reached the driver, which failed to encode it."""
    result = cli("cypher", "RETURN 1", "--database", name, "--uri", "bolt://127.0.0.1:1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == ("error: --database: not a database name (ASCII letters "
                                     "first, then letters, digits, '.', '-' or '_', at most 63)")

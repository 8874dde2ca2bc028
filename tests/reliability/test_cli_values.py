"""Values that overflow or make no sense, URIs with passwords in them, names that
would drive the terminal, and a folder named like a bundled dataset: each is one
line (exit code 1) or shown escaped, checked before anything connects.

Most tests need no server: every refusal here must happen before a connection is
tried. ``NEO4J_URI`` points at a port where nothing listens, so a command that did
try to connect says "cannot reach", which the tests refuse; ``neo4j start`` runs with
no Java or Maven on PATH, so a value that slipped through could not start a server.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from pathlib import Path

import pytest

from graphmodel.cli.output import display_width

NOWHERE = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_USERNAME": None,
           "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}
HUGE = "99999999999999999999999"
SECRET = "hunter2-in-the-uri"


def assert_one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "cannot reach" not in result.output and "starting Neo4j" not in result.output


@pytest.fixture
def no_server_tools(tmp_path) -> dict:
    """An environment in which `neo4j start` cannot start anything: no java, no mvn,
    an empty build cache, and a private data directory."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    return {"PATH": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "GRAPHMODEL_NEO4J_DIR": str(tmp_path / "neo4j"), **NOWHERE}


# --- numbers --------------------------------------------------------------------

NUMBERS = [
    (("cypher", "RETURN 1", "--timeout", "-1"), "--timeout"),
    (("cypher", "RETURN 1", "--timeout", "0"), "--timeout"),
    (("cypher", "RETURN 1", "--timeout", "inf"), "--timeout"),
    (("cypher", "RETURN 1", "--timeout", "-inf"), "--timeout"),
    (("cypher", "RETURN 1", "--timeout", "nan"), "--timeout"),
    (("cypher", "RETURN 1", "--timeout", "1e400"), "--timeout"),
    (("cypher", "RETURN 1", "--timeout", "86401"), "--timeout"),
    (("cypher", "RETURN 1", "--limit", "0"), "--limit"),
    (("cypher", "RETURN 1", "--limit", "-5"), "--limit"),
    (("cypher", "RETURN 1", "--limit", HUGE), "--limit"),
    (("query", "uncovered", "--min-members", "-1"), "--min-members"),
    (("query", "uncovered", "--min-members", HUGE), "--min-members"),
    (("query", "uncovered", "--backend", "neo4j", "--min-members", HUGE), "--min-members"),
    (("validate", "demo", "--max-errors", "0"), "--max-errors"),
    (("validate", "demo", "--max-errors", HUGE), "--max-errors"),
    (("seed", "demo", "--max-errors", "-3"), "--max-errors"),
    (("push", "--batch-size", "0"), "--batch-size"),
    (("push", "--batch-size", HUGE), "--batch-size"),
    (("push", "--workers", "0"), "--workers"),
    (("push", "--workers", "100000"), "--workers"),
    (("push", "--retry-seconds", "-1"), "--retry-seconds"),
    (("push", "--retry-seconds", "3601"), "--retry-seconds"),
    (("report", "--as-of", "0001-01-01"), "--as-of"),
    (("report", "--backend", "neo4j", "--as-of", "0001-01-01"), "--as-of"),
]


@pytest.mark.parametrize("args, option", NUMBERS, ids=" ".join)
def test_numbers_out_of_range_are_one_line_before_anything_runs(cli, args, option):
    assert_one_line_error(cli(*args, env=NOWHERE), option)


def test_a_negative_generator_seed_is_one_line(cli, tmp_path):
    result = cli("generate", "hainan-2016", "--out", tmp_path / "out", "--seed", "-1")
    assert_one_line_error(result, "--seed")
    assert not any((tmp_path / "out").glob("*.csv"))


@pytest.mark.parametrize("option, value", [
    ("--port", "0"), ("--port", "-1"), ("--port", "65536"), ("--port", HUGE),
    ("--heap", "abc"), ("--heap", "-1g"), ("--heap", "0m"), ("--heap", "1k"),
    ("--heap", "99999999g"), ("--heap", "1g; rm -rf /"),
    ("--pagecache-mb", "0"), ("--pagecache-mb", "-16"), ("--pagecache-mb", HUGE),
])
def test_local_server_options_out_of_range_are_refused_before_starting(
        cli, tmp_path, no_server_tools, option, value):
    result = cli("neo4j", "start", "--dir", tmp_path / "neo4j", option, value, env=no_server_tools)
    assert_one_line_error(result, option)
    assert not (tmp_path / "neo4j").exists()


# --- parameters -----------------------------------------------------------------

@pytest.mark.parametrize("param, words", [
    (f"big={HUGE}", ("--param big", "64-bit")),
    (f"big=-{HUGE}", ("--param big", "64-bit")),
    ("big=9223372036854775808", ("--param big", "64-bit")),
    (f'nested=[1, {{"deep": [{HUGE}]}}]', ("--param nested", "64-bit")),
    (f'map={{"a": -{HUGE}}}', ("--param map", "64-bit")),
    ("n=NaN", ("--param n", "NaN")),
    ("n=Infinity", ("--param n", "Infinity")),
    ("n=[-Infinity]", ("--param n", "-Infinity")),
    ("n=1e999", ("--param n", "float")),
])
def test_parameters_neo4j_cannot_hold_are_refused_before_connecting(cli, param, words):
    result = cli("cypher", "RETURN $x AS x", "-p", "x=1", "-p", param, env=NOWHERE)
    assert_one_line_error(result, *words)


# --- URIs -----------------------------------------------------------------------

CONNECTING = [("cypher", "RETURN 1"), ("push",), ("query", "isolated", "--backend", "neo4j"),
              ("report", "--backend", "neo4j")]
BAD_URIS = [f"http://alice:{SECRET}@localhost:7474", f"https://alice:{SECRET}@db.example",
            "localhost:7687", f"alice:{SECRET}@localhost:7687", "bolt://",
            f"neo4j+s://alice:{SECRET}@", "bolt://localhost:0", "bolt://localhost:65536",
            f"bolt://alice:{SECRET}@localhost:{HUGE}", "bolt://localhost:7687/neo4j",
            "ftp://localhost", "bolt://local host"]


@pytest.mark.parametrize("uri", BAD_URIS)
@pytest.mark.parametrize("command", CONNECTING, ids=" ".join)
def test_a_bad_uri_is_one_line_before_connecting_and_hides_the_password(cli, command, uri):
    result = cli(*command, "--uri", uri, env=NOWHERE)
    assert_one_line_error(result, "--uri")
    assert SECRET not in result.output


def test_a_bad_uri_in_the_environment_is_named_as_such(cli):
    result = cli("cypher", "RETURN 1", env={**NOWHERE, "NEO4J_URI": f"http://a:{SECRET}@h:7474"})
    assert_one_line_error(result, "NEO4J_URI", "bolt://", "neo4j+s://")
    assert SECRET not in result.output


@pytest.mark.parametrize("command", CONNECTING, ids=" ".join)
def test_a_password_inside_a_good_uri_is_never_printed(cli, seeded, command):
    # Nothing listens there: the error names the server, without the userinfo.
    result = cli(*command, "--uri", f"bolt://alice:{SECRET}@127.0.0.1:9", env=NOWHERE)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot reach Neo4j at bolt://127.0.0.1:9 " in result.stderr
    assert SECRET not in result.output and "alice" not in result.output


def test_credentials_in_the_uri_become_user_and_password():
    from graphmodel.backends.neo4j.connection import resolve_connection

    uri = f"neo4j+s://alice:{urllib.parse.quote(SECRET + '@:/', safe='')}@db.example:7687"
    conn = resolve_connection(uri, environ={"NEO4J_PASSWORD": "from-env", "NEO4J_USERNAME": "env"})
    assert (conn.uri, conn.user, conn.password) == ("neo4j+s://db.example:7687", "alice",
                                                    SECRET + "@:/")
    assert SECRET not in repr(conn)
    # --user / --password win over the URI; the URI wins over the variables.
    conn = resolve_connection(uri, "bob", "explicit", environ={})
    assert (conn.uri, conn.user, conn.password) == ("neo4j+s://db.example:7687", "bob", "explicit")
    conn = resolve_connection(environ={"NEO4J_URI": "bolt://carol@h:7687", "NEO4J_PASSWORD": "pw"})
    assert (conn.uri, conn.user, conn.password) == ("bolt://h:7687", "carol", "pw")


# --- what reaches the terminal --------------------------------------------------

EVIL = "定城\x1b[2J王记\x1b]0;title\x07粉店\u202elive\rtail\x9b2Jend"
RAW = ("\x1b", "\r", "\u202e", "\x07", "\x9b")


def _rewrite(path: Path, row_id: str, **changes: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["id"] == row_id:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def evil_store(cli, demo_dir):
    """The demo with control characters in an uncovered entity's name, an isolated
    member's name and an ethnicity (which the report lists)."""
    _rewrite(demo_dir / "entities.csv", "E03", name=EVIL)
    _rewrite(demo_dir / "members.csv", "P05", name=EVIL, ethnicity="黎族\x1b[31m")
    result = cli("seed", demo_dir)
    assert result.exit_code == 0, result.output


def _from_column(line: str, width: int) -> str:
    """What ``line`` shows from terminal column ``width`` on."""
    for i in range(len(line) + 1):
        if display_width(line[:i]) == width:
            return line[i:]
    return ""


def _assert_clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, (raw, text)


def test_tables_escape_control_characters_while_json_and_csv_keep_them(cli, evil_store):
    for command, row_id, noun in ((("query", "uncovered"), "E03", "type"),
                                  (("query", "isolated"), "P05", "region_id")):
        table = cli(*command).stdout
        _assert_clean(table)
        assert "\\x1b[2J" in table and "\\u202e" in table and "\\r" in table and "\\x07" in table
        rows_json = json.loads(cli(*command, "-f", "json").stdout)
        row = next(r for r in rows_json if r["id"] == row_id)
        assert row["name"] == EVIL
        # Columns line up by what is shown: the escaped text.
        header, *lines = table.splitlines()
        line = next(r for r in lines if r.startswith(row_id))
        assert _from_column(line, display_width(header[:header.index(noun)])).startswith(row[noun])
        rows_csv = list(csv.DictReader(io.StringIO(cli(*command, "-f", "csv").stdout)))
        assert next(r for r in rows_csv if r["id"] == row_id)["name"] == EVIL
    report = cli("report", "--as-of", "2016-06-16").stdout
    _assert_clean(report)
    assert "ethnicity 黎族\\x1b[31m" in report
    figures = json.loads(cli("report", "--as-of", "2016-06-16", "-f", "json").stdout)
    assert "黎族\x1b[31m" in figures["members"]["ethnicity"]


def test_error_messages_do_not_pass_control_characters_to_the_terminal(cli, demo_dir):
    path = demo_dir / "entities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",x\x1b[2J,x\x1b[2J"
    lines[1:] = [line + ",," for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("validate", demo_dir)
    assert result.exit_code == 1 and "column appears twice" in result.stderr
    _assert_clean(result.output)
    assert "x\\x1b[2J" in result.stderr
    result = cli("validate", "no-such-folder\x1b]0;pwned\x07\u202e")
    assert_one_line_error(result, "no-such-folder\\x1b]0;pwned\\x07\\u202e")
    _assert_clean(result.output)


# --- a folder named like a bundled dataset --------------------------------------

def test_a_folder_named_like_a_bundled_dataset_is_ambiguous(cli, demo_dir, monkeypatch):
    monkeypatch.chdir(demo_dir.parent)  # ./demo is now a folder here
    _rewrite(demo_dir / "entities.csv", "E02", name="the folder's own E02")

    result = cli("seed", "demo")
    assert_one_line_error(result, "./demo", "bundled:demo")

    def e02_name():
        rows = json.loads(cli("query", "uncovered", "-f", "json").stdout)
        return next(r["name"] for r in rows if r["id"] == "E02")

    for spelling in ("./demo", "demo/", str(demo_dir)):
        assert cli("seed", spelling).exit_code == 0
        assert e02_name() == "the folder's own E02"
    assert cli("seed", "bundled:demo").exit_code == 0
    assert e02_name() == "定安龙湖生猪养殖场"
    assert "bundled:demo" in cli("seed", "--help").stdout


def test_a_folder_named_like_a_generated_dataset_is_ambiguous(cli, tmp_path, monkeypatch):
    (tmp_path / "hainan-2016").mkdir()
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(cli("validate", "hainan-2016"), "./hainan-2016", "generated:hainan-2016")
    assert_one_line_error(cli("push", "--from", "hainan-2016", env=NOWHERE),
                          "./hainan-2016", "generated:hainan-2016")
    assert_one_line_error(cli("validate", "bundled:nothing"), "bundled: demo")


# --- with a server --------------------------------------------------------------

@pytest.mark.neo4j
def test_credentials_inside_the_uri_connect_and_are_never_printed(cli, seeded, neo4j_env):
    parts = urllib.parse.urlsplit(neo4j_env["NEO4J_URI"])
    userinfo = f"{urllib.parse.quote(neo4j_env['NEO4J_USERNAME'], safe='')}:" \
               f"{urllib.parse.quote(neo4j_env['NEO4J_PASSWORD'], safe='')}"
    uri = parts._replace(netloc=f"{userinfo}@{parts.netloc}").geturl()
    env = {**neo4j_env, "NEO4J_URI": None, "NEO4J_USERNAME": None, "NEO4J_PASSWORD": None}
    pushed = cli("push", "--uri", uri, env=env)
    assert pushed.exit_code == 0, pushed.output
    assert f"to {neo4j_env['NEO4J_URI']} in" in pushed.stdout
    result = cli("query", "isolated", "--backend", "neo4j", "--uri", uri, env=env)
    assert result.exit_code == 0 and result.stdout == cli("query", "isolated").stdout
    for output in (pushed.output, result.output):
        assert neo4j_env["NEO4J_PASSWORD"] not in output and "@" not in output


@pytest.mark.neo4j
def test_cypher_tables_escape_what_the_server_returns(cli, neo4j_env):
    param = "x=" + json.dumps(EVIL)
    table = cli("cypher", "RETURN $x AS x", "-p", param, env=neo4j_env)
    assert table.exit_code == 0, table.output
    _assert_clean(table.stdout)
    assert "\\x1b[2J" in table.stdout
    exact = cli("cypher", "RETURN $x AS x", "-p", param, "-f", "json", env=neo4j_env)
    assert json.loads(exact.stdout) == [{"x": EVIL}]
    boundary = cli("cypher", "RETURN $x AS x", "-p",
                   "x=[9223372036854775807, -9223372036854775808]", "-f", "json", env=neo4j_env)
    assert json.loads(boundary.stdout) == [{"x": [2**63 - 1, -2**63]}]

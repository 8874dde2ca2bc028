"""CLI conventions every command follows: help that shows defaults and environment
variables, ``-h``, one-line usage errors (exit code 2), grammatical counts, the report
as CSV, CSV for Excel, shell completion, and a `neo4j start` message that is true."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import typer.main

from graphmodel.cli import app
from graphmodel.cli.neo4j import _describe
from graphmodel.cli.output import count
from graphmodel.backends.neo4j.server import ServerInfo

from .test_bad_input import append_row


def _commands(command=None, path=()):
    """(path, click command) for the app and every command and group below it."""
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, path + (name,))


COMMANDS = list(_commands())
PATHS = [" ".join(path) or "(graphmodel)" for path, _ in COMMANDS]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_walk_finds_every_command():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"seed", "validate", "generate", "query uncovered", "query isolated", "report",
            "push", "cypher", "neo4j start", "neo4j stop", "neo4j status"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=PATHS)
def test_help_shows_every_default_and_variable_without_stray_characters(cli, path, command):
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: graphmodel"), result.output
    text = _flat(result.output)
    # What markup swallowed left behind: "Store file ." instead of "Store file [default: …]."
    assert not re.search(r"\w \.(\s|$)", text), text
    assert "╭" not in result.output  # plain text: no box (and no markup)
    ctx = command.context_class(command, info_name=path[-1] if path else "graphmodel")
    for param in command.params:
        if param.param_type_name != "option" or param.hidden:
            continue
        record = param.get_help_record(ctx)
        assert record is not None, param.name
        names, help_text = record
        assert _flat(help_text) in text, (param.name, help_text)
        has_default = param.default is not None and not (param.is_flag and not param.default)
        if has_default or isinstance(param.show_default, str):
            assert "default:" in help_text, (path, param.name, help_text)
        if param.envvar:
            assert f"env var: {param.envvar}" in _flat(help_text), (path, param.name)
        if param.name in ("uri", "user", "password", "database"):  # read from the environment
            assert f"env var: NEO4J_{'USERNAME' if param.name == 'user' else param.name.upper()}" \
                in _flat(help_text), (path, param.name)


def test_store_and_port_defaults_are_shown(cli):
    store = _flat(cli("query", "uncovered", "--help").output)
    assert "Store file. [env var: GRAPHMODEL_STORE; default: ($XDG_DATA_HOME/graphmodel/store.gmz)]" in store
    start = _flat(cli("neo4j", "start", "--help").output)
    assert "Bolt port on 127.0.0.1, 1 to 65535. [default: (a free one)]" in start
    assert "[env var: GRAPHMODEL_NEO4J_DIR; default: ($XDG_DATA_HOME/graphmodel/neo4j)]" in start


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=PATHS)
def test_dash_h_is_help(cli, path):
    short, long = cli(*path, "-h"), cli(*path, "--help")
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output


@pytest.mark.parametrize("args", [
    ("query", "uncovered", "--bogus"),                 # an unknown option
    ("query", "uncovered", "--format", "xml"),         # a value not among the choices
    ("query", "uncovered", "--min-members", "many"),   # a value of the wrong type
    ("seed",),                                         # a missing argument
    ("query", "nosuch"),                               # an unknown command
    ("--bogus",),
])
def test_a_usage_error_is_one_line_with_exit_code_2(cli, seeded, args):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Usage:" not in result.stderr and "╭" not in result.stderr
    assert "--help" in result.stderr  # where to look


def test_an_error_graphmodel_reports_is_one_line_with_exit_code_1(cli, seeded):
    result = cli("query", "uncovered", "--region", "nowhere")
    assert result.exit_code == 1
    assert result.stderr == "error: no region with id, name or code 'nowhere'\n"


def test_counts_are_grammatical():
    assert count(1, "uncovered entities") == "1 uncovered entity"
    assert count(2, "uncovered entities") == "2 uncovered entities"
    assert count(1, "isolated members") == "1 isolated member"
    assert count(0, "rows") == "0 rows" and count(1, "rows") == "1 row"
    assert count(1, "problems") == "1 problem" and count(2, "problems") == "2 problems"
    assert count(12_345, "rows") == "12,345 rows"


def _footer(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[-1]


def test_table_footers_are_grammatical(cli, seeded):
    assert _footer(cli("query", "uncovered", "--region", "R-DA-DC")) == "1 uncovered entity"
    assert _footer(cli("query", "uncovered", "--type", "individual")) == "2 uncovered entities"
    assert _footer(cli("query", "uncovered", "--type", "market")) == "0 uncovered entities"
    assert _footer(cli("query", "isolated", "--region", "R-SY")) == "1 isolated member"
    assert _footer(cli("query", "isolated")) == "3 isolated members"


def test_seed_counts_are_grammatical(cli, demo_dir):
    result = cli("seed", demo_dir)
    assert result.exit_code == 0
    assert "6 regions, 5 industries, 4 agencies, 10 entities" in result.output
    assert "2 instructors; link rows: memberships 8, coverage 7" in result.output


@pytest.mark.parametrize(("bad_rows", "expected"), [(1, "rejected, 1 problem;"),
                                                    (2, "rejected, 2 problems;")])
def test_rejected_dataset_counts_are_grammatical(cli, demo_dir, bad_rows, expected):
    for n in range(bad_rows):
        append_row(demo_dir, "entities.csv", f"X{n}", "某店", "shop", "R-DA", "", "", "", "")
    result = cli("validate", demo_dir)
    assert result.exit_code == 1
    assert expected in result.stderr.splitlines()[-1], result.stderr


def _flatten(figures: dict, prefix: str = "") -> list[list[str]]:
    """The JSON report as figure,value rows: written here independently of output.py."""
    rows = []
    for key, value in figures.items():
        if isinstance(value, dict):
            rows += _flatten(value, f"{prefix}{key}.")
        else:
            cell = ("" if value is None else ",".join(value) if isinstance(value, list)
                    else str(value))
            rows.append([f"{prefix}{key}", cell])
    return rows


@pytest.mark.parametrize("args", [
    ("--as-of", "2016-06-16"),
    ("--region", "R-SY", "--type", "individual,market", "--as-of", "2016-06-16"),
    (),
])
def test_report_csv_is_the_flattened_json(cli, seeded, args):
    as_json = cli("report", *args, "--format", "json")
    as_csv = cli("report", *args, "--format", "csv")
    assert as_json.exit_code == 0 and as_csv.exit_code == 0, as_csv.output
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["figure", "value"]
    assert rows[1:] == _flatten(json.loads(as_json.stdout))


def test_report_csv_names_nested_figures_with_dots(cli, seeded):
    rows = dict(csv.reader(io.StringIO(cli("report", "-f", "csv", "--as-of", "2016-06-16").stdout)))
    assert rows["entities.small_micro"] == "4" and rows["members.ethnicity.汉族"] == "9"
    assert rows["coverage_rate"] == "0.6" and rows["region"] == ""


@pytest.mark.parametrize("args", [
    ("query", "uncovered"), ("query", "isolated"),
    ("report", "--as-of", "2016-06-16"), ("report", "--region", "R-SY", "--type", "individual,market"),
])
def test_excel_format_is_csv_after_a_utf8_byte_order_mark(cli, seeded, args):
    excel, plain = cli(*args, "--format", "excel"), cli(*args, "--format", "csv")
    assert excel.exit_code == 0 and plain.exit_code == 0, excel.output
    assert excel.stdout_bytes[:3] == b"\xef\xbb\xbf"
    assert excel.stdout_bytes[3:] == plain.stdout_bytes
    assert "\ufeff" not in plain.stdout
    # What Excel then reads: the names, not mojibake.
    assert any(ord(c) > 0x3000 for c in excel.stdout_bytes.decode("utf-8-sig"))


def test_shell_completion_is_installable(cli):
    root = cli("--help").output
    assert "--install-completion" in root and "--show-completion" in root
    # Which shell runs the tests varies (CI has none to detect): name it, with typer's
    # own switch for that, in a real process of the real command.
    import os
    import subprocess
    import sys

    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run([str(Path(sys.executable).with_name("graphmodel")),
                             "--show-completion", "bash"], capture_output=True, text=True,
                            env=env, stdin=subprocess.DEVNULL)
    assert result.returncode == 0 and "_GRAPHMODEL_COMPLETE" in result.stdout, result.stderr


# --- neo4j start --dir D: what it says about later commands is true ------------------

def _server(data_dir: Path) -> ServerInfo:
    return ServerInfo(uri="bolt://127.0.0.1:7687", user="neo4j", password="secret", pid=4242,
                      data_dir=data_dir, version="5.26.0", started_at="2016-06-16T00:00:00")


def test_a_server_in_the_default_directory_needs_no_flags(capsys, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    _describe(_server(tmp_path / "xdg" / "graphmodel" / "neo4j"), env)
    out = capsys.readouterr().out
    assert "graphmodel commands connect to it with no flags" in out
    assert "export" not in out and "secret" not in out


def test_a_server_elsewhere_prints_the_variable_to_set(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    _describe(_server(Path("D")), env)  # as given: --dir D, relative
    out = capsys.readouterr().out
    assert f"  export GRAPHMODEL_NEO4J_DIR={tmp_path / 'D'}\n" in out
    assert "no flags" not in out


def test_a_server_in_graphmodel_neo4j_dir_needs_no_flags(capsys, tmp_path):
    env = {"GRAPHMODEL_NEO4J_DIR": str(tmp_path / "D")}
    _describe(_server(tmp_path / "D"), env)
    out = capsys.readouterr().out
    assert "with no flags" in out and "export" not in out


def test_neo4j_uri_in_the_environment_is_mentioned(capsys, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path), "NEO4J_URI": "bolt://elsewhere:7687"}
    _describe(_server(tmp_path / "graphmodel" / "neo4j"), env)
    out = capsys.readouterr().out
    assert "NEO4J_URI is set" in out and "no flags" not in out

"""Every command that takes --backend, on every backend, on the demo dataset: the same
answer as the embedded store's (and report --html writes its page on each)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from graphmodel.cli import app
from graphmodel.cli.options import Backend

#: The arguments each command runs with (beyond --backend and its source); every command
#: that takes --backend must be here, so a new one cannot go untested.
RUNS = {
    "query uncovered": [["--region", "定安县"], ["--type", "individual"]],
    "query isolated": [[]],
    "query coverage": [["--by", "county"], ["--by", "market"], ["--by", "industry"]],
    "query members": [["--floating"]],
    "query stations": [["--by", "county"]],
    "query station-list": [[]],
    "query instructors": [[]],
    "query organisations": [[]],
    "regions": [["--under", "定安县"]],
    "industries": [[]],
    "report": [["--as-of", "2016-06-16"], ["--by", "county", "--as-of", "2016-06-16"]],
    "plan": [["--summary"]],
}


def _commands_with_backend() -> set[str]:
    found = set()

    def walk(group, prefix):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, prefix + [name])
            elif any(p.name == "backend" for p in command.params):
                found.add(" ".join(prefix + [name]))

    walk(typer.main.get_command(app), [])
    return found


def test_every_backend_command_is_run_here():
    assert _commands_with_backend() == set(RUNS)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    import graphmodel

    path = tmp_path_factory.mktemp("demo") / "store.gmz"
    graphmodel.seed("demo", path)
    return path


@pytest.fixture(scope="module")
def parquet(demo_store, tmp_path_factory) -> Path:
    import graphmodel

    out = tmp_path_factory.mktemp("parquet") / "demo"
    pytest.importorskip("pyarrow")
    graphmodel.export(graphmodel.open_store(demo_store), "parquet", out)
    return out


@pytest.fixture
def source(request, cli, demo_store):
    """The options that name the demo on the backend ``request.param``."""
    backend = request.param
    if backend == "embedded":
        return ["--backend", "embedded", "--store", str(demo_store)], {}
    if backend == "neo4j":
        env = request.getfixturevalue("neo4j_env")
        result = cli("push", "--store", str(demo_store), env=env)
        assert result.exit_code == 0, result.output
        return ["--backend", "neo4j"], env
    request.getfixturevalue("spark")  # the run's session: the commands use it, not a new one
    return ["--backend", "spark", "--data", str(request.getfixturevalue("parquet"))], {}


BACKENDS = [pytest.param("embedded"),
            pytest.param("neo4j", marks=pytest.mark.neo4j),
            pytest.param("spark", marks=pytest.mark.spark)]


def _json(cli, args, env=None):
    result = cli(*args, "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("source", BACKENDS, indirect=True)
def test_every_backend_command_answers_as_the_embedded_store(cli, source, demo_store):
    options, env = source
    assert {b.value for b in Backend} == {"embedded", "neo4j", "spark"}
    for command, runs in RUNS.items():
        for extra in runs:
            args = [*command.split(), *extra]
            expected = _json(cli, [*args, "--store", str(demo_store)])
            assert _json(cli, [*args, *options], env) == expected, args


@pytest.mark.parametrize("source", BACKENDS, indirect=True)
def test_report_html_on_every_backend(cli, source, tmp_path):
    pytest.importorskip("matplotlib")
    options, env = source
    page = tmp_path / "report.html"
    result = cli("report", "--html", str(page), "--region", "定安县", *options, env=env)
    assert result.exit_code == 0, result.output
    assert page.stat().st_size > 10_000 and "定安县" in page.read_text(encoding="utf-8")

"""Fixtures shared by the whole suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphmodel
from graphmodel.cli import app


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled demo dataset, free to edit."""
    target = tmp_path / "demo"
    shutil.copytree(graphmodel.bundled_dataset("demo"), target)
    return target


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store path in a temporary directory (not yet written)."""
    return tmp_path / "store" / "graph.gmz"


@pytest.fixture
def cli(store: Path):
    """Run the CLI in-process against the temporary store: ``cli("query", "uncovered")``."""
    runner = CliRunner()

    def run(*args: str, env: dict | None = None):
        return runner.invoke(app, [str(a) for a in args],
                             env={"GRAPHMODEL_STORE": str(store), **(env or {})})

    return run


@pytest.fixture
def seeded(cli, store: Path) -> Path:
    """The temporary store, seeded with the demo dataset."""
    result = cli("seed", "demo")
    assert result.exit_code == 0, result.output
    return store

"""The cypher/ library: generated files in sync, every file documented, values as
parameters only, shipped inside the wheel."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest

from graphmodel.backends.neo4j.statements import render_files
from graphmodel.io.resources import shipped_dir

CYPHER = shipped_dir("cypher")


def test_generated_files_match_the_mapping():
    for path, text in render_files().items():
        assert (CYPHER / path).read_text(encoding="utf-8") == text, \
            f"cypher/{path} is stale: run python -m graphmodel.backends.neo4j.statements"
    generated = {p for p in render_files()}
    on_disk = {str(p.relative_to(CYPHER)) for p in CYPHER.rglob("*.cypher")
               if not str(p.relative_to(CYPHER)).startswith("queries/")}
    assert on_disk == generated


@pytest.mark.parametrize("path", sorted(CYPHER.glob("queries/**/*.cypher")),
                         ids=lambda p: str(p.relative_to(CYPHER)))
def test_every_query_file_says_what_it_answers(path):
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("//"))
    assert text.startswith("//") and "Parameters" in header and "Example" in header
    # Every $parameter the query uses is documented in its header.
    body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    for name in set(re.findall(r"\$(\w+)", body)):
        assert f"${name}" in header, f"{path.name}: ${name} is not documented"


def test_no_literal_values_in_the_gap_queries():
    # Values come in as $parameters; the only literals are the model's own enum values.
    allowed = {"branch", "liaison_station", "consultation_desk", "lost_contact", "unattached",
               "province", "city", "county", "town", "type", "industry"}
    for path in CYPHER.glob("queries/**/*.cypher"):
        body = "\n".join(l for l in path.read_text().splitlines() if not l.startswith("//"))
        assert set(re.findall(r"'([^']*)'", body)) <= allowed, path.name


@pytest.mark.slow
def test_wheel_ships_the_cypher_library_and_seeds(tmp_path):
    root = CYPHER.parent
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(root)], check=True)
    [wheel] = tmp_path.glob("graphmodel-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graphmodel/cypher/queries/uncovered.cypher" in names
    assert "graphmodel/cypher/schema.cypher" in names
    assert "graphmodel/seeds/demo/entities.csv" in names
    assert "graphmodel/backends/neo4j/launcher/pom.xml" in names
    assert any(n.endswith("Launcher.java") for n in names)

"""Every notebook runs from top to bottom on the public API, and shows its charts."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import graphmodel

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
#: Notebooks on the whole generated province: they get the run's province store
#: (tests/conftest.py, generated and seeded once) through GRAPHMODEL_PROVINCE_STORE.
ON_THE_PROVINCE = {"plan_province.ipynb", "province.ipynb"}
#: How many charts (inline PNG outputs) each notebook shows at least.
CHARTS = {"explore_demo.ipynb": 1, "plan_province.ipynb": 1, "province.ipynb": 4}
@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.slow) if p.name in ON_THE_PROVINCE else p
    for p in NOTEBOOKS], ids=lambda p: p.name)
def test_notebook_runs_and_shows_its_charts(path, tmp_path, request, monkeypatch):
    if path.name in ON_THE_PROVINCE:
        store = request.getfixturevalue("province_dir") / "store.gmz"
        monkeypatch.setenv("GRAPHMODEL_PROVINCE_STORE", str(store))  # the kernel inherits it
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= CHARTS.get(path.name, 0), f"{len(images)} charts in the outputs"
    # A character the chart font lacks is drawn as a box, and matplotlib warns.
    warned = [o["text"] for o in outputs if o.get("name") == "stderr"]
    assert not [w for w in warned if "missing from font" in w], warned


def test_notebooks_use_only_the_public_api():
    for path in NOTEBOOKS:
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert "graphmodel." in source
        for line in source.splitlines():
            if "graphmodel." in line:
                for name in line.split("graphmodel.")[1:]:
                    attr = name.split("(")[0].split(")")[0].split(",")[0].strip()
                    assert attr in graphmodel.__all__, \
                        f"{path.name} uses graphmodel.{attr}"

"""Every notebook runs from top to bottom on the public API."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
#: Notebooks on the whole generated province: generating and seeding it takes half a minute.
ON_THE_PROVINCE = {"plan_province.ipynb"}
#: Notebooks whose point is a chart: it must be among the outputs.
CHARTS = {"plan_province.ipynb"}


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.slow) if p.name in ON_THE_PROVINCE else p
    for p in NOTEBOOKS], ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    if path.name in CHARTS:
        assert any("image/png" in o.get("data", {}) for o in outputs), "no chart in the outputs"


def test_notebooks_use_only_the_public_api():
    import graphmodel

    for path in NOTEBOOKS:
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert "graphmodel." in source
        for line in source.splitlines():
            if "graphmodel." in line:
                for name in line.split("graphmodel.")[1:]:
                    attr = name.split("(")[0].split(")")[0].split(",")[0].strip()
                    assert attr in graphmodel.__all__, f"{path.name} uses graphmodel.{attr}"

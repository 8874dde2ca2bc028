"""Build small datasets in the contract format from Python rows, for hand-made cases."""

from __future__ import annotations

import csv
from pathlib import Path

from graphmodel.schema import LINK_FILES, NODE_KINDS

FILES = {k.name: k.file for k in NODE_KINDS} | {f.name: f.file for f in LINK_FILES}


def write_dataset(root: Path, **tables: list[dict]) -> Path:
    """Write each table (``entity=[{...}, ...]``) as its CSV file under ``root``.

    Required files not given are written with their header only, so a test names
    just the rows it is about. Columns are the union of the rows' keys.
    """
    root.mkdir(parents=True, exist_ok=True)
    for kind in NODE_KINDS:
        if kind.required:
            tables.setdefault(kind.name, [])
    for name, rows in tables.items():
        model = next((k.model for k in NODE_KINDS if k.name == name), None) or \
            next(f.model for f in LINK_FILES if f.name == name)
        columns = list(model.model_fields)
        for row in rows:
            columns += [c for c in row if c not in columns]
        with open(root / FILES[name], "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v) for k, v in row.items()})
    return root


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def region(id, parent=None, level="county", name=None):
    return {"id": id, "name": name or id, "level": level, "parent_id": parent}


def entity(id, region, type="small_micro", **extra):
    return {"id": id, "name": f"entity {id}", "type": type, "region_id": region, **extra}


def organisation(id, region, level="branch", **extra):
    return {"id": id, "name": f"org {id}", "level": level, "region_id": region, **extra}


def member(id, region, **extra):
    return {"id": id, "name": f"member {id}", "region_id": region, **extra}

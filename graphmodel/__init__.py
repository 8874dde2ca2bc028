"""graphmodel: market entities, party organisations, members, liaison stations and
instructors as one graph, with the questions analysts ask of it.

>>> import graphmodel
>>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
>>> [row["id"] for row in graphmodel.uncovered(G, type="individual")]
['E03', 'E07']
"""

import importlib as _importlib
import logging as _logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# A library logs; the application decides where that goes (nowhere, by default).
_logging.getLogger(__name__).addHandler(_logging.NullHandler())

# Names are imported on first use, so that a command that only reads a store does not
# pay for pydantic, networkx or the Neo4j driver. Each question of the catalogue is a
# name too, found through the catalogue: a new question needs no line here.
_EXPORTS = {
    "api": ["default_store_path", "seed", "validate", "link"],
    "dataset": ["read_dataset"],
    "errors": ["GraphmodelError", "DatasetError", "Problem", "StoreError", "QueryError",
               "OptionValueError", "UriError", "Neo4jConnectionError", "Neo4jServerError",
               "PushError", "BulkImportError", "ReadOnlyViolation", "QueryTimeout",
               "QueryTooBig", "PlanError", "ReportError", "ExportError"],
    "graph": ["Graph", "to_networkx"],
    "catalogue": ["answer", "questions"],
    "checks": ["check"],
    "frames": ["frame", "tables"],
    "neo4j.source": ["Neo4jDatabase"],
    "planning": ["plan", "Plan"],
    "plots": ["use_cjk_font", "cjk_font"],
    "html_report": ["report_html"],
    "queries": ["region_subtree"],
    "table": ["Rows", "Table"],
    "resources": ["bundled_dataset", "bundled_datasets"],
    "store": ["open_store", "write_store", "digest"],
    "parts": ["region_part"],
    "exports": ["export", "EXPORTERS"],
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

if TYPE_CHECKING:  # what type checkers and editors see
    from .api import default_store_path, link, seed, validate
    from .breakdowns import coverage, report_by
    from .catalogue import answer, questions
    from .checks import check
    from .dataset import read_dataset
    from .errors import (
        BulkImportError, DatasetError, ExportError, GraphmodelError, Neo4jConnectionError,
        Neo4jServerError,
        OptionValueError, PlanError, Problem, PushError, QueryError, QueryTimeout, QueryTooBig,
        ReadOnlyViolation, ReportError, StoreError, UriError,
    )
    from .html_report import report_html
    from .frames import frame, tables
    from .graph import Graph, to_networkx
    from .neo4j.source import Neo4jDatabase
    from .people import instructors, members, organisations, station_list, stations
    from .planning import Plan, plan
    from .plots import cjk_font, use_cjk_font
    from .queries import isolated, region_subtree, report, uncovered
    from .reference import industries, regions
    from .resources import bundled_dataset, bundled_datasets
    from .store import digest, open_store, write_store
    from .parts import region_part
    from .exports import EXPORTERS, export
    from .table import Rows, Table


def _question_names() -> list[str]:
    from .catalogue import questions

    return list(questions())


def _is_submodule(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"{__name__}.{name}") is not None


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return ["__version__", *_MODULE_OF, *_question_names()]
    if name in _MODULE_OF:
        value = getattr(_importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
    elif name.startswith("_") or _is_submodule(name):
        # `from . import api` asks here first: let the import system load the module.
        raise AttributeError(f"module 'graphmodel' has no attribute {name!r}")
    elif name in _question_names():
        from .catalogue import get

        module = _importlib.import_module(get(name).embedded.__module__)
        value = getattr(module, name)
    else:
        raise AttributeError(f"module 'graphmodel' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF, *_question_names()})

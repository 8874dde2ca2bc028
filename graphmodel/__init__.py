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
    "io.dataset": ["read_dataset"],
    "errors": ["GraphmodelError", "DatasetError", "Problem", "StoreError", "QueryError",
               "ArgumentError", "UnknownName", "NotAnswered", "MissingPackageError",
               "SparkError", "Neo4jFailure",
               "OptionValueError", "UriError", "Neo4jConnectionError", "Neo4jServerError",
               "PushError", "BulkImportError", "ReadOnlyViolation", "QueryTimeout",
               "QueryTooBig", "PlanError", "ReportError", "ExportError"],
    "model.graph": ["Graph", "to_networkx"],
    "questions": ["answer", "questions"],
    "checks": ["check"],
    "frames": ["frame", "tables"],
    "backends.neo4j.source": ["Neo4jDatabase"],
    "backends.spark.source": ["SparkDataset"],
    "planning": ["plan", "Plan"],
    "plots": ["use_cjk_font", "cjk_font"],
    "html_report": ["report_html"],
    "backends.embedded.tree": ["region_subtree"],
    "model.table": ["Rows", "Table"],
    "io.resources": ["bundled_dataset", "bundled_datasets"],
    "io.store": ["open_store", "write_store", "digest"],
    "parts": ["region_part"],
    "exports": ["export", "EXPORTERS"],
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

if TYPE_CHECKING:  # what type checkers and editors see
    from .api import default_store_path, link, seed, validate
    from .backends.embedded.tree import region_subtree
    from .backends.neo4j.source import Neo4jDatabase
    from .backends.spark.source import SparkDataset
    from .checks import check
    from .errors import (
        ArgumentError, BulkImportError, DatasetError, ExportError, GraphmodelError,
        MissingPackageError, Neo4jConnectionError, Neo4jFailure, Neo4jServerError,
        NotAnswered, OptionValueError, PlanError, Problem, PushError, QueryError,
        QueryTimeout, QueryTooBig, ReadOnlyViolation, ReportError, SparkError, StoreError,
        UnknownName, UriError,
    )
    from .exports import EXPORTERS, export
    from .frames import frame, tables
    from .html_report import report_html
    from .io.dataset import read_dataset
    from .io.resources import bundled_dataset, bundled_datasets
    from .io.store import digest, open_store, write_store
    from .model.graph import Graph, to_networkx
    from .model.table import Rows, Table
    from .parts import region_part
    from .planning import Plan, plan
    from .plots import cjk_font, use_cjk_font
    from .questions import answer, questions
    from .questions.breakdowns import coverage, report_by
    from .questions.gaps import isolated, report, uncovered
    from .questions.people import instructors, members, organisations, station_list, stations
    from .questions.reference import industries, regions


def _question_names() -> list[str]:
    return list(_importlib.import_module(".questions", __name__).questions())


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
        value = _importlib.import_module(".questions.asking", __name__).public_function(name)
    else:
        raise AttributeError(f"module 'graphmodel' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF, *_question_names()})

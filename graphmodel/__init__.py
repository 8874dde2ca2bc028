"""graphmodel: market entities, party organisations, members, liaison stations and
instructors as one graph, with the questions analysts ask of it.

>>> import graphmodel
>>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
>>> [row["id"] for row in graphmodel.uncovered(G, type="individual")]
['E03', 'E07']
"""

import logging as _logging

from .api import default_store_path, seed, validate
from .dataset import read_dataset
from .errors import (
    DatasetError, GraphmodelError, Neo4jConnectionError, Neo4jServerError, OptionValueError,
    Problem, PushError, QueryError, QueryTimeout, QueryTooBig, ReadOnlyViolation, StoreError,
    UriError,
)
from .graph import Graph, to_networkx
from .breakdowns import coverage, report_by
from .catalogue import answer, questions
from .frames import frame, tables
from .neo4j.source import Neo4jDatabase
from .people import instructors, members, stations
from .queries import isolated, region_subtree, report, uncovered
from .reference import industries, regions
from .table import Rows, Table
from .resources import bundled_dataset, bundled_datasets
from .store import open_store, write_store

__version__ = "0.1.0"

# A library logs; the application decides where that goes (nowhere, by default).
_logging.getLogger(__name__).addHandler(_logging.NullHandler())

__all__ = [
    "__version__",
    "Graph", "read_dataset", "validate", "seed", "open_store", "write_store",
    "default_store_path", "bundled_dataset", "bundled_datasets", "to_networkx",
    "uncovered", "isolated", "report", "region_subtree", "regions", "industries",
    "coverage", "report_by", "members", "stations", "instructors",
    "Neo4jDatabase", "answer", "questions", "Rows", "Table", "frame", "tables",
    "GraphmodelError", "DatasetError", "Problem", "StoreError", "QueryError",
    "OptionValueError", "UriError", "Neo4jConnectionError", "Neo4jServerError", "PushError",
    "ReadOnlyViolation", "QueryTimeout", "QueryTooBig",
]

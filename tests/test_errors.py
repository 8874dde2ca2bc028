"""The exception hierarchy lives in one module, and shadows no other exception's name."""

from __future__ import annotations

import builtins
import importlib
import inspect
import pkgutil

import pytest

import graphmodel
from graphmodel import errors
from graphmodel.errors import DatasetError, GraphmodelError, Problem


def _modules():
    """Every module of the package, imported (``__main__`` would run the CLI)."""
    yield graphmodel
    for info in pkgutil.walk_packages(graphmodel.__path__, "graphmodel."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            yield importlib.import_module(info.name)
        except ModuleNotFoundError as exc:  # an optional dependency, not graphmodel's own
            if (exc.name or "").split(".")[0] == "graphmodel":
                raise


def _exception_classes():
    """(module, name, class) of each public exception class a module itself defines."""
    for module in _modules():
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseException)
                    and obj.__module__ == module.__name__ and not name.startswith("_")):
                yield module.__name__, name, obj


def test_every_exception_is_defined_in_errors_and_is_a_graphmodel_error():
    found = list(_exception_classes())
    assert found, "no exception class found: the walk is broken"
    elsewhere = [f"{module}.{name}" for module, name, _ in found if module != errors.__name__]
    assert elsewhere == [], "define these in graphmodel/errors.py"
    assert [name for _, name, cls in found if not issubclass(cls, GraphmodelError)] == []


def test_all_lists_exactly_the_public_names():
    defined = {name for name, obj in vars(errors).items()
               if inspect.isclass(obj) and obj.__module__ == errors.__name__
               and not name.startswith("_")}
    assert sorted(errors.__all__) == sorted(defined)
    assert len(errors.__all__) == len(set(errors.__all__))


def test_every_exception_says_when_it_is_raised():
    for name in errors.__all__:
        assert (getattr(errors, name).__doc__ or "").strip(), name


def test_no_name_shadows_the_drivers_or_a_builtin():
    driver = pytest.importorskip("neo4j.exceptions")
    taken = {name for name, obj in vars(driver).items()
             if inspect.isclass(obj) and issubclass(obj, BaseException)}
    taken |= {name for name, obj in vars(builtins).items()
              if inspect.isclass(obj) and issubclass(obj, BaseException)}
    assert "Neo4jError" in taken and "ConnectionError" in taken and "TimeoutError" in taken
    assert sorted(set(errors.__all__) & taken) == []


@pytest.mark.parametrize("n, message", [(1, "x.csv: 1 problem found"),
                                        (3, "x.csv: 3 problems found")])
def test_dataset_error_counts_its_problems_grammatically(n, message):
    problems = [Problem("x.csv", line, None, "bad") for line in range(2, 2 + n)]
    assert str(DatasetError("x.csv", problems)) == message

"""The shape of the package: layers, no import circles, backends found by registration,
one error tree that matches its docstring."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import graphmodel
from graphmodel import errors
from graphmodel.questions import catalogue
from graphmodel.questions.backend import Registration, registered

PACKAGE = Path(graphmodel.__file__).parent
ROOT = PACKAGE.parent


@pytest.fixture(scope="module")
def imports():
    return grimp.build_graph("graphmodel", exclude_type_checking_imports=True, cache_dir=None)


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_import_contracts_hold():
    # The contracts are in .importlinter: layers, independent backends, no sibling circles.
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_no_module_imports_itself_in_a_circle(imports):
    circles = []
    for module in sorted(imports.modules):
        for imported in imports.find_modules_directly_imported_by(module) - {module}:
            if imports.chain_exists(importer=imported, imported=module, as_packages=False):
                circles.append(f"{module} -> {imported}")
    assert circles == []


def test_no_private_name_is_imported_from_another_module():
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("graphmodel")):
                private = [a.name for a in node.names
                           if a.name.startswith("_") and not a.name.startswith("__")]
                if private:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {private}")
    assert found == []


def test_the_backends_register_through_entry_points():
    found = registered()
    assert set(found) == {"embedded", "neo4j", "spark"}
    assert all(isinstance(r, Registration) for r in found.values())



def test_the_questions_reach_no_backend(imports):
    # Not even through another module: the catalogue knows no backend.
    assert not imports.chain_exists(importer="graphmodel.questions", imported="graphmodel.backends",
                                    as_packages=True)


def test_the_seam_between_questions_and_backends_has_no_any():
    text = (PACKAGE / "questions" / "backend.py").read_text(encoding="utf-8")
    assert not re.search(r"\bAny\b|hasattr", text)


def test_a_question_a_backend_does_not_answer_is_one_clear_error():
    from graphmodel.questions.backend import Answers

    answers = Answers("test")
    error = answers.not_answered(catalogue.get("uncovered"))
    assert isinstance(error, errors.NotAnswered) and isinstance(error, errors.QueryError)
    assert str(error).startswith("uncovered: not answered on the test backend")


def _tree(docstring: str) -> dict[str, str | None]:
    """Each class of the docstring's drawing, with its parent (by indentation)."""
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in docstring.splitlines():
        m = re.match(r"^(\s*)(?:[│ ]*[├└]── )?(\w+Error|\w+Failure|\w+Violation|QueryTimeout|"
                     r"QueryTooBig|WorkbookTooLarge|UnknownName|NotAnswered|GraphmodelError)\b", line)
        if not m or not line.strip():
            continue
        depth = len(line) - len(line.lstrip(" │├└─"))
        name = m.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[name] = stack[-1][1] if stack else None
        stack.append((depth, name))
    return parents


def test_the_error_tree_matches_its_docstring():
    drawn = _tree(errors.__doc__ or "")
    classes = {name: cls for name, cls in vars(errors).items()
               if inspect.isclass(cls) and issubclass(cls, errors.GraphmodelError)}
    assert set(drawn) == set(classes)
    for name, cls in classes.items():
        parent = next((b.__name__ for b in cls.__bases__ if issubclass(b, errors.GraphmodelError)),
                      None)
        assert drawn[name] == parent, name
    assert issubclass(errors.ArgumentError, ValueError)
    assert issubclass(errors.MissingPackageError, ImportError)
    assert set(classes) <= set(errors.__all__)

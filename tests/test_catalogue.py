"""The catalogue is the one declaration of every question: the README's table, the
Cypher files' headers, the commands and the functions cannot drift from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import graphmodel
from graphmodel.questions import catalogue
from graphmodel.backends.neo4j.registry import ANSWERS as NEO4J_ANSWERS
from graphmodel.questions.backend import Answers
from graphmodel.io.resources import shipped_dir

QUESTIONS = list(catalogue.questions().values())
IDS = [q.name for q in QUESTIONS]
README = Path(__file__).parent.parent / "README.md"


def header(q) -> tuple[list[str], list[str]]:
    """The $parameters and the Returns: columns a query file's header declares."""
    text = (shipped_dir("cypher") / "queries" / f"{q.cypher}.cypher").read_text(encoding="utf-8")
    lines = [line[2:].strip() for line in text.splitlines() if line.startswith("//")]
    block = "\n".join(lines)
    params = block.split("Parameters", 1)[1].split("Returns:", 1)[0]
    declared = re.findall(r"^\$(\w+)", params, flags=re.M)
    returns = block.split("Returns:", 1)[1].split(";", 1)[0]
    returns = re.sub(r"\([^)]*\)", "", returns.replace("\n", " "))
    return declared, [c.strip() for c in returns.split(",")]


def test_the_readme_table_is_the_catalogues():
    text = README.read_text(encoding="utf-8")
    start, end = catalogue.README_MARKERS
    found = text[text.index(start):text.index(end) + len(end)]
    assert found == catalogue.markdown_table(), \
        "README's table of questions is stale: run python -m graphmodel.questions.catalogue README.md"


@pytest.mark.parametrize("q", [q for q in QUESTIONS if NEO4J_ANSWERS.find(q.name) is None], ids=lambda q: q.name)
def test_each_cypher_file_declares_the_catalogues_parameters_and_columns(q):
    params, columns = header(q)
    assert params == [p.name for p in q.parameters], q.cypher
    assert columns == list(q.column_names), q.cypher


@pytest.mark.parametrize("q", [q for q in QUESTIONS if NEO4J_ANSWERS.find(q.name) is not None], ids=lambda q: q.name)
def test_questions_assembled_on_neo4j_name_files_that_exist(q):
    assert list((shipped_dir("cypher") / "queries").glob(f"{q.cypher}.cypher")), q.cypher


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_each_question_is_a_public_function_with_an_example(q):
    function = getattr(graphmodel, q.name)
    assert function.question is q and q.name in graphmodel.__all__
    assert q.purpose in function.__doc__ and ">>> " in function.__doc__
    for p in q.parameters:
        assert f"{p.name} : " in function.__doc__


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q.command], ids=lambda q: q.name)
def test_each_command_offers_every_parameter(cli, q):
    result = cli(*[c for c in q.command if not c.startswith("--")], "--help")
    assert result.exit_code == 0
    for p in q.parameters:
        assert p.cli_option in result.stdout, (q.name, p.cli_option)
    if q.columns:
        assert "--sort" in result.stdout and "--limit" in result.stdout


def test_questions_command_lists_the_catalogue(cli):
    result = cli("questions", "-f", "json")
    assert result.exit_code == 0
    assert [r["name"] for r in __import__("json").loads(result.stdout)] == IDS


def test_an_answer_must_match_its_declaration():
    answers = Answers("test")
    with pytest.raises(ValueError, match="not the declared ones"):
        @answers("isolated")
        def isolated(G, place=None):  # pragma: no cover
            pass
    assert answers.find("isolated") is None


def test_unknown_arguments_and_sources_are_query_errors():
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    with pytest.raises(graphmodel.QueryError, match="unexpected argument 'colour'"):
        graphmodel.coverage(G, colour="red")
    with pytest.raises(graphmodel.QueryError, match="expected a graphmodel.Graph"):
        graphmodel.uncovered("store.gmz")
    with pytest.raises(graphmodel.QueryError, match="no question called 'nope'"):
        catalogue.get("nope")
    with pytest.raises(graphmodel.QueryError, match="by: expected one of city, county"):
        graphmodel.coverage(G, by="street")

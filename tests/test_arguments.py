"""The arguments the public query functions accept: dates as dates or ISO strings,
entity types as one name, a comma-separated string or a list; anything else is one
QueryError, never a TypeError or AttributeError traceback."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

import graphmodel
from graphmodel import ArgumentError, QueryError, UnknownName
from graphmodel.questions import arguments


@pytest.fixture(scope="module")
def G():
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


def ids(rows):
    return [r["id"] for r in rows]


# --- coercions ----------------------------------------------------------------------

def test_a_date_and_its_iso_string_give_the_same_report(G):
    assert graphmodel.report(G, as_of="2016-05-31") == \
        graphmodel.report(G, as_of=dt.date(2016, 5, 31))
    assert graphmodel.report(G, as_of="2016-05-31")["as_of"] == "2016-05-31"


@pytest.mark.parametrize("types", ["small_micro", "small_micro,individual",
                                   " small_micro , individual ", ["small_micro", "individual"],
                                   ("small_micro", "individual"), iter(["small_micro", "individual"]),
                                   {"individual", "small_micro"}, "small_micro,,individual,"])
def test_types_as_a_string_a_comma_list_or_an_iterable(G, types):
    expected = ["small_micro"] if types == "small_micro" else ["small_micro", "individual"]
    r = graphmodel.report(G, types=types)
    assert r["types"] == expected
    assert r == graphmodel.report(G, types=list(expected))


def test_report_with_one_type_string_is_not_split_into_letters(G):
    r = graphmodel.report(G, types="small_micro")
    assert r["types"] == ["small_micro"] and r["entities"]["total"] == 4


def test_repeated_types_count_once(G):
    assert graphmodel.report(G, types="market,market")["types"] == ["market"]
    assert ids(graphmodel.uncovered(G, types=["individual", "individual"])) == ["E03", "E07"]


def test_uncovered_takes_types_and_keeps_type_as_another_name(G):
    both = ["E02", "E03", "E07"]
    assert ids(graphmodel.uncovered(G, types="small_micro,individual")) == both
    assert ids(graphmodel.uncovered(G, type="small_micro,individual")) == both
    assert ids(graphmodel.uncovered(G, type=["small_micro", "individual"])) == both
    assert ids(graphmodel.uncovered(G, None, "individual")) == ["E03", "E07"]  # positional
    assert ids(graphmodel.uncovered(G, type="individual")) == ["E03", "E07"]
    with pytest.raises(QueryError, match="give types or type, not both"):
        graphmodel.uncovered(G, types="individual", type="market")


def test_numpy_integers_are_whole_numbers(G):
    assert graphmodel.uncovered(G, min_members=np.int64(2)) == graphmodel.uncovered(G, min_members=2)


# --- refusals -----------------------------------------------------------------------

REFUSED = [
    ("report", {"as_of": 20160616}, "as_of: expected a datetime.date or a string YYYY-MM-DD, got int"),
    ("report", {"as_of": "16/06/2016"}, "as_of '16/06/2016': expected a date YYYY-MM-DD"),
    ("report", {"as_of": "20160616"}, "expected a date YYYY-MM-DD"),
    ("report", {"as_of": "2016-02-30"}, "expected a date YYYY-MM-DD"),
    ("report", {"as_of": "0001-01-01"}, "from 0001-07-03 to 9999-12-31"),
    ("report", {"as_of": dt.date(1, 1, 1)}, "from 0001-07-03 to 9999-12-31"),
    ("report", {"as_of": dt.datetime(2016, 6, 16, 12)}, "not a date and time"),
    ("report", {"as_of": dt.datetime(2016, 6, 16)}, "not a date and time"),
    ("report", {"as_of": b"2016-06-16"}, "got bytes"),
    ("report", {"types": 3}, "types: expected an entity type, a comma-separated string of them "
                             "or a list of them, got int 3"),
    ("report", {"types": [1, 2]}, "types: expected entity type names (str), got int 1"),
    ("report", {"types": {"small_micro": 1}}, "got dict"),
    ("report", {"types": b"market"}, "got bytes"),
    ("report", {"types": "shop"}, "unknown entity type 'shop'"),
    ("report", {"types": "small_micro,shop"}, "unknown entity type 'shop'"),
    ("report", {"types": ""}, "types: no entity type given"),
    ("report", {"types": []}, "types: no entity type given"),
    ("report", {"region": 469027}, "region: expected an id (str), got int 469027"),
    ("report", {"region": ["R-DA"]}, "region: expected an id (str), got list"),
    ("report", {"region": "nowhere"}, "no region with id, name or code 'nowhere'"),
    ("uncovered", {"types": "s,h,o,p"}, "unknown entity type 's'"),
    ("uncovered", {"type": 7}, "type: expected an entity type"),
    ("uncovered", {"industry": 12}, "industry: expected an id (str), got int 12"),
    ("uncovered", {"min_members": -1}, "min_members: expected a whole number from 0 to 2147483647, got int -1"),
    ("uncovered", {"min_members": 2.5}, "got float 2.5"),
    ("uncovered", {"min_members": "3"}, "got str '3'"),
    ("uncovered", {"min_members": True}, "got bool True"),
    ("uncovered", {"min_members": 2**40}, "from 0 to 2147483647"),
    ("uncovered", {"region": 1.5}, "region: expected an id (str), got float 1.5"),
    ("isolated", {"region": 3}, "region: expected an id (str), got int 3"),
    ("region_subtree", {"region": 3}, "region: expected an id (str), got int 3"),
]


@pytest.mark.parametrize("call, kwargs, message", REFUSED,
                         ids=[f"{c}-{next(iter(k))}-{i}" for i, (c, k, _) in enumerate(REFUSED)])
def test_wrong_arguments_are_one_query_error(G, call, kwargs, message):
    with pytest.raises(QueryError) as raised:
        getattr(graphmodel, call)(G, **kwargs)
    text = str(raised.value)
    assert message in text and "\n" not in text
    assert type(raised.value) in (ArgumentError, UnknownName)


@pytest.mark.parametrize("not_a_graph", ["seeds/demo", None, 3])
def test_something_other_than_a_graph_is_a_query_error(not_a_graph):
    for call in (graphmodel.uncovered, graphmodel.isolated, graphmodel.report):
        with pytest.raises(QueryError, match="expected a graphmodel.Graph"):
            call(not_a_graph)


def test_an_unknown_type_message_is_kept_short():
    with pytest.raises(QueryError) as raised:
        arguments.entity_types("x" * 10_000)
    assert len(str(raised.value)) < 200


# --- the CLI ------------------------------------------------------------------------

def test_cli_uncovered_takes_a_comma_separated_type_list(cli, seeded):
    result = cli("query", "uncovered", "--type", "small_micro,individual", "-f", "json")
    assert result.exit_code == 0, result.output
    assert ids(json.loads(result.stdout)) == ["E02", "E03", "E07"]


@pytest.mark.parametrize("command", [("query", "uncovered"), ("report",)])
def test_cli_refuses_an_unknown_type_in_the_list_in_one_line(cli, seeded, command):
    result = cli(*command, "--type", "small_micro,shop")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "unknown entity type 'shop'" in result.stderr
    assert "Traceback" not in result.output


def test_cli_type_is_checked_before_the_store_is_opened(cli, tmp_path):
    result = cli("query", "uncovered", "--type", "shop",
                 env={"GRAPHMODEL_STORE": str(tmp_path / "none.gmz")})
    assert result.exit_code == 1 and "unknown entity type 'shop'" in result.stderr
    assert "no store" not in result.stderr

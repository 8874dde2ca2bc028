"""graphmodel.frames: query results and the whole graph as pandas DataFrames."""

from __future__ import annotations

import sys

import pytest

import graphmodel
from graphmodel.errors import QueryError
from graphmodel.frames import frame, report_figures, tables
from graphmodel.model.schema import DERIVED_PERSONAL_COLUMNS, LINK_FILES, NODE_KINDS, reference_columns
from graphmodel.model.table import Table

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def G():
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


@pytest.fixture(scope="module")
def T(G):
    return tables(G)


def _row(df, column: str, value: str) -> dict:
    found = df[df[column] == value]
    assert len(found) == 1, (column, value)
    return found.iloc[0].to_dict()


def test_one_table_per_node_kind_and_link_file(G, T):
    assert list(T) == [k.name for k in NODE_KINDS] + [f.name for f in LINK_FILES]
    counts = G.counts()
    for name, df in T.items():
        assert len(df) == counts[name], name


def test_node_tables_have_ids_properties_and_joined_names(G, T):
    for kind in NODE_KINDS:
        df = T[kind.name]
        assert df.columns[0] == "id"
        assert df["id"].tolist() == G.ids(kind.name).tolist()  # the store's row order
        for column in reference_columns(kind.name):
            position = df.columns.get_loc(column)
            assert df.columns[position + 1] == column.removesuffix("_id") + "_name"
        for column in G.columns[kind.name]:
            # What graphmodel derives from a personal number stays out of the frames.
            assert column in DERIVED_PERSONAL_COLUMNS or column in df.columns


def test_names_are_joined_by_hand(T):
    # members.csv: P01,王海,R-DA-DC,E01 / P11 employed by no entity
    p01 = _row(T["member"], "id", "P01")
    assert (p01["region_name"], p01["employer_id"], p01["employer_name"]) == \
        ("定城镇", "E01", "定安文笔峰旅游开发有限公司")
    p11 = _row(T["member"], "id", "P11")
    assert pd.isna(p11["employer_id"]) and pd.isna(p11["employer_name"])
    assert T["member"]["employer_name"].isna().sum() == 2  # P11, P12
    # entities.csv: E05 trades in the market E10
    e05 = _row(T["entity"], "id", "E05")
    assert (e05["market_id"], e05["market_name"], e05["industry_name"], e05["region_name"]) == \
        ("E10", "三亚第一市场", "餐饮", "吉阳区")
    # regions.csv and organisations.csv: parents
    assert _row(T["region"], "id", "R-SY")["parent_name"] == "海南省"
    assert pd.isna(_row(T["region"], "id", "HN")["parent_id"])
    assert _row(T["organisation"], "id", "O04")["parent_name"] == "中共三亚市小个专非公经济组织委员会"
    # stations.csv / instructors.csv: agencies
    s03 = _row(T["station"], "id", "S03")
    assert (s03["agency_id"], s03["agency_name"], s03["region_name"]) == \
        ("AG-SY", "三亚市工商局", "三亚市")
    assert _row(T["instructor"], "id", "I01")["agency_name"] == "定安县工商局"


def test_link_tables(T):
    assert T["memberships"].columns.tolist() == \
        ["member_id", "member_name", "organisation_id", "organisation_name", "role", "since"]
    assert T["coverage"].columns.tolist() == \
        ["organisation_id", "organisation_name", "entity_id", "entity_name", "since"]
    assert T["registrations"].columns.tolist() == \
        ["member_id", "member_name", "station_id", "station_name", "since"]
    assert T["guidance"].columns.tolist() == \
        ["instructor_id", "instructor_name", "organisation_id", "organisation_name", "since"]
    first = T["memberships"].iloc[0].to_dict()
    assert (first["member_id"], first["member_name"], first["organisation_name"], first["role"]) \
        == ("P01", "王海", "中共定安文笔峰旅游开发有限公司支部", "secretary")
    assert first["since"] == pd.Timestamp("2015-06-18")
    covers = T["coverage"]
    market = covers[covers["entity_id"] == "E10"].iloc[0]
    assert (market["organisation_id"], market["entity_name"]) == ("O04", "三亚第一市场")
    registered = _row(T["registrations"], "member_id", "P11")
    assert registered["station_name"] == "三亚市工商局流动党员联络站"


def test_dtypes(T):
    for name, column in (("organisation", "founded"), ("member", "last_org_life"),
                         ("instructor", "trained_on"), ("memberships", "since"),
                         ("coverage", "since")):
        assert pd.api.types.is_datetime64_any_dtype(T[name][column]), (name, column)
    assert _row(T["member"], "id", "P01")["last_org_life"] == pd.Timestamp("2016-05-20")
    assert pd.isna(_row(T["member"], "id", "P04")["last_org_life"])
    assert T["member"]["last_org_life"].isna().sum() == 5
    for flag in ("floating", "pocket", "hidden", "lost_contact"):
        assert T["member"][flag].dtype == bool
    assert T["member"].set_index("id")["floating"]["P04"]
    assert pd.api.types.is_string_dtype(T["entity"]["name"])
    # A missing string is missing, not "".
    assert T["member"]["found_via"].isna().sum() == 4
    assert not (T["entity"]["credit_code"] == "").any()


def test_personal_numbers_only_masked(T):
    member = T["member"]
    assert not [c for c in member.columns if c in DERIVED_PERSONAL_COLUMNS]
    p01 = _row(member, "id", "P01")
    assert p01["id_number"].endswith("1230") and "469021198001011230" not in p01["id_number"]
    text = member.to_csv()
    for raw in ("469021198001011230", "469021197503152346", "460200198807203451"):
        assert raw not in text


def test_tables_of_an_opened_store_and_of_a_graph_without_optional_files(G, demo_dir, store):
    graphmodel.write_store(G, store)
    opened = tables(graphmodel.open_store(store))
    for name, df in tables(G).items():
        pd.testing.assert_frame_equal(opened[name], df)
    for file in ("stations.csv", "registrations.csv", "instructors.csv", "guidance.csv"):
        (demo_dir / file).unlink()
    small = tables(graphmodel.read_dataset(demo_dir))
    assert len(small["station"]) == 0 and len(small["guidance"]) == 0
    assert small["registrations"].columns.tolist() == \
        ["member_id", "member_name", "station_id", "station_name", "since"]


def test_frame_of_rows_tables_and_dicts(G):
    rows = graphmodel.uncovered(G)
    df = frame(rows)
    assert df.columns.tolist() == list(rows.columns)
    assert df["id"].tolist() == [r["id"] for r in rows]
    isolated = frame(graphmodel.isolated(G))
    assert isolated.set_index("id").loc["P09", "reasons"] == ["lost_contact", "unattached"]
    table = Table({"id": ["a", "b"], "members": [1, None]})
    assert frame(table)["members"].tolist() == [1, None]
    plain = frame([{"id": "x", "n": 1}, {"id": "y", "extra": True}])
    assert plain.columns.tolist() == ["id", "n", "extra"]
    assert frame(df) is df
    assert frame([]).empty


def test_frame_of_the_report(G):
    figures = graphmodel.report(G, as_of="2016-06-16")
    df = frame(figures)
    assert df.columns.tolist() == ["figure", "value"]
    assert list(zip(df["figure"], df["value"])) == report_figures(figures)
    values = df.set_index("figure")["value"]
    assert values["entities.total"] == 10 and values["coverage_rate"] == 0.6
    assert values["stations.liaison_station"] == figures["stations"]["liaison_station"]
    assert values["region"] is None


def test_frame_of_something_else_is_a_query_error():
    with pytest.raises(QueryError, match="expected rows"):
        frame(42)
    with pytest.raises(QueryError, match="expected a graphmodel.Graph"):
        tables({"entity": []})


def test_without_pandas_a_clear_message(G, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    for call in (lambda: tables(G), lambda: frame(graphmodel.uncovered(G)),
                 lambda: frame(graphmodel.report(G)), lambda: graphmodel.isolated(G).to_pandas()):
        with pytest.raises(graphmodel.MissingPackageError, match=r"pip install 'graphmodel\[pandas\]'"):
            call()

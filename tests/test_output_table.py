"""echo_table writes a Table from its columns: byte for byte what echo_rows writes for
the same rows, in every format, whatever the values."""

from __future__ import annotations

import enum
import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from graphmodel.cli.output import Format, count, echo_rows, echo_table
from graphmodel.model.table import Table


class Kind(str, enum.Enum):
    market = "market"


TRICKY = [
    None, "", " ", "plain", "E0000001", "海南金岛住宿实业有限公司", "定城镇", 'say "hi"',
    "back\\slash", "a,b", "line\nbreak", "carriage\rreturn", "tab\tin", "\tlead tab",
    "\rlead cr", "=SUM(A1)", "+1", "-1", "@x", "nul\x00", "esc\x1b[2J", "del\x7f", "c1\x85",
    "bidi\u202emoc.exe", "sep\u2028", "nbsp\xa0", "trailing space ", "ideographic\u3000",
    "emoji 😀", "ＦＵＬＬ", 0, 1, -1, 7, 2**70, True, False, 1.0, 0.5, -0.0, 0.0,
    float("inf"), float("nan"), [], ["a", "b"], ["海口", 1], [None], Kind.market,
]


def printed(capsysbinary, write) -> bytes:
    write()
    return capsysbinary.readouterr().out


def assert_same(capsysbinary, table: Table, noun="rows") -> None:
    columns = list(table.names)
    for fmt in Format:
        want = printed(capsysbinary, lambda: echo_rows(table.rows(), columns, fmt, noun))
        got = printed(capsysbinary, lambda: echo_table(table, fmt, noun))
        assert got == want, fmt
    # A total row in the table, not counted; a footer instead of the count.
    want = printed(capsysbinary, lambda: echo_rows(table.rows(), columns, Format.table, noun))
    head = want.rstrip(b"\n").rpartition(b"\n")[0]
    got = printed(capsysbinary, lambda: echo_table(table, Format.table, noun, counted=1))
    assert got == head + f"\n{count(1, noun)}\n".encode()
    got = printed(capsysbinary, lambda: echo_table(table, Format.table, noun, footer="共 3 行"))
    assert got == head + "\n共 3 行\n".encode()


def test_every_tricky_value_in_every_column_position(capsysbinary):
    n = len(TRICKY)
    table = Table({"id": [f"R{i:03}" for i in range(n)], "value": TRICKY,
                   "reversed": TRICKY[::-1], "name": ["名字"] * n})
    assert_same(capsysbinary, table)


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_a_column_of_one_repeated_value(capsysbinary, value):
    # Few distinct values: each is encoded once and shared by the rows.
    n = 1100
    table = Table({"value": [value] * n, "id": [f"E{i:07}" for i in range(n)],
                   "last": [value] * n})
    assert_same(capsysbinary, table)


def test_columns_that_mix_equal_values_of_different_types(capsysbinary):
    # 1, 1.0 and True are equal (one dict key) but print differently; so do 0.0 and -0.0.
    n = 1500
    mixes = [[1, 1.0, True][i % 3] for i in range(n)], [[0.0, -0.0][i % 2] for i in range(n)], \
        [[0, False, None][i % 3] for i in range(n)], [["market", Kind.market][i % 2] for i in range(n)]
    table = Table({f"c{i}": mix for i, mix in enumerate(mixes)})
    assert_same(capsysbinary, table)


def test_a_province_sized_table_in_many_chunks(capsysbinary):
    n = 9_001  # several chunks of rows, the last one short
    types = ["small_micro", "individual", "market", "enterprise"]
    table = Table({
        "id": [f"E{i:07}" for i in range(n)],
        "name": [f"海南{i}号店" for i in range(n)],
        "type": [types[i % 4] for i in range(n)],
        "region_name": [None if i % 97 == 0 else "东山镇" for i in range(n)],
        "members": [i % 5 for i in range(n)],
        "rate": [None if i % 7 == 0 else i / n for i in range(n)],
        "tags": [["a"] if i % 3 else [] for i in range(n)],
        "late": [f'late "{i}"' if i > n - 3 else "x" for i in range(n)],  # escaping, at the end
    })
    assert_same(capsysbinary, table)


def test_no_rows_and_one_row(capsysbinary):
    assert_same(capsysbinary, Table({"id": [], "name": []}), noun="uncovered entities")
    assert_same(capsysbinary, Table({"id": ["E1"], "name": [None]}), noun="uncovered entities")


values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=6),
    st.sampled_from(["=1", "-x", "\r", "a\rb", '"', "\\", "海口", "\x1b", "\u202e"]),
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=2))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(values, min_size=1, max_size=4), min_size=1, max_size=3),
       st.integers(1, 200))
def test_any_values(capsysbinary, pools, rows):
    # Each column draws from a small pool, so some are columns of few distinct values.
    table = Table({f"c{j}": [pool[(i * 7 + j) % len(pool)] for i in range(rows)]
                   for j, pool in enumerate(pools)})
    assert_same(capsysbinary, table)


def test_nan_and_infinity_are_written_as_json_module_writes_them(capsysbinary):
    table = Table({"x": [math.nan, math.inf, -math.inf] * 500})
    assert_same(capsysbinary, table)


def test_columns_of_many_distinct_values_of_each_kind_of_width(capsysbinary):
    # Many distinct values: widths measured per column, not per value, where the
    # characters allow (ASCII; CJK, two columns and three UTF-8 bytes each).
    n = 1200
    table = Table({
        "ascii": [f"E{i:05}" for i in range(n)],
        "cjk": [f"海南{i}号店" for i in range(n)],
        "fullwidth": [f"ＦＵＬＬ{i}" for i in range(n)],
        "halfwidth_kana": [f"ｱｲｳ{i}" for i in range(n)],  # three bytes, one column
        "emoji": [f"😀{i}" for i in range(n)],  # four bytes, two columns
        "combining": [f"e\u0301{i}" for i in range(n)],
        "escaped": [f"a\x1b{i}" for i in range(n)],
    })
    assert_same(capsysbinary, table)


def test_csv_with_nothing_to_quote_and_with_one_column(capsysbinary):
    n = 1200
    assert_same(capsysbinary, Table({"id": [f"E{i}" for i in range(n)],
                                     "name": [f"名{i}" for i in range(n)],
                                     "n": list(range(n))}))
    assert_same(capsysbinary, Table({"only": ["", "a"] * 3}))
    assert_same(capsysbinary, Table({"only": [f"x{i}" for i in range(n)] + [""]}))
    assert_same(capsysbinary, Table({"a": [f"x{i}" for i in range(n)], "b": [""] * n}))

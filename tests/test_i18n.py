"""graphmodel.i18n: Chinese headers, values, flags and report labels (``--lang zh``)."""

from __future__ import annotations

import datetime
import enum
import inspect
import string
import typing

import pytest

import graphmodel
from graphmodel import i18n
from graphmodel.model import schema
from graphmodel.questions import catalogue
from graphmodel.errors import QueryError
from graphmodel.frames import report_figures
from graphmodel.i18n import (
    HEADERS, KNOWN_COLUMNS, LANGUAGES, REPORT_LABELS, VALUES, count_text, figure_label, header,
    translate_table, translate_value,
)
from graphmodel.model.schema import LINK_FILES, NODE_KINDS, reference_columns
from graphmodel.model.table import Rows, Table


@pytest.fixture(scope="module")
def G():
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


def _enum_of(annotation) -> type[enum.Enum] | None:
    """The Enum a field's annotation names (``Channel | None`` too), if any."""
    for arg in typing.get_args(annotation) or (annotation,):
        if inspect.isclass(arg) and issubclass(arg, enum.Enum):
            return arg
    return None


def _enum_columns() -> list[tuple[str, type[enum.Enum]]]:
    """Every (column, Enum) of the model: derived from schema's row models."""
    models = [k.model for k in NODE_KINDS] + [f.model for f in LINK_FILES]
    found = []
    for model in models:
        for name, field in model.model_fields.items():
            kind = _enum_of(field.annotation)
            if kind is not None:
                found.append((name, kind))
    return found


def test_every_enum_of_the_schema_is_an_output_column():
    # The derivation below misses nothing: every Enum schema declares is some
    # row model's column.
    declared = {obj for _, obj in inspect.getmembers(schema, inspect.isclass)
                if issubclass(obj, enum.Enum) and obj.__module__ == schema.__name__}
    assert declared == {kind for _, kind in _enum_columns()}


@pytest.mark.parametrize("column,kind", _enum_columns(),
                         ids=lambda x: x if isinstance(x, str) else x.__name__)
def test_every_enum_value_has_a_chinese_word(column, kind):
    missing = [m.value for m in kind if translate_value(column, m.value, "zh") == m.value]
    assert missing == []
    words = [translate_value(column, m.value, "zh") for m in kind]
    assert len(set(words)) == len(words), f"two values of {kind.__name__} print alike"
    assert all(w.strip() for w in words)


def test_no_word_for_a_value_the_schema_does_not_have():
    values_of: dict[str, set[str]] = {}
    for column, kind in _enum_columns():
        values_of.setdefault(column, set()).update(m.value for m in kind)
    values_of["types"] = values_of["type"]
    for column, words in VALUES["zh"].items():
        if column in values_of:
            assert set(words) <= values_of[column], column


def test_entity_types_in_the_brief_words():
    assert [translate_value("type", t, "zh") for t in schema.SMALL_TYPES] == \
        ["小微企业", "个体工商户", "专业市场"]
    assert translate_value("kind", "liaison_station", "zh") == "流动党员联络站"
    assert translate_value("level", "branch", "zh") == "党支部"


def test_isolation_reasons_are_translated_item_by_item(G):
    rows = graphmodel.isolated(G)
    reasons = {r for row in rows for r in row["reasons"]}
    assert reasons == {"lost_contact", "unattached"}
    for row in rows:
        translated = translate_value("reasons", row["reasons"], "zh")
        assert len(translated) == len(row["reasons"])
        assert not set(translated) & reasons
    assert translate_value("reasons", ["lost_contact"], "zh") == ["失联党员"]


def test_flags_print_yes_no_in_any_column():
    assert translate_value("floating", True, "zh") == "是"
    assert translate_value("lost_contact", False, "zh") == "否"
    assert translate_value("some_new_flag", True, "zh") == "是"
    # Counts are numbers, not flags.
    assert translate_value("floating", 3, "zh") == 3


def _printed_columns() -> set[str]:
    """Every column name graphmodel prints or returns: the questions' declared
    columns, the row models' fields, the joined names of graphmodel.tables, and the
    i18n module's own list of current and planned columns."""
    names = set(KNOWN_COLUMNS)
    for q in catalogue.questions().values():
        names.update(c.name for c in q.columns)
    for kind in NODE_KINDS:
        names.update(kind.fields)
        names.update(c.removesuffix("_id") + "_name" for c in reference_columns(kind.name))
    for link in LINK_FILES:
        names.update(link.model.model_fields)
        names.update(c.removesuffix("_id") + "_name"
                     for c in (link.source_column, link.target_column))
    names.update({"figure", "value"})
    return names


def test_every_known_column_has_a_chinese_header():
    missing = sorted(c for c in _printed_columns() if header(c, "zh") == c)
    assert missing == []


def test_every_report_figure_has_a_chinese_label(G):
    figures = graphmodel.report(G, as_of=datetime.date(2016, 6, 16))
    names = [name for name, _ in report_figures(figures)]
    assert "stations.liaison_station" in names and "members.ethnicity.黎族" in names
    missing = [n for n in names if figure_label(n, "zh") == n]
    assert missing == []
    assert [n for n in names if header(n, "zh") == n] == []
    assert header("entities.small_micro", "zh") == "市场主体：小微企业"
    assert header("members.ethnicity.黎族", "zh") == "黎族党员"
    assert translate_value("figure", "coverage_rate", "zh") == "覆盖率"


def test_headers_of_plain_columns_are_distinct():
    zh = [HEADERS["zh"][c] for c in KNOWN_COLUMNS]
    doubled = sorted({h for h in zh if zh.count(h) > 1})
    assert doubled == []


def test_unknown_names_and_values_fall_back_to_english():
    assert header("owner_note", "zh") == "owner_note"
    assert header("brand.new.figure", "zh") == "brand.new.figure"
    assert figure_label("entities.some_new_type", "zh") == "entities.some_new_type"
    assert translate_value("kind", "mobile_station", "zh") == "mobile_station"
    assert translate_value("reasons", ["lost_contact", "moved"], "zh") == ["失联党员", "moved"]
    assert translate_value("name", "market", "zh") == "market"  # names are data
    assert translate_value("type", None, "zh") is None


def test_english_is_the_identity():
    assert LANGUAGES[0] == "en"
    assert header("region_name", "en") == "region_name"
    assert translate_value("type", "market", "en") == "market"
    assert translate_value("floating", True, "en") is True
    t = Table({"id": ["E01"], "type": ["market"]})
    assert translate_table(t, "en") is t


def test_unknown_language_is_a_query_error():
    with pytest.raises(QueryError, match="unknown language 'fr'"):
        header("id", "fr")
    with pytest.raises(QueryError):
        translate_table(Table({"id": []}), "de")


def test_translate_table_with_lists_none_flags_and_counts():
    t = Table({
        "id": ["P09", "P11"],
        "name": ["郑勇", None],
        "reasons": [["lost_contact", "unattached"], []],
        "floating": [True, None],
        "members": [2, None],
        "type": ["individual", None],
        "level": ["town", "branch"],
        "owner_note": ["x", None],
    })
    zh = translate_table(t, "zh")
    assert zh.names == ("编号", "名称", "原因", "流动党员", "党员数", "主体类型", "级别",
                        "owner_note")
    assert zh.rows() == [
        {"编号": "P09", "名称": "郑勇", "原因": ["失联党员", "未纳入组织管理"], "流动党员": "是",
         "党员数": 2, "主体类型": "个体工商户", "级别": "乡镇（街道）", "owner_note": "x"},
        {"编号": "P11", "名称": None, "原因": [], "流动党员": None, "党员数": None,
         "主体类型": None, "级别": "党支部", "owner_note": None},
    ]
    # The input is left alone.
    assert t.columns["type"] == ["individual", None]


def test_translate_table_keeps_colliding_headers_apart():
    t = Table({"lost_contact": [True], "members.lost_contact": [1], "失联党员": ["x"]})
    names = translate_table(t, "zh").names
    assert len(set(names)) == 3


def test_translate_table_of_query_rows_and_figures(G):
    rows = graphmodel.uncovered(G)
    assert isinstance(rows, Rows)
    zh = translate_table(rows, "zh")
    assert len(zh) == len(rows)
    assert set(zh.columns["主体类型"]) <= {"小微企业", "个体工商户", "专业市场", "其他企业"}
    pairs = report_figures(graphmodel.report(G))
    figures = translate_table(Table({"figure": [n for n, _ in pairs],
                                     "value": [v for _, v in pairs]}), "zh")
    assert figures.names == ("指标", "数值")
    assert "市场主体：合计" in figures.columns["指标"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_report_labels_cover_the_same_lines_in_every_language():
    en = REPORT_LABELS["en"]
    for lang in LANGUAGES:
        labels = REPORT_LABELS[lang]
        assert set(labels) == set(en), lang
        for key, text in labels.items():
            assert _fields(text) == _fields(en[key]), (lang, key)
            # Sub-lines keep their indent, so the table text keeps its shape.
            assert text.startswith("  ") == en[key].startswith("  "), (lang, key)
    assert i18n.report_label("scope", "zh", scope="全部地区") == "报告：全部地区"
    assert i18n.report_label("members.ethnicity", "zh", name="黎族") == "  黎族党员"


def test_english_report_labels_are_those_the_report_prints(G):
    from graphmodel.cli.output import Format, render_report

    text = render_report(graphmodel.report(G), Format.table)
    lines = [line.rstrip() for line in text.splitlines()]
    labels = [label for key, label in REPORT_LABELS["en"].items()
              if not _fields(label) and not key.startswith("scope.")
              and key != "coverage_rate.none"]
    missing = [label for label in labels
               if not any(line.startswith(label + " ") for line in lines)]
    assert missing == []
    assert lines[0].startswith("Report: all regions, all entity types, as of ")


def test_count_text():
    assert count_text(3, "uncovered entities", "zh") == "共 3 户未覆盖市场主体"
    assert count_text(2, "isolated members", "zh") == "共 2 名游离党员"
    assert count_text(2, "isolated members", "en") is None
    assert count_text(2, "new things", "zh") is None
    nouns = {q.noun for q in catalogue.questions().values() if getattr(q, "noun", None)}
    assert [n for n in sorted(nouns) if count_text(1, n, "zh") is None] == []

"""Output in Chinese: column headers, enumerated values, flags and report labels.

Everything graphmodel prints is English by default; ``--lang zh`` prints it in the
words of the source document and of the regulator's registers (小微企业, 个体工商户,
专业市场, 流动党员联络站, 失联党员...). This module holds those words as data:

* :data:`HEADERS`: a header per column name (and per report figure, ``entities.total``);
* :data:`VALUES`: the words for enumerated values, by the column they appear in
  (entity ``type``, region and organisation ``level``, station and agency ``kind``,
  ``formation``, ``found_via``, isolation ``reasons``...); flags print 是/否;
* :data:`REPORT_LABELS`: the lines of the report's table text;
* :data:`COUNT_NOUNS`: the noun (and measure word) of a table's closing count.

A name or value without a translation prints as it is, so a new column never fails.
The enumerations come from :mod:`graphmodel.model.schema`: a value added there without a
word here is caught by the tests.

Word choices (see the domain brief's glossary):

* ``enterprise`` (an entity of none of the three small types) is 其他企业: the
  document sets 小微企业 against the other enterprises of the register, and a bare
  企业 would also cover the 小微企业;
* region levels follow the administrative hierarchy as statistical tables write it:
  省, 地级市 (a ``city`` is prefecture-level: 三亚市; a county-level city such as
  文昌市 is a ``county``), 县（市、区） (counties, county-level cities and districts),
  乡镇（街道） (towns, townships and subdistricts);
* ``unattached`` (no branch and no liaison station) is 未纳入组织管理, and an
  ``isolated`` member, reached by no organisation, a 游离党员;
* the discovery channels are the document's 六找, without the repeated 找
  (企业登记, 年报工作, 市场监管, 电话联系, 走访上门, 党员互动).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import ArgumentError
from .model.schema import (
    AgencyKind, Channel, EntityType, Formation, OrganisationLevel, RegionLevel, StationKind,
)
from .model.table import Rows, Table

__all__ = ["LANGUAGES", "HEADERS", "VALUES", "FLAG", "REPORT_LABELS", "COUNT_NOUNS",
           "KNOWN_COLUMNS", "header", "translate_value", "translate_table", "figure_label",
           "report_label", "count_text", "check_language"]

#: The output languages; the first is the default.
LANGUAGES = ("en", "zh")

# --- enumerated values, by the column they appear in ---------------------------------

_ENTITY_TYPE = {
    EntityType.small_micro: "小微企业",
    EntityType.individual: "个体工商户",
    EntityType.market: "专业市场",
    EntityType.enterprise: "其他企业",
}
_REGION_LEVEL = {
    RegionLevel.province: "省",
    RegionLevel.city: "地级市",
    RegionLevel.county: "县（市、区）",
    RegionLevel.town: "乡镇（街道）",
}
_ORGANISATION_LEVEL = {
    OrganisationLevel.committee: "党委",
    OrganisationLevel.general_branch: "党总支",
    OrganisationLevel.branch: "党支部",
}
_FORMATION = {
    Formation.standalone: "单独组建",
    Formation.regional: "区域联建",
    Formation.dispatched: "派员组建",
    Formation.affiliated: "挂靠组建",
    Formation.industry: "行业统建",
}
_CHANNEL = {
    Channel.registration: "企业登记",
    Channel.annual_report: "年报工作",
    Channel.supervision: "市场监管",
    Channel.phone: "电话联系",
    Channel.visit: "走访上门",
    Channel.referral: "党员互动",
}
_STATION_KIND = {
    StationKind.liaison_station: "流动党员联络站",
    StationKind.consultation_desk: "党建咨询台",
}
_AGENCY_KIND = {
    AgencyKind.bureau: "工商局",
    AgencyKind.office: "工商所",
    AgencyKind.association: "个私协会",
    AgencyKind.organisation_department: "组织部",
}
#: Why :func:`graphmodel.isolated` lists a member.
_REASONS = {"lost_contact": "失联党员", "unattached": "未纳入组织管理"}
#: The usual roles in memberships.csv (a free-text column: others print as they are).
_ROLES = {"secretary": "书记", "deputy_secretary": "副书记", "member": "党员"}


def _words(*tables: Mapping[Any, str]) -> dict[str, str]:
    return {(k.value if hasattr(k, "value") else k): v for t in tables for k, v in t.items()}


#: Chinese words for enumerated values, by column. ``level`` holds region and
#: organisation levels, ``kind`` station and agency kinds (their values differ).
VALUES: dict[str, dict[str, dict[str, str]]] = {
    "en": {},
    "zh": {
        "type": _words(_ENTITY_TYPE),
        "types": _words(_ENTITY_TYPE),
        "level": _words(_REGION_LEVEL, _ORGANISATION_LEVEL),
        "kind": _words(_STATION_KIND, _AGENCY_KIND),
        "formation": _words(_FORMATION),
        "found_via": _words(_CHANNEL),
        "reasons": _words(_REASONS),
        "role": _words(_ROLES),
    },
}

#: How a flag (a True/False cell) prints, per language.
FLAG: dict[str, dict[bool, str]] = {"zh": {True: "是", False: "否"}}

# --- column headers ----------------------------------------------------------------

_HEADERS_ZH = {
    # the questions' columns
    "id": "编号",
    "name": "名称",
    "type": "主体类型",
    "region_id": "地区编号",
    "region_name": "所在地区",
    "county_id": "县（市、区）编号",
    "county_name": "所在县（市、区）",
    "industry_id": "行业编号",
    "industry_name": "行业",
    "members": "党员数",
    "employer_id": "工作单位编号",
    "employer_name": "工作单位",
    "reasons": "原因",
    "level": "级别",
    "code": "区划代码",
    "parent_id": "上级编号",
    "parent_name": "上级名称",
    "entities": "市场主体数",
    "covered": "已覆盖主体数",
    "covered_entities": "已覆盖市场主体数",
    "coverage_rate": "覆盖率",
    "organisations": "党组织数",
    "organisation_members": "党组织所属党员数",
    "floating": "流动党员",
    "pocket": "口袋党员",
    "hidden": "隐形党员",
    "lost_contact": "失联党员",
    "unattached": "未纳入组织管理",
    "found_via": "查找渠道",
    "last_org_life": "最近一次组织生活",
    "stations": "站点数",
    "kind": "类别",
    "instructors": "指导员数",
    "organisations_guided": "指导党组织数",
    "figure": "指标",
    "value": "数值",
    "covered_industries": "覆盖行业数",
    "branches": "党支部数",
    "org_life": "半年内过组织生活",
    "found": "经六找找到",
    "floating_pocket_or_hidden": "流动、口袋或隐形党员",
    "ethnicity": "民族",
    "agency_id": "所属机关编号",
    "agency_name": "所属机关",
    "station_id": "站点编号",
    "station_name": "站点名称",
    # the dataset's other columns (graphmodel.tables)
    "market_id": "所在市场编号",
    "market_name": "所在市场",
    "credit_code": "统一社会信用代码",
    "formation": "组建方式",
    "founded": "成立日期",
    "id_number": "公民身份号码",
    "trained_on": "培训日期",
    "role": "职务",
    "since": "起始日期",
    "member_id": "党员编号",
    "member_name": "党员姓名",
    "organisation_id": "党组织编号",
    "organisation_name": "党组织名称",
    "entity_id": "市场主体编号",
    "entity_name": "市场主体名称",
    "instructor_id": "指导员编号",
    "instructor_name": "指导员姓名",
    # graphmodel.plan: the formation rows and the summary of its effect
    "group": "联建组编号",
    "covered_before": "现已覆盖主体数",
    "covered_after": "计划后覆盖主体数",
    "coverage_before": "现覆盖率",
    "coverage_after": "计划后覆盖率",
    "standalone": "单独组建主体数",
    "regional_branches": "区域联建支部数",
    "regional_entities": "区域联建主体数",
    "affiliated": "挂靠组建主体数",
    "work_targets": "工作覆盖对象数",
    "members_gaining": "新纳入组织党员数",
    "organisations_before": "现党组织数",
    "organisations_after": "计划后党组织数",
    "stations_proposed": "拟设联络站数",
    "floating_assigned": "拟登记流动党员数",
    "guidance_proposed": "拟派指导员指导党组织数",
    "instructors_needed": "需增指导员数",
    # the report's scope
    "region": "地区",
    "types": "主体类型范围",
    "as_of": "截至日期",
    "total": "合计",
    # per-type and per-kind counts (graphmodel.report_by): the values' words
    **_words(_ENTITY_TYPE, _STATION_KIND),
}

#: Column headers per language (English: the column names themselves).
HEADERS: dict[str, dict[str, str]] = {"en": {}, "zh": _HEADERS_ZH}

# The report's figures (graphmodel.report): top-level names, then ``group.key``.
_FIGURE_GROUPS_ZH = {"entities": "市场主体", "organisations": "党组织", "members": "党员",
                     "stations": "站点"}
_FIGURES_ZH = {
    "covered_entities": "已覆盖市场主体",
    "coverage_rate": "覆盖率",
    "covered_industries": "已覆盖主体涉及行业",
    "instructors": "党建工作指导员",
    "organisations.members": "党组织：所属党员",
    "organisations.branches": "党组织：党支部",
    "members.found": "党员：经六找找到",
    "members.org_life": "党员：半年内过组织生活",
}

#: Every column name graphmodel prints or returns today (tests check each has a
#: Chinese header).
KNOWN_COLUMNS: tuple[str, ...] = tuple(_HEADERS_ZH)

# --- the report's table text ---------------------------------------------------------

#: The lines of the report's table text, per language. Placeholders: ``{scope}``
#: (the ``scope.*`` parts joined by ``scope.separator``), ``{region}``, ``{as_of}``,
#: ``{type}`` and ``{kind}`` (give them translated: :func:`translate_value`),
#: ``{name}`` (an ethnicity, as the data has it). Sub-lines keep their indent.
REPORT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "scope": "Report: {scope}",
        "scope.region": "region {region}",
        "scope.all_regions": "all regions",
        "scope.all_types": "all entity types",
        "scope.as_of": "as of {as_of}",
        "scope.separator": ", ",
        "entities": "Entities",
        "entities.type": "  {type}",
        "covered_entities": "Covered entities",
        "coverage_rate": "Coverage rate",
        "coverage_rate.none": "-",
        "covered_industries": "  industries of covered entities",
        "organisations": "Organisations",
        "organisations.branches": "  branches",
        "organisations.members": "  their members (MEMBER_OF)",
        "members": "Members",
        "members.floating": "  floating",
        "members.pocket": "  pocket",
        "members.hidden": "  hidden",
        "members.floating_pocket_or_hidden": "  floating, pocket or hidden",
        "members.lost_contact": "  lost contact",
        "members.found": "  found via a channel",
        "members.org_life": "  organisational life in 183 days",
        "members.ethnicity": "  ethnicity {name}",
        "stations": "Stations",
        "stations.kind": "  {kind}",
        "instructors": "Instructors",
    },
    "zh": {
        "scope": "报告：{scope}",
        "scope.region": "地区 {region}",
        "scope.all_regions": "全部地区",
        "scope.all_types": "全部主体类型",
        "scope.as_of": "截至 {as_of}",
        "scope.separator": "，",
        "entities": "市场主体",
        "entities.type": "  {type}",
        "covered_entities": "已覆盖市场主体",
        "coverage_rate": "党组织覆盖率",
        "coverage_rate.none": "-",
        "covered_industries": "  已覆盖主体涉及行业",
        "organisations": "党组织",
        "organisations.branches": "  党支部",
        "organisations.members": "  所属党员（MEMBER_OF）",
        "members": "党员",
        "members.floating": "  流动党员",
        "members.pocket": "  口袋党员",
        "members.hidden": "  隐形党员",
        "members.floating_pocket_or_hidden": "  流动、口袋或隐形党员",
        "members.lost_contact": "  失联党员",
        "members.found": "  经六找找到",
        "members.org_life": "  183天内过组织生活",
        "members.ethnicity": "  {name}党员",
        "stations": "联络站和咨询台",
        "stations.kind": "  {kind}",
        "instructors": "党建工作指导员",
    },
}

#: A table's closing count in Chinese: the English noun (as the catalogue declares
#: it) to a measure word and a noun, printed ``共 3 户未覆盖市场主体``.
COUNT_NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "zh": {
        "uncovered entities": ("户", "未覆盖市场主体"),
        "isolated members": ("名", "游离党员"),
        "regions": ("个", "地区"),
        "types": ("类", "市场主体"),
        "entities to form or attach": ("户", "拟组建或挂靠的市场主体"),
        "industries": ("个", "行业"),
        "figures": ("项", "指标"),
        "groups": ("组", ""),
        "rows": ("行", ""),
        "problems": ("个", "问题"),
    },
}


# --- functions -----------------------------------------------------------------------


def check_language(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else a :class:`~graphmodel.QueryError`.

    Examples
    --------
    >>> check_language("zh")
    'zh'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    graphmodel.errors.ArgumentError: unknown language 'fr' (languages: en, zh)
    """
    if lang not in LANGUAGES:
        raise ArgumentError(f"unknown language {str(lang)[:20]!r} (languages: {', '.join(LANGUAGES)})")
    return lang


def figure_label(name: str, lang: str) -> str:
    """The label of a report figure under its dotted name (``entities.total``,
    ``stations.liaison_station``, ``members.ethnicity.黎族``), or ``name`` itself.

    Parameters
    ----------
    name : str
        A figure name as :func:`graphmodel.frames.report_figures` gives it.
    lang : str
        One of :data:`LANGUAGES`.

    Returns
    -------
    str

    Examples
    --------
    >>> figure_label("entities.small_micro", "zh"), figure_label("members.ethnicity.黎族", "zh")
    ('市场主体：小微企业', '黎族党员')
    >>> figure_label("entities.total", "en"), figure_label("new.figure", "zh")
    ('entities.total', 'new.figure')
    """
    if check_language(lang) == "en":
        return name
    if name in _FIGURES_ZH:
        return _FIGURES_ZH[name]
    group, dot, key = name.partition(".")
    if not dot:
        return _HEADERS_ZH.get(name, name)
    if group == "members" and key.startswith("ethnicity."):
        return key[len("ethnicity."):] + "党员"
    if group not in _FIGURE_GROUPS_ZH:
        return name
    words = VALUES["zh"]["type" if group == "entities" else "kind"]
    word = words.get(key) or _HEADERS_ZH.get(key)
    return f"{_FIGURE_GROUPS_ZH[group]}：{word}" if word else name


def header(name: str, lang: str) -> str:
    """The header of the column ``name`` in ``lang``; ``name`` itself when there is
    none (English, or a column without a translation).

    Parameters
    ----------
    name : str
        A column name (``region_name``) or a report figure (``entities.total``).
    lang : str
        One of :data:`LANGUAGES`.

    Returns
    -------
    str

    Examples
    --------
    >>> header("coverage_rate", "zh"), header("coverage_rate", "en"), header("remarks", "zh")
    ('覆盖率', 'coverage_rate', 'remarks')
    """
    if check_language(lang) == "en":
        return name
    found = HEADERS[lang].get(name) or _declared_headers().get(name)
    if found is not None:
        return found
    return figure_label(name, lang) if "." in name else name


def _declared_headers() -> dict[str, str]:
    """Chinese headers declared with the questions' columns (``Column(zh=...)``)."""
    from .questions import catalogue

    return {c.name: c.zh for q in catalogue.questions().values() for c in q.columns if c.zh}


def translate_value(column: str, value: Any, lang: str) -> Any:
    """``value``, found in ``column``, in ``lang``: an enumerated value in its word,
    a flag as 是/否, a list item by item, a report figure name by
    :func:`figure_label`; anything else (ids, names, numbers, None) unchanged.

    Parameters
    ----------
    column : str
        The column's name (its English name): which values it holds.
    value : object
    lang : str
        One of :data:`LANGUAGES`.

    Returns
    -------
    object

    Examples
    --------
    >>> translate_value("type", "market", "zh"), translate_value("floating", True, "zh")
    ('专业市场', '是')
    >>> translate_value("reasons", ["lost_contact", "unattached"], "zh")
    ['失联党员', '未纳入组织管理']
    >>> translate_value("type", "market", "en"), translate_value("name", "market", "zh")
    ('market', 'market')
    """
    if check_language(lang) == "en" or value is None:
        return value
    return _translator(column, lang)(value)


def _translator(column: str, lang: str):
    words = VALUES[lang].get(column, {})
    flags = FLAG[lang]
    figures = column == "figure"

    def one(value: Any) -> Any:
        if value.__class__ is bool:
            return flags[value]
        if value.__class__ is str:
            if figures:
                return figure_label(value, lang)
            return words.get(value, value)
        if isinstance(value, list):
            return [one(v) for v in value]
        return value

    return one


def translate_table(table: Table | Rows, lang: str) -> Table:
    """``table`` with its headers (:func:`header`) and values
    (:func:`translate_value`) in ``lang``; in English, ``table`` itself (a
    :class:`~graphmodel.model.table.Rows` is taken as the table of its rows).

    Two columns whose headers would coincide keep them apart: the second gets its
    English name in brackets.

    Parameters
    ----------
    table : Table or Rows
    lang : str
        One of :data:`LANGUAGES`.

    Returns
    -------
    Table

    Examples
    --------
    >>> t = Table({"id": ["E03"], "type": ["individual"], "reasons": [["unattached"]]})
    >>> translate_table(t, "zh").rows()
    [{'编号': 'E03', '主体类型': '个体工商户', '原因': ['未纳入组织管理']}]
    >>> translate_table(t, "en") is t
    True
    """
    if isinstance(table, Rows):
        table = Table.from_rows(table, table.columns)
    if check_language(lang) == "en":
        return table
    out: dict[str, list[Any]] = {}
    for name, values in table.columns.items():
        title = header(name, lang)
        if title in out:
            title = f"{title}（{name}）"
        kinds = set(map(type, values))  # at C speed: a province is half a million rows
        words = VALUES[lang].get(name)
        if kinds <= {str, type(None)} and name != "figure":
            # The common case, done without a call per cell: plain strings.
            out[title] = [words.get(v, v) for v in values] if words else values
        elif kinds <= {int, float, type(None)}:
            out[title] = values  # counts and rates
        else:
            one = _translator(name, lang)
            out[title] = [None if v is None else one(v) for v in values]
    return Table(out)


def report_label(key: str, lang: str, **fields: Any) -> str:
    """A line label of the report's table text (:data:`REPORT_LABELS`), with its
    placeholders filled; the English label when ``lang`` has none.

    Examples
    --------
    >>> report_label("members.floating", "zh"), report_label("scope.as_of", "zh", as_of="2016-06-16")
    ('  流动党员', '截至 2016-06-16')
    >>> report_label("entities.type", "zh", type=translate_value("type", "market", "zh"))
    '  专业市场'
    """
    check_language(lang)
    text = REPORT_LABELS[lang].get(key, REPORT_LABELS["en"][key])
    return text.format(**fields) if fields else text


def count_text(n: int, noun: str, lang: str) -> str | None:
    """A table's closing count in ``lang``, for the English plural ``noun``; None in
    English or for a noun without a translation (print the English count then).

    Examples
    --------
    >>> count_text(3, "uncovered entities", "zh"), count_text(1200, "rows", "zh")
    ('共 3 户未覆盖市场主体', '共 1,200 行')
    >>> count_text(3, "uncovered entities", "en") is None
    True
    """
    if check_language(lang) == "en":
        return None
    found = COUNT_NOUNS.get(lang, {}).get(noun)
    if found is None:
        from .questions import catalogue

        found = next((q.noun_zh for q in catalogue.questions().values()
                      if q.noun == noun and q.noun_zh), None)
    if found is None:
        return None
    unit, word = found
    return f"共 {n:,} {unit}{word}"

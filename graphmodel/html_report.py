"""The report as one HTML file people can read, print and send on.

:func:`report_html` writes a self-contained page for a region subtree: the
report's figures, coverage per sub-region and per entity type as bar charts, the
uncovered entities employing most members, isolated members per sub-region,
stations and floating members, instructors' load, and the work plan's coverage
before and after (:func:`graphmodel.plan`). Everything is inline (styles, the charts
as PNG images drawn by matplotlib with a CJK font, the machine-readable figures as a
JSON block ``<script type="application/json" id="figures">``, equal to ``report
--format json``), so the file opens offline and nothing is fetched when viewed.

The page is made from the answers of the catalogue's questions only (``report``,
``coverage``, ``uncovered``, ``isolated``, ``stations``, ``instructors``,
``organisations``, ``regions``, and ``plan``), so it is the same from the embedded
store and from Neo4j. Every value from the data is escaped (:func:`html.escape`).
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from string import Template
from typing import Any

from . import __version__
from .errors import ReportError
from .frames import report_figures
from .io.private import write_private
from .i18n import check_language, header, report_label, translate_value
from .planning import plan
from .plots import cjk_font_file, cjk_rc
from .questions.breakdowns import coverage
from .questions.gaps import isolated, report, uncovered
from .questions.people import instructors, organisations, stations
from .questions.reference import regions

__all__ = ["report_html", "TEXT", "TOP_UNCOVERED"]

#: How many uncovered entities (those employing most members) the page lists.
TOP_UNCOVERED = 15

#: The page's own words, per language (the figures' labels are the report's own:
#: :data:`graphmodel.i18n.REPORT_LABELS`). Placeholders as in ``str.format``.
TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Party-building coverage report: {region}",
        "all": "all regions",
        "scope": "Entity types: {types}. As of {as_of}.",
        "key.entities": "Market entities",
        "key.coverage": "Coverage rate",
        "key.organisations": "Party organisations",
        "key.members": "Party members",
        "key.isolated": "Isolated members",
        "key.stations": "Stations",
        "key.instructors": "Instructors",
        "figures": "The report's figures",
        "figure": "Figure",
        "value": "Value",
        "by_region": "Coverage per {level}",
        "by_type": "Coverage by entity type",
        "uncovered": "Uncovered entities employing most members",
        "uncovered.none": "No uncovered entity employs a member.",
        "uncovered.note": "The {n} uncovered entities with most members (of {total} employing "
                          "any): 3 or more can found a branch of their own.",
        "isolated": "Isolated members per {level}",
        "isolated.note": "Members no organisation reaches: lost contact, or in no "
                         "organisation and registered at no station ({total} in all).",
        "isolated.none": "No isolated members.",
        "stations": "Stations and floating members per {level}",
        "instructors": "Instructors and their load",
        "instructors.note": "{n} instructors guide {guided} of {orgs} organisations; "
                            "{unguided} organisations have no instructor. Highest load: "
                            "{max}, median: {median}.",
        "instructors.none": "No instructors in this region.",
        "plan": "The work plan: coverage before and after",
        "plan.note": "graphmodel plan proposes {standalone} standalone branches, "
                     "{regional} joint (regional) branches and {affiliated} attachments to "
                     "existing organisations; coverage goes from {before} to {after}.",
        "plan.none": "The plan proposes nothing for this region.",
        "col.name": "Name", "col.entities": "Entities", "col.covered": "Covered",
        "col.coverage_rate": "Coverage", "col.organisations": "Organisations",
        "col.members": "Members", "col.type": "Type", "col.region": "Where",
        "col.industry": "Industry", "col.lost_contact": "Lost contact",
        "col.unattached": "Unattached", "col.isolated": "Isolated",
        "col.stations": "Stations", "col.floating": "Floating members",
        "col.registered": "Registered at a station", "col.load": "Organisations guided",
        "col.instructors": "Instructors", "col.before": "Before", "col.after": "After",
        "axis.rate": "covered / entities",
        "axis.members": "members",
        "axis.instructors": "instructors",
        "axis.load": "organisations guided",
        "itself": "{name} itself",
        "total": "Total",
        "footer": "Made by graphmodel {version} on {today}. Figures as of {as_of}; the "
                  "figures as JSON are in this file's <script id=\"figures\">.",
    },
    "zh": {
        "title": "党建工作覆盖情况报告：{region}",
        "all": "全部地区",
        "scope": "主体类型：{types}。截至 {as_of}。",
        "key.entities": "市场主体",
        "key.coverage": "党组织覆盖率",
        "key.organisations": "党组织",
        "key.members": "党员",
        "key.isolated": "游离党员",
        "key.stations": "联络站和咨询台",
        "key.instructors": "党建工作指导员",
        "figures": "报告指标",
        "figure": "指标",
        "value": "数值",
        "by_region": "各{level}覆盖情况",
        "by_type": "各类市场主体覆盖情况",
        "uncovered": "党员最多的未覆盖市场主体",
        "uncovered.none": "没有雇有党员的未覆盖市场主体。",
        "uncovered.note": "党员最多的 {n} 户未覆盖市场主体（雇有党员的共 {total} 户）："
                          "有3名以上党员的可单独组建党支部。",
        "isolated": "各{level}游离党员",
        "isolated.note": "组织网络联系不到的党员：失联党员，或未加入党组织也未在站点登记的党员"
                         "（共 {total} 名）。",
        "isolated.none": "没有游离党员。",
        "stations": "各{level}站点和流动党员",
        "instructors": "党建工作指导员及其指导的党组织",
        "instructors.note": "{n} 名指导员指导 {orgs} 个党组织中的 {guided} 个；"
                            "{unguided} 个党组织没有指导员。最多指导 {max} 个，中位数 {median} 个。",
        "instructors.none": "本地区没有党建工作指导员。",
        "plan": "工作计划：计划前后的覆盖情况",
        "plan.note": "graphmodel plan 建议单独组建 {standalone} 个党支部、区域联建 {regional} "
                     "个党支部、挂靠现有党组织 {affiliated} 户；覆盖率由 {before} 提高到 {after}。",
        "plan.none": "本地区无须提出计划。",
        # the other column headers are the questions' own (_COLUMN_HEADERS)
        "col.isolated": "游离党员", "col.registered": "在站点登记党员数",
        "col.before": "计划前", "col.after": "计划后",
        "axis.rate": "覆盖率（已覆盖 / 市场主体）",
        "axis.members": "党员数",
        "axis.instructors": "指导员数",
        "axis.load": "指导党组织数",
        "itself": "{name}本级",
        "total": "合计",
        "footer": "由 graphmodel {version} 于 {today} 生成。指标截至 {as_of}；"
                  "JSON 格式的指标见本文件的 <script id=\"figures\">。",
    },
}

#: The page's column headers that are a question's column: in Chinese, that column's
#: header (:func:`graphmodel.i18n.header`), so a table reads as the CLI's does.
_COLUMN_HEADERS = {"col.name": "name", "col.entities": "entities", "col.covered": "covered",
                   "col.coverage_rate": "coverage_rate", "col.organisations": "organisations",
                   "col.members": "members", "col.type": "type", "col.region": "region_name",
                   "col.industry": "industry_name", "col.lost_contact": "lost_contact",
                   "col.unattached": "unattached", "col.stations": "stations",
                   "col.floating": "floating_members", "col.load": "organisations_guided",
                   "col.instructors": "instructors"}
TEXT["zh"].update({key: header(column, "zh") for key, column in _COLUMN_HEADERS.items()})

# Region levels: the level whose regions a region's page breaks down into.
_SUB_LEVEL = {None: "county", "province": "county", "city": "county", "county": "town",
              "town": None}

_PAGE = Template("""<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$style</style>
</head>
<body>
<main>
<h1>$title</h1>
<p class="scope">$scope</p>
$body
<footer>$footer</footer>
</main>
<script type="application/json" id="figures">$figures</script>
</body>
</html>
""")

_STYLE = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "graphmodel CJK", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
        "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; border-bottom: 3px solid var(--accent);
  padding-bottom: 8px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-left: 4px solid var(--accent);
  padding-left: 8px; }
.scope, .note, footer { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
  gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 22px; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
th { background: #f5f7fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
img.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; }
footer { margin-top: 40px; font-size: 12px; border-top: 1px solid var(--line);
  padding-top: 8px; }
@media print { main { max-width: none; } h2 { break-after: avoid; }
  img.chart, table { break-inside: avoid; } }
"""

# Chart colours: covered or "after" in the accent, the rest grey.
_RED, _GREY, _BLUE = "#c0392b", "#9aa5b1", "#2f6690"


def report_html(G: Any, path: str | os.PathLike[str], *, region: str | None = None,
                as_of: _dt.date | str | None = None,
                types: str | Iterable[str] | None = None, lang: str = "en",
                plan: bool = True) -> Path:
    """Write the report for ``region`` as one self-contained HTML file.

    Parameters
    ----------
    G : Graph or Neo4jDatabase
        The data: the embedded store, or a Neo4j database.
    path : str or path-like
        The file to write (replaced if it exists; written whole or not at all).
    region : str, optional
        The region subtree (id, exact name or GB/T 2260 code); all when None.
    as_of : datetime.date or str, optional
        The report's date (default: the dataset's, else today).
    types : str or list of str, optional
        Only entities of these types.
    lang : str, optional
        ``en`` or ``zh``: the page's words, labels and enumerated values.
    plan : bool, optional
        Add the work plan's coverage before and after (:func:`graphmodel.plan`).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ReportError
        matplotlib or a CJK font missing, or the file cannot be written.

    Examples
    --------
    >>> import graphmodel, pathlib, tempfile
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "定安.html"
    >>> graphmodel.report_html(G, out, region="定安县", lang="zh").stat().st_size > 10_000
    True
    """
    check_language(lang)
    try:
        import matplotlib  # noqa: F401  (the charts)
    except ImportError:
        raise ReportError("the HTML report draws its charts with matplotlib: "
                          "pip install 'graphmodel[report]'") from None
    rc = cjk_rc()  # before any question runs: no font, no long wait for nothing
    path = Path(path)
    if not path.parent.is_dir():  # the same: say it before the work, not after
        raise ReportError(f"cannot write {path}: No such file or directory")
    page = _Page(G, region, as_of, types, lang, plan, rc)
    return _write(path, page.render())


class _Page:
    """The questions' answers for one page, and the sections made of them."""

    def __init__(self, G: Any, region: Any, as_of: Any, types: Any, lang: str, plan: bool,
                 rc: dict[str, Any]) -> None:
        self.G, self.lang, self.with_plan, self.rc = G, lang, plan, rc
        self.figures = report(G, region=region, types=types, as_of=as_of)
        self.region = self.figures["region"]  # resolved: an id
        self.types = self.figures["types"]
        self.as_of = self.figures["as_of"]
        places = regions(G, under=self.region)
        self.places = {r["id"]: r for r in places}
        level = self.places[self.region]["level"] if self.region else None
        self.level = _SUB_LEVEL.get(level)
        self.charts: list[str] = []

    # --- words ----------------------------------------------------------------------

    def t(self, key: str, **fields: Any) -> str:
        text = TEXT[self.lang].get(key, TEXT["en"][key])
        return text.format(**fields) if fields else text

    def level_word(self) -> str:
        return str(translate_value("level", self.level, self.lang)) if self.level else ""

    def num(self, value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.1%}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    def value(self, column: str, value: Any) -> str:
        shown = translate_value(column, value, self.lang)
        return ", ".join(map(str, shown)) if isinstance(shown, list) else str(shown)

    # --- the page -------------------------------------------------------------------

    def render(self) -> str:
        f = self.figures
        where = f["region_name"] or f["region"] or self.t("all")
        if f["region"] and f["region_name"]:
            where = f"{f['region_name']} ({f['region']})"
        types = "、" if self.lang == "zh" else ", "
        scope = self.t("scope", as_of=self.as_of, types=types.join(
            self.value("type", t) for t in self.types) if self.types
            else report_label("scope.all_types", self.lang))
        unreached = isolated(self.G, region=self.region)
        sections = [self.cards(unreached), self.by_region(), self.by_type(), self.uncovered(),
                    self.isolated(unreached), self.stations(), self.instructors()]
        if self.with_plan:
            sections.append(self.plan())
        sections.append(self.figure_table())
        footer = self.t("footer", version=__version__,
                        today=_dt.date.today().isoformat(), as_of=self.as_of)
        # The figures as JSON inside <script>: "<", ">" and "&" escaped as \\u003c...,
        # so that no name in the data can close the element.
        data = json.dumps(self.figures, ensure_ascii=False, indent=1).replace(
            "<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        title, body = _e(self.t("title", region=where)), "\n".join(s for s in sections if s)
        return _PAGE.substitute(
            lang="zh-CN" if self.lang == "zh" else "en", title=title,
            style=_font_face(title + scope + body + footer) + _STYLE, scope=_e(scope),
            body=body, footer=_e(footer), figures=data)

    def cards(self, isolated: Sequence[dict]) -> str:
        f = self.figures
        cards = [("key.entities", "entities.total", f["entities"]["total"]),
                 ("key.coverage", "coverage_rate", f["coverage_rate"]),
                 ("key.organisations", "organisations.total", f["organisations"]["total"]),
                 ("key.members", "members.total", f["members"]["total"]),
                 ("key.isolated", None, len(isolated)),
                 ("key.stations", None, sum(f["stations"].values())),
                 ("key.instructors", "instructors", f["instructors"])]
        return '<section class="cards">' + "".join(
            f'<div class="card"><div class="label">{_e(self.t(key))}</div>'
            f'<div class="value"{_figure_attr(name)}>{_e(self.num(value))}</div></div>'
            for key, name, value in cards) + "</section>"

    def figure_table(self) -> str:
        """Every figure of the report, as the report's table prints it."""
        rows = []
        for name, value in report_figures(self.figures):
            if name in ("region", "region_name", "types", "as_of"):
                continue
            shown = self.num(value) if not isinstance(value, bool) else str(value)
            rows.append(f"<tr><td>{_e(self.figure_label(name))}</td>"
                        f'<td class="num"{_figure_attr(name)}>{_e(shown)}</td></tr>')
        return (f"<section><h2>{_e(self.t('figures'))}</h2><table><thead><tr><th>"
                f"{_e(self.t('figure'))}</th><th class=\"num\">{_e(self.t('value'))}</th></tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table></section>")

    def figure_label(self, name: str) -> str:
        """A figure's label: the report's table line for it, else its dotted name."""
        group, _, key = name.partition(".")
        lang = self.lang
        if group == "entities" and key != "total":
            return report_label("entities.type", lang, type=self.value("type", key)).strip()
        if group == "stations":
            return report_label("stations.kind", lang, kind=self.value("kind", key)).strip()
        if name.startswith("members.ethnicity."):
            return report_label("members.ethnicity", lang,
                                name=name[len("members.ethnicity."):]).strip()
        key = group if key == "total" else name
        try:
            return report_label(key, lang).strip()
        except KeyError:
            return name

    def by_region(self) -> str:
        if self.level is None:
            return ""
        rows = list(coverage(self.G, by=self.level, region=self.region,
                                        types=self.types))
        title = self.t("by_region", level=self.level_word())
        chart = self.rate_chart([r["name"] for r in rows], [r["coverage_rate"] for r in rows],
                                title, "chart-coverage-region")
        table = self.table(rows, [("name", "col.name"), ("entities", "col.entities"),
                                  ("covered", "col.covered"),
                                  ("coverage_rate", "col.coverage_rate"),
                                  ("organisations", "col.organisations"),
                                  ("members", "col.members")])
        return _section(title, chart, table)

    def by_type(self) -> str:
        rows = [dict(r, name=self.value("type", r["id"])) for r in coverage(
            self.G, by="type", region=self.region, types=self.types)]
        title = self.t("by_type")
        chart = self.rate_chart([r["name"] for r in rows], [r["coverage_rate"] for r in rows],
                                title, "chart-coverage-type")
        table = self.table(rows, [("name", "col.type"), ("entities", "col.entities"),
                                  ("covered", "col.covered"),
                                  ("coverage_rate", "col.coverage_rate"),
                                  ("organisations", "col.organisations"),
                                  ("members", "col.members")])
        return _section(title, chart, table)

    def uncovered(self) -> str:
        rows = list(uncovered(self.G, region=self.region, types=self.types,
                                         min_members=1))
        title = self.t("uncovered")
        if not rows:
            return _section(title, _note(self.t("uncovered.none")))
        top = sorted(rows, key=lambda r: -r["members"])[:TOP_UNCOVERED]
        for r in top:
            r["type_word"] = self.value("type", r["type"])
        table = self.table(top, [("name", "col.name"), ("type_word", "col.type"),
                                 ("region_name", "col.region"), ("industry_name", "col.industry"),
                                 ("members", "col.members")])
        chart = self.bar_chart([r["name"] for r in top], {"": [r["members"] for r in top]},
                               self.t("axis.members"), "chart-uncovered", colors=[_RED])
        return _section(title, _note(self.t("uncovered.note", n=len(top), total=len(rows))),
                        chart, table)

    def isolated(self, isolated: Sequence[dict]) -> str:
        title = self.t("isolated", level=self.level_word() if self.level else "")
        if not isolated:
            return _section(title, _note(self.t("isolated.none")))
        counts: dict[str, Counter] = {}
        for r in isolated:
            place = self.sub_region(r["region_id"])
            counts.setdefault(place, Counter()).update(r["reasons"])
            counts[place]["isolated"] += 1
        names = sorted(counts, key=lambda p: -counts[p]["isolated"])
        rows = [{"name": p, **{k: counts[p][k] for k in ("lost_contact", "unattached",
                                                         "isolated")}} for p in names]
        chart = self.bar_chart(names, {
            self.value("reasons", "lost_contact"): [counts[p]["lost_contact"] for p in names],
            self.value("reasons", "unattached"): [counts[p]["unattached"] for p in names]},
            self.t("axis.members"), "chart-isolated", colors=[_RED, _GREY])
        table = self.table(rows, [("name", "col.region"), ("lost_contact", "col.lost_contact"),
                                  ("unattached", "col.unattached"),
                                  ("isolated", "col.isolated")])
        return _section(title, _note(self.t("isolated.note", total=len(isolated))), chart,
                        table)

    def sub_region(self, region_id: str | None) -> str:
        """The name of the sub-region ``region_id`` lies in (the region's own name for
        one located above that level)."""
        place = self.places.get(region_id or "")
        while place is not None and self.level and place["level"] != self.level:
            place = self.places.get(place["parent_id"] or "")
            if place is not None and place["id"] == self.region:
                place = None
        if place is None or not self.level:
            name = self.figures["region_name"] or self.region or self.t("all")
            return self.t("itself", name=name) if self.level else name
        return str(place["name"])

    def stations(self) -> str:
        if self.level is None:
            return ""
        rows = list(stations(self.G, by=self.level, region=self.region))
        title = self.t("stations", level=self.level_word())
        chart = self.bar_chart(
            [r["name"] for r in rows],
            {self.t("col.floating"): [r["floating_members"] for r in rows],
             self.t("col.registered"): [r["registered_members"] for r in rows]},
            self.t("axis.members"), "chart-stations", colors=[_GREY, _BLUE])
        table = self.table(rows, [("name", "col.name"), ("stations", "col.stations"),
                                  ("floating_members", "col.floating"),
                                  ("registered_members", "col.registered")])
        return _section(title, chart, table)

    def instructors(self) -> str:
        title = self.t("instructors")
        rows = list(instructors(self.G, region=self.region))
        if not rows:
            return _section(title, _note(self.t("instructors.none")))
        orgs = list(organisations(self.G, region=self.region))
        loads = sorted(r["organisations_guided"] for r in rows)
        unguided = sum(1 for o in orgs if not o["instructors"])
        median = loads[len(loads) // 2] if len(loads) % 2 else \
            (loads[len(loads) // 2 - 1] + loads[len(loads) // 2]) / 2
        note = self.t("instructors.note", n=len(rows), guided=len(orgs) - unguided,
                      orgs=len(orgs), unguided=unguided, max=loads[-1], median=median)
        histogram = Counter(loads)
        values = list(range(0, loads[-1] + 1))
        chart = self.bar_chart([str(v) for v in values],
                               {"": [histogram.get(v, 0) for v in values]},
                               self.t("axis.instructors"), "chart-instructors",
                               colors=[_BLUE], vertical=True, xlabel=self.t("axis.load"))
        table = self.table([{"load": v, "n": histogram[v]} for v in sorted(histogram)],
                           [("load", "col.load"), ("n", "col.instructors")])
        return _section(title, _note(note), chart, table)

    def plan(self) -> str:
        title = self.t("plan")
        work = plan(self.G, region=self.region, types=self.types, as_of=self.as_of,
                               by=self.level or "county")
        if not work.formations and not work.stations and not work.guidance:
            return _section(title, _note(self.t("plan.none")))
        total = work.total()
        note = self.t("plan.note", standalone=total["standalone"],
                      regional=total["regional_branches"], affiliated=total["affiliated"],
                      before=self.num(total["coverage_before"]),
                      after=self.num(total["coverage_after"]))
        rows = list(work.summary)
        chart = self.bar_chart(
            [r["name"] for r in rows],
            {self.t("col.before"): [r["coverage_before"] or 0 for r in rows],
             self.t("col.after"): [r["coverage_after"] or 0 for r in rows]},
            self.t("axis.rate"), "chart-plan", colors=[_GREY, _RED], rate=True)
        table = self.table(rows + [dict(total, name=self.t("total"))],
                           [("name", "col.name"), ("entities", "col.entities"),
                            ("coverage_before", "col.before"), ("coverage_after", "col.after"),
                            ("members_gaining", "members_gaining"),
                            ("stations_proposed", "stations_proposed"),
                            ("guidance_proposed", "guidance_proposed")], total=True)
        return _section(title, _note(note), chart, table)

    # --- parts ----------------------------------------------------------------------

    def table(self, rows: Sequence[dict], columns: list[tuple[str, str]],
              total: bool = False) -> str:
        def title(key: str) -> str:
            if key.startswith("col."):
                return self.t(key)
            return header(key, self.lang) if self.lang == "zh" else key.replace("_", " ")

        numeric = {name for name, _ in columns
                   if any(isinstance(r.get(name), (int, float)) for r in rows)}
        head = "".join(f'<th{_cls(name in numeric)}>{_e(title(key))}</th>'
                       for name, key in columns)
        body = []
        for i, r in enumerate(rows):
            cls = ' class="total"' if total and i == len(rows) - 1 else ""
            cells = "".join(f"<td{_cls(name in numeric)}>{_e(self.num(r.get(name)))}</td>"
                            for name, _ in columns)
            body.append(f"<tr{cls}>{cells}</tr>")
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
                "</table>")

    def rate_chart(self, names: list[str], rates: list[float | None], title: str,
                   chart_id: str) -> str:
        return self.bar_chart(names, {"": [r or 0.0 for r in rates]}, self.t("axis.rate"),
                              chart_id, colors=[_RED], rate=True)

    def bar_chart(self, names: list[str], series: dict[str, list[float]], axis: str,
                  chart_id: str, *, colors: list[str], rate: bool = False,
                  vertical: bool = False, xlabel: str = "") -> str:
        """A bar chart (horizontal: one bar, or a group of bars, per name) as an
        ``<img>`` with the PNG inline."""
        if not names:
            return ""
        import matplotlib
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator, PercentFormatter

        n, k = len(names), len(series)
        settings: Any = self.rc | {"font.size": 10}  # keys matplotlib types as literals
        with matplotlib.rc_context(settings):
            if vertical:
                fig = Figure(figsize=(8, 2.6), dpi=100)
            else:
                fig = Figure(figsize=(8, 0.9 + 0.3 * (k > 1) + n * (0.22 + 0.12 * k)), dpi=100)
            ax = fig.subplots()
            height = 0.8 / k
            for j, (label, values) in enumerate(series.items()):
                offsets = [i + (j - (k - 1) / 2) * height for i in range(n)]
                if vertical:
                    bars = ax.bar(offsets, values, height, label=label or None, color=colors[j])
                else:
                    # The first name at the top, as the table lists it.
                    bars = ax.barh([n - 1 - o for o in offsets], values, height,
                                   label=label or None, color=colors[j])
                # Each bar's value at its end: the chart reads without the table.
                ax.bar_label(bars, labels=[f"{v:.0%}" if rate else f"{v:,}" for v in values],
                             padding=2, fontsize=8, color="#52606d")
            if vertical:
                ax.set_xticks(range(n), names)
                ax.set_xlabel(xlabel)
                ax.set_ylabel(axis)
            else:
                ax.set_yticks([n - 1 - i for i in range(n)], names)
                ax.set_xlabel(axis)
                ax.set_ylim(-0.6, n - 0.4)
            values_axis = ax.yaxis if vertical else ax.xaxis
            if rate:
                ax.set_xlim(0, 1.08)  # room for the label of a full bar
                ax.xaxis.set_major_formatter(PercentFormatter(1.0))
            else:
                # Counts: whole-number ticks, and room for the longest bar's label.
                values_axis.set_major_locator(MaxNLocator(integer=True))
                top = max((max(v, default=0) for v in series.values()), default=0)
                (ax.set_ylim if vertical else ax.set_xlim)(0, max(1, top) * 1.1)
            ax.grid(axis="y" if vertical else "x", color="#e4e7eb")
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            if k > 1:  # above the plot, clear of the bars
                ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=k, frameon=False)
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        alt = f"{axis}: " + ", ".join(names[:20])
        return (f'<img class="chart" id="{chart_id}" alt="{_e(alt)}" '
                f'src="data:image/png;base64,{data}">')


def _font_face(text: str) -> str:
    """An ``@font-face`` rule with the CJK font cut down to the characters of ``text``
    beyond Latin (Chinese, full-width punctuation), inline as WOFF: the page shows its
    Chinese on a machine without a CJK font too. Latin text falls through to the
    viewer's sans-serif. Empty when there is no such character."""
    chars = sorted({c for c in text if ord(c) >= 0x2000})
    found = cjk_font_file()
    if not chars or found is None:
        return ""
    from fontTools import subset  # a dependency of matplotlib
    from fontTools.ttLib import TTFont

    path, face = found
    font = TTFont(path, fontNumber=face)
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; WOFF2 would need brotli
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chars))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.recalcTimestamp = False  # the same page for the same data: no "modified" time
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return ('@font-face { font-family: "graphmodel CJK"; font-display: block; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}\n')


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _cls(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _figure_attr(name: str | None) -> str:
    """The figure a cell shows, by its dotted name, for scripts and tests."""
    return f' data-figure="{_e(name)}"' if name else ""


def _note(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


def _section(title: str, *parts: str) -> str:
    return f"<section><h2>{_e(title)}</h2>{''.join(parts)}</section>"


def _write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, 0600, through a temporary file beside it, renamed
    into place: a failure leaves no half-written page."""
    try:
        write_private(path, text)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path

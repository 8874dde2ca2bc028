"""``graphmodel report --html``: the page, rendered in a real headless Chromium.

The browser is Debian's ``chromium`` (``make system`` installs it), driven by
Playwright through its ``executable_path`` (Playwright's own browser download is not
used). Playwright rather than ``chromium --screenshot``, Selenium or a bare CDP
client: one well-kept API gives the console messages, page errors and requests as
events, screenshots of single elements, and a CDP session for Chromium's font
report, with no driver binary that must match the browser's version. One Chromium serves the whole module. Each page is checked for: no console
errors and no request leaving the file; every chart decoded and drawn (ink in its
area of a screenshot); Chinese text rendered by a font with CJK glyphs (Chromium's
own account of the fonts it used: the page's inline font, and distinct glyphs for distinct characters, not
the same empty box); the figures in the page equal to ``report --format json``.
"""

from __future__ import annotations

import io
import json
import shutil
import warnings

import numpy as np
import pytest

import graphmodel

CHARTS = ("chart-coverage-region", "chart-coverage-type", "chart-uncovered",
          "chart-isolated", "chart-stations", "chart-instructors", "chart-plan")


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("no chromium: `make system` installs the Debian package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # As root, Chromium runs only without its sandbox; the page is our own file.
        b = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield b
        b.close()


def _write(G, path, **options):
    # A glyph missing from the chart font is a matplotlib warning: fail on it.
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        return graphmodel.report_html(G, path, **options)


def _shown(value):
    """A figure as the page shows it."""
    if value is None:
        return "-"
    return f"{value:.1%}" if isinstance(value, float) else f"{value:,}"


def _flat(figures, prefix=""):
    for key, value in figures.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _render(browser, path, charts=CHARTS):
    """Open ``path``, check it as the module says, return the page's figures."""
    from PIL import Image

    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    problems, requests = [], []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert problems == []
    assert all(u == path.as_uri() or u.startswith("data:") for u in requests), requests

    for chart in charts:
        img = page.locator(f"#{chart}")
        assert img.evaluate("i => i.complete && i.naturalWidth > 0"), f"{chart} not decoded"
        img.scroll_into_view_if_needed()
        shot = np.asarray(Image.open(io.BytesIO(img.screenshot())).convert("RGB"))
        ink = float((shot.sum(axis=2) < 600).mean())  # not (near) white
        assert ink > 0.02, f"{chart}: {ink:.1%} of its area drawn"
        colours = len(np.unique(shot.reshape(-1, 3), axis=0))
        assert colours > 20, f"{chart}: {colours} colours, too few for a chart"

    # Chinese: two characters in the page's text style, in a probe element.
    page.evaluate("""() => { const p = document.createElement("p"); p.id = "probe";
        for (const ch of ["定", "覆"]) { const s = document.createElement("span");
            s.textContent = ch; s.style.fontSize = "40px"; p.appendChild(s); }
        document.querySelector("main").appendChild(p); }""")
    # Chromium's own account of the fonts that drew them: the page's own font (inline,
    # cut to its characters), so they show on a machine without a CJK font too.
    cdp = context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    probe = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#probe span"})["nodeId"]
    cdp.send("CSS.enable")
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": probe})["fonts"]
    assert [f["isCustomFont"] for f in fonts] == [True] and fonts[0]["glyphCount"] == 1, fonts
    # Not the same box for every character: two characters, two different pictures.
    probes = page.locator("#probe span")
    a, b = (Image.open(io.BytesIO(probes.nth(i).screenshot())).convert("L") for i in (0, 1))
    assert a.tobytes() != b.tobytes()

    figures = json.loads(page.locator("#figures").text_content())
    shown = {cell.get_attribute("data-figure"): cell.text_content()
             for cell in page.locator("[data-figure]").all()}
    text = page.locator("main").inner_text()
    context.close()
    flat = dict(_flat(figures))
    assert shown and all(shown[name] == _shown(flat[name]) for name in shown), shown
    return figures, text


def test_demo_page_in_chinese_renders_and_equals_the_json_report(browser, cli, seeded,
                                                                  tmp_path):
    out = tmp_path / "定安.html"
    result = cli("report", "--region", "定安县", "--lang", "zh", "--html", out)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    figures, text = _render(browser, out)
    as_json = cli("report", "--region", "定安县", "--format", "json")
    assert figures == json.loads(as_json.stdout)
    for words in ("党建工作覆盖情况报告：定安县", "各乡镇（街道）覆盖情况", "小微企业", "游离党员"):
        assert words in text


def test_page_in_english_for_all_regions_with_types(browser, seeded, tmp_path):
    G = graphmodel.open_store(seeded)
    out = _write(G, tmp_path / "all.html", types="small_micro,individual", as_of="2016-06-16")
    figures, text = _render(browser, out, charts=CHARTS[:2])
    assert figures == graphmodel.report(G, types="small_micro,individual", as_of="2016-06-16")
    assert "Coverage per county" in text and "small_micro" in text


@pytest.mark.slow
def test_province_page_for_dingan(browser, province_dir, tmp_path, cli):
    out = tmp_path / "dingan.html"
    store = province_dir / "store.gmz"
    result = cli("report", "--store", store, "--region", "定安县", "--lang", "zh", "--html", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size < 2_000_000
    figures, text = _render(browser, out)
    as_json = cli("report", "--store", store, "--region", "定安县", "--format", "json")
    assert figures == json.loads(as_json.stdout)
    assert "定城镇" in text and "工作计划" in text


def test_names_from_the_data_are_escaped(demo_dir, tmp_path):
    hostile = '<img src=x onerror=alert(1)></script><script>alert(2)</script>&amp;'
    entities = demo_dir / "entities.csv"
    lines = entities.read_text(encoding="utf-8").splitlines()
    lines = [line.replace("定安龙湖生猪养殖场", hostile.replace('"', "")) for line in lines]
    entities.write_text("\n".join(lines) + "\n", encoding="utf-8")
    regions = demo_dir / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace("定安县", "定安</script>县"),
                       encoding="utf-8")
    G = graphmodel.read_dataset(demo_dir)
    page = _write(G, tmp_path / "x.html", region="R-DA").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert page.count("</script>") == 1  # the figures block's own end
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    block = page.split('<script type="application/json" id="figures">')[1].split("</script>")[0]
    assert json.loads(block)["region_name"] == "定安</script>县"


def test_cli_refuses_what_a_page_cannot_take(cli, seeded, tmp_path):
    for extra in (["--by", "town"], ["--limit", "3"], ["--format", "json"]):
        result = cli("report", "--html", tmp_path / "x.html", *extra)
        assert result.exit_code == 1 and result.output.startswith("error: --html")
        assert not (tmp_path / "x.html").exists()
    result = cli("report", "--html", tmp_path / "missing" / "x.html")
    assert result.exit_code == 1
    assert result.output.strip() == f"error: cannot write {tmp_path / 'missing' / 'x.html'}: " \
                                    "No such file or directory"

"""Remake docs/report-dingan.png, the README's picture of ``report --html``.

    graphmodel seed hainan-2016 --store province.gmz
    python docs/screenshot.py province.gmz

It writes the Ding'an (定安县) page in Chinese and photographs its top in Debian's
headless Chromium (``make system`` installs it), as the tests render it.
"""

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import graphmodel


def main(store: str, out: str = str(Path(__file__).parent / "report-dingan.png")) -> None:
    page_file = Path(tempfile.mkdtemp()) / "dingan.html"
    graphmodel.report_html(graphmodel.open_store(store), page_file, region="定安县", lang="zh")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 1560})
        page.goto(page_file.as_uri())
        page.screenshot(path=out)
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])

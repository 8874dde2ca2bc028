"""Employer matching: `graphmodel link`, the review file fed back, seed --links."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import given, settings, strategies as st

import graphmodel
from graphmodel.employers import read_links

# Demo members with their employer typed by hand instead of an id.
TYPED = {"P01": "定安文笔峰旅游开发有限责任公司 ",       # exact after normalising
         "P04": "定安龙湖生猪养殖场（龙湖）",             # exact: town in brackets
         "P06": "王记粉店（定城）",                       # exact: the town moved in front
         "P07": "定安塔岭农副产品加工",                   # fuzzy: 厂 left out
         "P09": "第一市场老陈海鲜排挡",                   # fuzzy: one character differs
         "P10": "91460200MA5RD4D04U",                     # exact: the credit code
         "P02": "不存在的单位"}                           # unmatched


def typed_names(folder: Path) -> Path:
    path = folder / "members.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["employer_name"] = TYPED.get(row["id"], "")
        if row["id"] in TYPED:
            row["employer_id"] = ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_link_statuses(demo_dir):
    links = {x.member_id: x for x in graphmodel.link(typed_names(demo_dir))}
    assert set(links) == set(TYPED)
    assert (links["P01"].status, links["P01"].entity_id) == ("exact", "E01")
    assert (links["P04"].status, links["P04"].entity_id) == ("exact", "E02")
    assert (links["P06"].status, links["P06"].entity_id) == ("exact", "E03")
    assert (links["P07"].status, links["P07"].entity_id) == ("fuzzy", "E04")
    assert (links["P09"].status, links["P09"].entity_id) == ("fuzzy", "E07")
    assert 90 <= links["P09"].score < 100
    assert (links["P10"].status, links["P10"].entity_id) == ("exact", "E08")
    assert links["P02"].status == "unmatched" and links["P02"].entity_id is None


def test_cli_json_review_file_and_seed_links(cli, demo_dir, tmp_path, store):
    folder = typed_names(demo_dir)
    review = tmp_path / "links.csv"
    result = cli("link", folder, "--out", review, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"member_id", "status", "entity_id", "score", "candidates"} <= set(rows[0])
    assert "4 exact, 2 fuzzy, 0 ambiguous, 1 unmatched" in result.stderr
    # The reviewer says P02 works at E01: fed back, it is linked.
    text = review.read_text("utf-8-sig").replace("P02,unmatched,,", "P02,unmatched,E01,")
    review.write_text(text, "utf-8")
    assert read_links(review)["P02"] == "E01"
    again = {r["member_id"]: r for r in json.loads(
        cli("link", folder, "--review", review, "-f", "json").stdout)}
    assert again["P02"]["entity_id"] == "E01"
    assert cli("seed", folder, "--links", review).exit_code == 0
    G = graphmodel.open_store(store)
    employer = G.column("member", "employer_id")[G.index("member")["P02"]]
    assert G.ids("entity")[employer] == "E01"


def test_precision_is_printed_with_truth(cli, demo_dir, tmp_path):
    folder = typed_names(demo_dir)
    truth = tmp_path / "truth.csv"
    truth.write_text("member_id,entity_id\nP01,E01\nP09,E07\nP02,E09\n", "utf-8")
    result = cli("link", folder, "--truth", truth, "-f", "csv")
    assert "precision 0.3333, recall 0.6667 (2 right of 6 matched" in result.stderr


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.text(alphabet="海南定安王记粉店制药有限公司城兴华水产", min_size=1,
                              max_size=12), min_size=1, max_size=60),
       query=st.text(alphabet="海南定安王记粉店制药有限公司城兴华水产", min_size=1, max_size=12),
       cutoff=st.sampled_from([50.0, 80.0, 87.0, 95.0]))
def test_fuzzy_prefilter_scores_what_scoring_every_key_scores(names, query, cutoff):
    # The character-pair prefilter must never drop a key that reaches the cutoff.
    from rapidfuzz import fuzz, process

    import numpy as np

    from graphmodel.employers import _County

    county = _County(np.arange(len(names)), names, ())
    got = county.fuzzy(query, cutoff)
    every = [(county.key_rows[i], float(s)) for _, s, i in
             process.extract(query, county.keys, scorer=fuzz.ratio, limit=5, score_cutoff=cutoff)]
    assert sorted(s for _, s in got) == sorted(s for _, s in every)


def test_names_in_the_review_file_cannot_run_as_formulas(cli, demo_dir, tmp_path):
    """The review file is opened in Excel: typed employer names such as
    ``=HYPERLINK(...)`` or ``+cmd|' /C calc'!A0`` were written verbatim."""
    hostile = {"P02": "=HYPERLINK(\"http://x\",\"y\")", "P03": "+cmd|' /C calc'!A0",
               "P05": "@SUM(1)", "P08": "-2+3"}
    folder = typed_names(demo_dir)
    path = folder / "members.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["id"] in hostile:
            row["employer_name"], row["employer_id"] = hostile[row["id"]], ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    review = tmp_path / "links.csv"
    assert cli("link", folder, "--out", review).exit_code == 0
    with review.open(encoding="utf-8-sig", newline="") as fh:
        written = {r["member_id"]: r for r in csv.DictReader(fh)}
    for member, name in hostile.items():
        assert written[member]["employer_name"] == "'" + name
    for row in written.values():
        for column in ("employer_name", "entity_name"):
            assert not row[column].startswith(("=", "+", "-", "@")), row
    assert set(read_links(review)) == set(written)  # read back as before: ids untouched

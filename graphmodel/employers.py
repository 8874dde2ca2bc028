"""Employer matching: linking members who carry an ``employer_name`` (typed by hand)
to market entities.

For each member without an ``employer_id`` but with an ``employer_name``, in order:

1. **exact**: the name is (or holds) a valid credit code of an entity; or its
   normalised form (:func:`name_keys`: full/half width, brackets, spaces, common
   suffixes such as 有限公司, the province, county and town names prefixed or not)
   equals exactly one entity's in the member's county (score 100);
2. **ambiguous**: several entities there share that normalised name (``candidates``);
3. **fuzzy**: the best :func:`rapidfuzz.fuzz.ratio` of the normalised names in the
   county is at least :data:`FUZZY_THRESHOLD`, and the runner-up is more than
   :data:`FUZZY_MARGIN` points behind (otherwise it is ambiguous);
4. **unmatched** otherwise.

rapidfuzz (C++, MIT) scores a name against a county's 10,000 entity names in about a
millisecond; a county of the province has up to 130,000 names, so only the names that
share enough character pairs with the typed one to reach the cutoff are scored (an
exact bound, :func:`_shared_needed`): the province's 23,748 typed names took 726 s
scored against every name on a busy machine, and 86 s with the bound on a quiet one
(bench/RESULTS.md). A reviewed link file (``entity_id`` filled in or corrected) overrides
the matcher for its members: see :func:`read_links`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .codes import is_valid_credit_code
from .io.csvtext import csv_safe
from .io.links import LinkedSource, read_links
from .io.private import private_text

__all__ = ["FUZZY_THRESHOLD", "FUZZY_MARGIN", "STATUSES", "Link", "name_keys", "match_employers",
           "write_links", "read_links", "LINK_COLUMNS", "score_links", "LinkedSource"]

#: The lowest fuzzy score (0-100, rapidfuzz ``fuzz.ratio`` of normalised names) taken
#: as a match; chosen on the generated province: at 90 precision stays above 0.99.
FUZZY_THRESHOLD = 90.0
#: A fuzzy match whose runner-up (another entity) is this close is ambiguous instead.
FUZZY_MARGIN = 3.0
STATUSES = ("exact", "fuzzy", "ambiguous", "unmatched")
#: The columns of a link (review) file, in order.
LINK_COLUMNS = ["member_id", "status", "entity_id", "score", "candidates", "employer_name",
                "entity_name"]
_SHOWN_COLUMNS = {"employer_name", "entity_name"}

_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "分公司", "总公司", "公司", "个体工商户")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")",
                           "〔": "(", "〕": ")", "｛": "(", "｝": ")"})
_INSIDE = re.compile(r"\(([^()]*)\)")
_SPACE = re.compile(r"[\s\u3000·・\-—_,，.。、\"'“”‘’]+")
_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


@dataclass
class Link:
    """One member's employer, as matched (or reviewed)."""

    member_id: str
    status: str
    entity_id: str | None = None
    score: float | None = None
    candidates: list[str] = field(default_factory=list)
    employer_name: str = ""
    entity_name: str = ""

    def row(self) -> dict:
        return {"member_id": self.member_id, "status": self.status, "entity_id": self.entity_id,
                "score": self.score, "candidates": self.candidates,
                "employer_name": self.employer_name, "entity_name": self.entity_name}


def _short(region: str) -> str:
    """A region name without its level word: 定安县 -> 定安, 定城镇 -> 定城."""
    if "自治" in region:  # 保亭黎族苗族自治县 -> 保亭
        return region[:2]
    for end in ("县", "市", "区", "镇", "乡", "省"):
        if region.endswith(end) and len(region) - len(end) >= 2:
            return region[: -len(end)]
    return region


def name_keys(name: str, places: tuple[str, ...] = ()) -> list[str]:
    """The normalised forms of an employer's name, from the most literal to the most
    lenient (levels 0, 1, 1, 2, 2): width folded, brackets unified, spaces and
    punctuation gone; also without a suffix such as 有限公司 (the bracketed part where
    it is, or put in front); also without place names (``places``, with or without
    县/镇...) in front (the bracketed part dropped, or put in front). A name is
    matched at the first level where anything matches.

    >>> name_keys("海南定安制药有限公司 ", ("海南省", "定安县"))
    ['海南定安制药有限公司', '海南定安制药', '海南定安制药', '制药', '制药']
    >>> name_keys("王记粉店（定城）", ("定城镇",))[2:]
    ['定城王记粉店', '王记粉店', '王记粉店']
    """
    text = unicodedata.normalize("NFKC", name).translate(_BRACKETS)
    literal = _SPACE.sub("", text).lower()
    inside = _INSIDE.findall(literal)
    bare = _INSIDE.sub("", literal)
    prefixes = sorted({p for place in places for p in (place, _short(place)) if p},
                      key=len, reverse=True)
    front = "".join(inside) + bare
    return [literal, _strip(literal, (), _SUFFIXES), _strip(front, (), _SUFFIXES),
            _strip(bare, prefixes, _SUFFIXES), _strip(front, prefixes, _SUFFIXES)]


#: The level (see name_keys) of each of its forms.
_LEVELS = (0, 1, 1, 2, 2)


def _strip(v: str, prefixes, suffixes) -> str:
    changed = True
    while changed:  # 海南省定安县... : every place in front, in any order
        changed = False
        for p in prefixes:
            if v.startswith(p) and len(v) > len(p):
                v, changed = v[len(p):], True
        for s in suffixes:
            if v.endswith(s) and len(v) > len(s):
                v, changed = v[: -len(s)], True
    return v


class _County:
    """The entities of one county, indexed by normalised name."""

    def __init__(self, entity_rows: np.ndarray, names: list[str], places: tuple[str, ...],
                 code: int = -1):
        self.code = code  # the county's row in the region table (-1: no county)
        self.rows = entity_rows
        self.places = places
        # One index per level of name_keys (levels 2 and 3 share one).
        self.by_key: list[dict[str, set[int]]] = [{}, {}, {}]
        self.keys: list[str] = []  # the most lenient forms, for fuzzy matching
        self.key_rows: list[int] = []
        for row in entity_rows.tolist():
            keys = name_keys(names[row], places)
            for level, key in zip(_LEVELS, keys):
                self.by_key[level].setdefault(key, set()).add(row)
            for key in dict.fromkeys((keys[0], *keys[3:])):
                self.keys.append(key)
                self.key_rows.append(row)
        self._lengths = np.array([len(k) for k in self.keys], dtype=np.int64)
        self._longest = int(self._lengths.max(initial=0))
        self._pairs: tuple[np.ndarray, np.ndarray] | None = None  # built when first needed

    def fuzzy(self, key: str, cutoff: float, limit: int = 5) -> list[tuple[int, float]]:
        """The ``limit`` best (entity row, score) of ``key`` against the county's
        keys by :func:`rapidfuzz.fuzz.ratio`, at least ``cutoff``: the same as scoring
        every key, but only the keys that share enough character pairs with ``key``
        to reach the cutoff are scored (see :func:`_shared_needed`).
        """
        from rapidfuzz import fuzz, process

        codes = _pair_codes(key)
        need = _shared_needed(len(key), np.arange(self._longest + 1), cutoff,
                              len(key) - 1 - len(codes))
        if not len(codes) or need.min() == 0:  # nothing to prune by: score every key
            choices, at = self.keys, None
        else:
            if self._pairs is None:
                self._pairs = _pair_index(self.keys)
            pairs, owners = self._pairs
            lo, hi = np.searchsorted(pairs, codes, "left"), np.searchsorted(pairs, codes, "right")
            holders = np.concatenate([owners[a:b] for a, b in zip(lo.tolist(), hi.tolist())])
            if not len(holders):
                return []
            shared = np.bincount(holders, minlength=len(self.keys))
            candidates = np.flatnonzero(shared)
            at = candidates[shared[candidates] >= need[self._lengths[candidates]]]
            choices = [self.keys[i] for i in at.tolist()]
        found = process.extract(key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
        return [(self.key_rows[i if at is None else int(at[i])], float(score))
                for _, score, i in found]


def _pair_codes(key: str) -> np.ndarray:
    """The distinct character pairs of ``key``, each as one number (sorted)."""
    cp = np.array([ord(ch) for ch in key], dtype=np.int64)
    return np.unique(cp[:-1] << 21 | cp[1:])  # code points are below 2**21


def _pair_index(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every (character pair, key index) once, sorted by pair: the keys holding a
    pair are one slice (numpy throughout: a county has up to ~130,000 keys)."""
    lengths = np.array([len(k) for k in keys], dtype=np.int64)
    cp = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(len(keys)), lengths)
    inside = owner[:-1] == owner[1:]
    pairs, owners = (cp[:-1] << 21 | cp[1:])[inside], owner[:-1][inside]
    order = np.lexsort((owners, pairs))
    pairs, owners = pairs[order], owners[order]
    first = np.ones(len(pairs), dtype=bool)
    first[1:] = (pairs[1:] != pairs[:-1]) | (owners[1:] != owners[:-1])
    return pairs[first], owners[first]


def _shared_needed(a: int, lengths: np.ndarray, cutoff: float, repeats: int) -> np.ndarray:
    """The fewest distinct character pairs a key of length ``a`` (with ``repeats``
    repeated pairs) shares with keys of ``lengths`` whose ratio reaches ``cutoff``.

    ratio = 100 (1 - (a + b - 2 l) / (a + b)) for the longest common subsequence l, so
    reaching the cutoff needs l >= cutoff (a + b) / 200. Of the key's a - 1 pairs, each
    of its a - l unmatched characters breaks at most two and each of the other's b - l
    unmatched characters at most one (it sits between two matched ones): at least
    3 l - a - b - 1 pairs survive, fewer distinct ones by at most ``repeats`` (but at
    least one if any survives). Where no pair need survive, 0: every key is scored.

    >>> _shared_needed(10, np.array([8, 10, 12]), 87.0, 0).tolist()
    [5.0, 6.0, 7.0]
    """
    lowest = np.ceil(cutoff * (a + lengths) / 200 - 1e-9)
    survive = 3 * lowest - a - lengths - 1
    return np.where(survive >= 1, np.maximum(survive - repeats, 1), 0)


def _counties(G) -> tuple[np.ndarray, dict[int, list[str]]]:
    """The county (region row, or -1) of each region, and the place names above and
    in each county (province, city, county, its towns)."""
    levels = G.column("region", "level").tolist()
    parents = G.column("region", "parent_id").tolist()
    names = G.column("region", "name").tolist()
    county = np.full(len(levels), -1, dtype=np.int64)
    for r in range(len(levels)):
        node = r
        while node >= 0 and levels[node] != "county":
            node = parents[node]
        county[r] = node
    places: dict[int, list[str]] = {}
    for r in range(len(levels)):
        c = int(county[r])
        if c < 0:
            continue
        places.setdefault(c, [])
        node = r
        while node >= 0:  # a town and everything above it
            if names[node] not in places[c]:
                places[c].append(names[node])
            node = parents[node]
    return county, places


def match_employers(G, reviewed: dict[str, str | None] | None = None) -> list[Link]:
    """A :class:`Link` per member that has an ``employer_name`` and no ``employer_id``
    (reviewed members: their reviewed entity, status ``exact``, score 100).

    >>> import graphmodel
    >>> match_employers(graphmodel.read_dataset(graphmodel.bundled_dataset("demo")))
    []
    """
    if "employer_name" not in G.columns["member"]:
        return []
    county_of, places = _counties(G)
    entity_names = G.column("entity", "name").tolist()
    entity_ids = G.ids("entity").tolist()
    entity_county = county_of[G.column("entity", "region_id")]
    codes = {c: i for i, c in enumerate(G.column("entity", "credit_code").tolist()) if c} \
        if "credit_code" in G.columns["entity"] else {}
    index = {eid: i for i, eid in enumerate(entity_ids)}
    county: _County | None = None  # one county's indexes at a time: members go by county
    member_ids = G.ids("member").tolist()
    member_county = county_of[G.column("member", "region_id")].tolist()
    employer = G.column("member", "employer_id").tolist()
    typed = G.column("member", "employer_name").tolist()
    reviewed = reviewed or {}
    # Members by county (stable), so that each county's name indexes are built once and
    # dropped before the next county's; the links come back in the members' order.
    order = sorted(range(len(typed)), key=lambda i: member_county[i])
    at_member: dict[int, Link] = {}
    for m in order:
        text = typed[m]
        if employer[m] >= 0 or not text.strip():
            continue
        mid = member_ids[m]
        link = Link(mid, "unmatched", employer_name=text)
        at_member[m] = link
        if mid in reviewed:
            chosen = reviewed[mid]
            if chosen is not None and chosen in index:
                link.status, link.entity_id, link.score = "exact", chosen, 100.0
                link.entity_name = entity_names[index[chosen]]
            continue
        code = _CODE.search(unicodedata.normalize("NFKC", text).upper())
        if code and is_valid_credit_code(code.group()) and code.group() in codes:
            row = codes[code.group()]
            link.status, link.entity_id, link.score = "exact", entity_ids[row], 100.0
            link.entity_name = entity_names[row]
            continue
        c = member_county[m]
        if county is None or county.code != c:
            rows = np.flatnonzero(entity_county == c) if c >= 0 else np.arange(len(entity_ids))
            county = None  # the last county's indexes go first
            county = _County(rows, entity_names, tuple(places.get(c, ())), code=c)
        keys = name_keys(text, county.places)
        found: set[int] = set()
        for level in range(3):
            found = set().union(*(county.by_key[level].get(k, set())
                                  for k, at in zip(keys, _LEVELS) if at == level))
            if found:
                break
        if len(found) == 1:
            row = found.pop()
            link.status, link.entity_id, link.score = "exact", entity_ids[row], 100.0
            link.entity_name = entity_names[row]
            continue
        if len(found) > 1:
            link.status, link.score = "ambiguous", 100.0
            link.candidates = sorted(entity_ids[r] for r in found)
            continue
        best: dict[int, float] = {}
        for key in dict.fromkeys((keys[0], *keys[3:])):
            for row, score in county.fuzzy(key, FUZZY_THRESHOLD - FUZZY_MARGIN):
                best[row] = max(best.get(row, 0.0), score)
        ranked = sorted(best.items(), key=lambda rs: -rs[1])
        if not ranked or ranked[0][1] < FUZZY_THRESHOLD:
            link.candidates = [entity_ids[r] for r, _ in ranked[:5]]
            continue
        link.score = round(ranked[0][1], 1)
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] <= FUZZY_MARGIN:
            link.status = "ambiguous"
            link.candidates = [entity_ids[r] for r, _ in ranked[:5]]
            continue
        row = ranked[0][0]
        link.status, link.entity_id = "fuzzy", entity_ids[row]
        link.entity_name = entity_names[row]
    return [at_member[m] for m in sorted(at_member)]


def write_links(links: list[Link], path: str | Path) -> None:
    """Write the review file: CSV (UTF-8 with a byte-order mark, for Excel), one row
    per member, :data:`LINK_COLUMNS`; candidates separated by ``;``."""
    with private_text(path, encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(LINK_COLUMNS)
        for link in links:
            row = link.row()
            row["candidates"] = ";".join(link.candidates)
            # Names are shown, not read back: made inert for the spreadsheet it is
            # opened in (ids are read back as they are).
            writer.writerow(["" if row[c] is None else
                             csv_safe(row[c]) if c in _SHOWN_COLUMNS else row[c]
                             for c in LINK_COLUMNS])


def score_links(links: list[Link], truth: dict[str, str]) -> dict[str, float]:
    """Precision (matches that are right) and recall (members with a true employer
    that are matched rightly) of ``links`` against ``truth`` (member -> entity).

    >>> score_links([Link("P1", "exact", "E1"), Link("P2", "fuzzy", "E9")], {"P1": "E1", "P2": "E2"})
    {'links': 2, 'matched': 2, 'correct': 1, 'precision': 0.5, 'recall': 0.5}
    """
    matched = [x for x in links if x.entity_id is not None]
    correct = sum(1 for x in matched if truth.get(x.member_id) == x.entity_id)
    return {"links": len(links), "matched": len(matched), "correct": correct,
            "precision": round(correct / len(matched), 4) if matched else 1.0,
            "recall": round(correct / len(truth), 4) if truth else 1.0}

"""Property-based: generated datasets, mutated in the ways real files go wrong, are
either loaded correctly or rejected naming file and line, and a rejected seed never
changes the store."""

from __future__ import annotations

import csv
import random
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

import graphmodel

from ..datasets import random_dataset

STATS: Counter = Counter()


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def _set(root: Path, file: str, column: str, value, rng: random.Random) -> bool:
    rows = _rows(root / file)
    if len(rows) < 2 or column not in rows[0]:
        return False
    col = rows[0].index(column)
    candidates = [r for r in rows[1:] if r[col]] or rows[1:]
    row = rng.choice(candidates)
    row[col] = value(row[col]) if callable(value) else value
    _write(root / file, rows)
    return True


def _flip_last(text: str) -> str:
    return text[:-1] + ("0" if text[-1:] != "0" else "1")


# Each mutation returns whether the dataset must now be rejected (None: not applicable).
def dangling(root, rng):
    return _set(root, "entities.csv", "region_id", "NOWHERE", rng) or None

def duplicate_id(root, rng):
    rows = _rows(root / "members.csv")
    if len(rows) < 3:
        return None
    rows[2][0] = rows[1][0]
    _write(root / "members.csv", rows)
    return True

def bad_enum(root, rng):
    return _set(root, "entities.csv", "type", rng.choice(["shop", "SMALL_MICRO", "市场"]), rng)

def bad_date(root, rng):
    return _set(root, "members.csv", "last_org_life",
                rng.choice(["2016-13-01", "16/06/2016", "2016-02-30", "yesterday"]), rng) or None

def cycle(root, rng):
    rows = _rows(root / "regions.csv")
    child = next((r for r in rows[1:] if r[3]), None)
    if child is None:
        return None
    rows[1][3] = child[0]          # the root's parent becomes one of its descendants
    _write(root / "regions.csv", rows)
    return True

def broken_check(root, rng):
    if rng.random() < 0.5:
        return _set(root, "entities.csv", "credit_code", _flip_last, rng) or None
    return _set(root, "members.csv", "id_number", _flip_last, rng) or None

def wrong_encoding(root, rng):
    path = root / rng.choice(["entities.csv", "members.csv"])
    data = path.read_bytes()
    cut = data.find(b"\n") + 1          # after the header (or at 0 in an emptied file)
    path.write_bytes(data[:cut] + b"\xff\xfe\xfa" + data[cut:])   # neither UTF-8 nor GB18030
    return True

def gb18030(root, rng):
    for path in root.glob("*.csv"):
        try:
            path.write_bytes(path.read_bytes().decode("utf-8").encode("gb18030"))
        except UnicodeDecodeError:
            pass  # already broken on purpose
    return False

def ragged(root, rng):
    rows = _rows(root / "organisations.csv")
    rows[rng.randrange(1, len(rows))].append("extra")
    _write(root / "organisations.csv", rows)
    return True

def empty_file(root, rng):
    (root / rng.choice(["entities.csv", "regions.csv", "coverage.csv"])).write_bytes(b"")
    return True

def huge_field(root, rng):
    return _set(root, "entities.csv", "name", "大" * 200_000, rng)

def formula_cell(root, rng):
    _set(root, "members.csv", "name", "=cmd|' /C calc'!A0", rng)
    return False

MUTATIONS = [dangling, duplicate_id, bad_enum, bad_date, cycle, broken_check, ragged,
             huge_field, formula_cell, empty_file, wrong_encoding, gb18030]
# Cell edits first, then whole-file damage, then re-encoding: the order they'd happen in.
ORDER = {m: i for i, m in enumerate(MUTATIONS)}


def _data_rows(path: Path) -> int:
    if not path.exists():
        return 0
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else \
        (raw.decode("utf-8") if _is_utf8(raw) else raw.decode("gb18030"))
    return max(0, sum(1 for row in csv.reader(text.splitlines()) if row) - 1)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32 - 1),
       picks=st.lists(st.sampled_from(MUTATIONS), max_size=3, unique=True),
       size=st.integers(4, 25))
def test_mutated_datasets_load_correctly_or_are_rejected_without_change(seed, picks, size):
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp())
    try:
        root = random_dataset(work / "ds", seed, size=size)
        must_reject = False
        for mutate in sorted(picks, key=ORDER.get):
            verdict = mutate(root, rng)
            must_reject |= bool(verdict)
            STATS[mutate.__name__] += 1
        store = work / "store.gmz"
        graphmodel.seed("demo", store)
        before = store.read_bytes()
        STATS["datasets"] += 1
        try:
            G = graphmodel.seed(root, store)
        except graphmodel.DatasetError as error:
            STATS["rejected"] += 1
            STATS["changed stores"] += store.read_bytes() != before
            assert store.read_bytes() == before
            assert error.problems
            for problem in error.problems:
                assert problem.file.endswith(".csv") and problem.line is not None, problem
            return
        STATS["loaded"] += 1
        assert not must_reject, f"{[m.__name__ for m in picks]} should have been rejected"
        # Loaded correctly: the store holds every row of every file, values intact.
        H = graphmodel.open_store(store)
        for kind in graphmodel.model.schema.NODE_KINDS:
            assert H.count(kind.name) == G.count(kind.name) == _data_rows(root / kind.file)
        if formula_cell in picks and gb18030 not in picks:
            assert "=cmd|' /C calc'!A0" in H.column("member", "name").tolist()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_report_fuzz_counts():
    """Runs after the property test (same module): its counts, for the record."""
    print(f"\nfuzz: {dict(STATS)}")
    assert STATS["changed stores"] == 0

"""False records injected into a dataset at a known rate, with the truth kept beside
them, so that :func:`graphmodel.check` can be measured.

:func:`add_faults` rewrites a dataset directory in the contract format (a generated
province, or any other) with records each rule of :data:`graphmodel.checks.RULES`
should report, and writes ``faults_truth.csv``: ``rule``, ``kind``, ``id`` of every
injected record. For each rule it injects ``max(1, round(rate * n))`` records, ``n``
being the dataset's records of the kind the rule reports (members, organisations,
entities, stations, instructors). Records are changed or added as they go wrong in
real exports: a member entered twice (the same number, or the same person under
another number), an ID number mistyped in its region part, birth date or year, an
employer in another county, a membership of a third county's organisation, an
organisation or branch set up on paper, coverage across a county line, a station or
instructor nobody uses. :func:`score_checks` compares ``check``'s rows with the truth.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..codes import id_number_check_char
from ..io.csvtext import read_small_table
from ..io.private import private_text
from ..model.schema import LINK_FILES, NODE_KINDS

__all__ = ["FAULTS_TRUTH_FILE", "add_faults", "read_fault_truth", "score_checks"]

#: The injected records: rule, kind, id.
FAULTS_TRUTH_FILE = "faults_truth.csv"

_FILES = {k.name: (k.file, list(k.model.model_fields)) for k in NODE_KINDS} | \
    {f.name: (f.file, list(f.model.model_fields)) for f in LINK_FILES}

# First two digits no GB/T 2260 code starts with.
_NO_PROVINCE = ("00", "10", "19", "20", "30", "40", "49", "55", "60", "66", "70", "80", "90",
                "99")


class _Dataset:
    """The dataset's files as lists of dicts, with each record's county."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, tuple[list[str], list[dict[str, str]]]] = {}
        for name, (file, columns) in _FILES.items():
            path = root / file
            if path.exists():
                with path.open(encoding="utf-8-sig", newline="") as fh:
                    reader = csv.DictReader(fh)
                    rows = list(reader)
                    self.files[name] = (list(reader.fieldnames or columns), rows)
            else:
                self.files[name] = (columns, [])
        regions = {r["id"]: r for r in self.rows("region")}
        self.region_county: dict[str, str] = {}
        for rid in regions:
            row: dict[str, str] | None = regions[rid]
            while row is not None and row["level"] not in ("county",):
                row = regions.get(row.get("parent_id") or "")
            self.region_county[rid] = row["id"] if row is not None else ""
        self.places = [rid for rid, r in regions.items()
                       if r["level"] in ("county", "town") and self.region_county[rid]]
        as_of = root / "dataset.json"
        self.as_of = _dt.date.fromisoformat(json.loads(as_of.read_text())["as_of"]) \
            if as_of.exists() and "as_of" in json.loads(as_of.read_text()) else _dt.date.today()

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.files[name][1]

    def county(self, region: str | None) -> str:
        return self.region_county.get(region or "", "")

    def ensure_column(self, name: str, column: str) -> None:
        if column not in self.files[name][0]:
            self.files[name][0].append(column)

    def write(self) -> None:
        for name, (columns, rows) in self.files.items():
            file = _FILES[name][0]
            if not rows and not (self.root / file).exists():
                continue
            with private_text(self.root / file) as fh:
                writer = csv.DictWriter(fh, columns, lineterminator="\n", restval="")
                writer.writeheader()
                writer.writerows(rows)


def _with_check(first17: str) -> str:
    return first17 + id_number_check_char(first17)


def add_faults(out: str | Path, rate: float, seed: int) -> list[tuple[str, str, str]]:
    """Inject records every rule of :func:`graphmodel.check` reports into the dataset
    directory ``out`` and write ``faults_truth.csv``; return its rows (rule, kind, id).

    ``rate``: the share of records of each rule's kind injected, above 0 and at most
    0.1 (at least one record per rule).
    """
    if not 0 < rate <= 0.1:
        raise ValueError(f"rate: expected a number above 0 and at most 0.1, got {rate}")
    root = Path(out)
    data = _Dataset(root)
    rng = np.random.default_rng(seed + 13)
    truth: list[tuple[str, str, str]] = []

    def how_many(kind: str) -> int:
        return max(1, round(rate * len(data.rows(kind))))

    members = data.rows("member")
    entities = data.rows("entity")
    orgs = data.rows("organisation")
    entity_county = {e["id"]: data.county(e["region_id"]) for e in entities}
    org_county = {o["id"]: data.county(o["region_id"]) for o in orgs}
    used: set[str] = set()      # members already changed: one fault each

    def pick(candidates: list[int], n: int) -> list[int]:
        fresh = [i for i in candidates if members[i]["id"] not in used]
        chosen = [fresh[i] for i in rng.permutation(len(fresh))[:n].tolist()]
        used.update(members[i]["id"] for i in chosen)
        return chosen

    numbered = [i for i, m in enumerate(members) if m.get("id_number")
                and data.county(m["region_id"])]
    ids = {m["id"] for m in members}
    n_members = how_many("member")

    # duplicate-person: the same number again; the same person under another number.
    for i in pick(numbered, 2 * n_members):
        copy = dict(members[i])
        copy["id"] = _new_id(members[i]["id"] + "-F", ids)
        number = copy["id_number"]
        if len(truth) % 2:  # another number: the sequence digits retyped
            sequence = (int(number[14:17]) + 1 + int(rng.integers(0, 998))) % 1000
            copy["id_number"] = _with_check(number[:14] + f"{sequence:03d}")
        members.append(copy)
        used.add(copy["id"])
        truth.append(("duplicate-person", "member", copy["id"]))
    # id-region, id-birth-date, id-age: one part of the number mistyped.
    for i in pick(numbered, n_members):
        number = members[i]["id_number"]
        members[i]["id_number"] = _with_check(str(rng.choice(_NO_PROVINCE)) + number[2:17])
        truth.append(("id-region", "member", members[i]["id"]))
    for i in pick(numbered, n_members):
        number = members[i]["id_number"]
        members[i]["id_number"] = _with_check(number[:10] + "13" + number[12:17])
        truth.append(("id-birth-date", "member", members[i]["id"]))
    for n, i in enumerate(pick(numbered, n_members)):
        number = members[i]["id_number"]
        year = data.as_of.year - int(rng.integers(5, 17)) if n % 2 \
            else data.as_of.year - int(rng.integers(112, 125))
        day = number[10:14] if number[10:14] != "0229" else "0228"
        members[i]["id_number"] = _with_check(number[:6] + f"{year:04d}" + day + number[14:17])
        truth.append(("id-age", "member", members[i]["id"]))
    # employer-other-county: a non-floating member put to work in another county.
    settled = [i for i, m in enumerate(members) if data.county(m["region_id"])
               and (m.get("floating") or "").lower() not in ("true", "1", "yes")]
    counties = sorted({c for c in entity_county.values() if c})
    if len(counties) > 1:
        by_county: dict[str, list[str]] = {}
        for e, c in entity_county.items():
            if c:
                by_county.setdefault(c, []).append(e)
        data.ensure_column("member", "employer_id")
        for i in pick(settled, n_members):
            home = data.county(members[i]["region_id"])
            other = [c for c in counties if c != home]
            county = other[int(rng.integers(len(other)))]
            pool = by_county[county]
            members[i]["employer_id"] = pool[int(rng.integers(len(pool)))]
            truth.append(("employer-other-county", "member", members[i]["id"]))
    # org-other-county: a membership of an organisation of a third county.
    memberships = data.rows("memberships")
    placed = [o["id"] for o in orgs if org_county[o["id"]]]

    def work(m: dict[str, str]) -> str:
        return entity_county.get(m.get("employer_id") or "", "")

    for i in pick([i for i in settled if members[i]["id"] not in used], n_members):
        home, job = data.county(members[i]["region_id"]), work(members[i])
        away = [o for o in placed if org_county[o] not in (home, job)]
        if not away:
            continue
        org = away[int(rng.integers(len(away)))]
        memberships.append({"member_id": members[i]["id"], "organisation_id": org,
                            "role": "member", "since": ""})
        truth.append(("org-other-county", "member", members[i]["id"]))
    # org-empty and branch-small: organisations on paper.
    org_ids = {o["id"] for o in orgs}
    coverage = data.rows("coverage")
    covered = {(c["organisation_id"], c["entity_id"]) for c in coverage}
    by_home: dict[str, list[str]] = {}
    for m in members:
        if data.county(m["region_id"]):
            by_home.setdefault(data.county(m["region_id"]), []).append(m["id"])
    entities_of: dict[str, list[str]] = {}
    for e, c in entity_county.items():
        if c:
            entities_of.setdefault(c, []).append(e)
    for n in range(how_many("organisation")):
        place = data.places[int(rng.integers(len(data.places)))]
        oid = _new_id("F-ORG-", org_ids)
        orgs.append({"id": oid, "name": f"中共核查空组织{n + 1}", "level": "general_branch",
                     "region_id": place})
        truth.append(("org-empty", "organisation", oid))
    homes = [c for c in by_home if c in entities_of]
    for n in range(how_many("organisation") if homes else 0):
        county = homes[int(rng.integers(len(homes)))]
        oid = _new_id("F-ORG-", org_ids)
        orgs.append({"id": oid, "name": f"中共核查小支部{n + 1}", "level": "branch",
                     "region_id": county})
        pool = entities_of[county]
        entity = pool[int(rng.integers(len(pool)))]
        coverage.append({"organisation_id": oid, "entity_id": entity, "since": ""})
        covered.add((oid, entity))
        people = by_home[county]
        for k in rng.permutation(len(people))[:int(rng.integers(1, 3))].tolist():
            memberships.append({"member_id": people[k], "organisation_id": oid,
                                "role": "member", "since": ""})
        truth.append(("branch-small", "organisation", oid))
    # coverage-other-county: an entity covered from another county.
    chosen: set[str] = set()
    for _ in range(how_many("entity") if len({org_county[o] for o in placed}) > 1 else 0):
        while True:
            entity = entities[int(rng.integers(len(entities)))]["id"]
            org = placed[int(rng.integers(len(placed)))]
            if entity_county[entity] and org_county[org] != entity_county[entity] \
                    and entity not in chosen and (org, entity) not in covered:
                break
        chosen.add(entity)
        covered.add((org, entity))
        coverage.append({"organisation_id": org, "entity_id": entity, "since": ""})
        truth.append(("coverage-other-county", "entity", entity))
    # station-unused and instructor-idle.
    station_ids = {s["id"] for s in data.rows("station")}
    for n in range(how_many("station")):
        sid = _new_id("F-ST-", station_ids)
        data.rows("station").append({
            "id": sid, "name": f"核查联络站{n + 1}", "kind": "liaison_station",
            "region_id": data.places[int(rng.integers(len(data.places)))]})
        truth.append(("station-unused", "station", sid))
    instructor_ids = {s["id"] for s in data.rows("instructor")}
    for n in range(how_many("instructor")):
        iid = _new_id("F-IN-", instructor_ids)
        data.rows("instructor").append({"id": iid, "name": f"核查指导员{n + 1}"})
        truth.append(("instructor-idle", "instructor", iid))
    data.write()
    with private_text(root / FAULTS_TRUTH_FILE) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["rule", "kind", "id"])
        writer.writerows(truth)
    return truth


def _new_id(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    taken.add(f"{prefix}{n}")
    return f"{prefix}{n}"


def read_fault_truth(path: str | Path) -> list[tuple[str, str, str]]:
    """The injected records of a truth file: (rule, kind, id)."""
    return [(r["rule"], r["kind"], r["id"])
            for r in read_small_table(path, ("rule", "kind", "id"))]


def score_checks(rows: Iterable[Mapping[str, Any]], truth: Iterable[tuple[str, str, str]],
                 records: Mapping[str, int]) -> dict[str, Any]:
    """How :func:`graphmodel.check`'s ``rows`` meet the ``truth``.

    ``records``: the dataset's records per kind that checks report (member,
    organisation...). Returns ``found`` injected records reported under their rule,
    of ``injected``; ``missed`` (rule, kind, id); ``flagged_clean`` records reported
    that were not injected, of ``clean``, and their share ``false_positive_rate``;
    ``by_rule``: (found, injected) per rule; ``by_kind``: (flagged_clean, clean) per
    kind of record.

    >>> rows = [{"rule": "org-empty", "kind": "organisation", "id": "F1"},
    ...         {"rule": "branch-small", "kind": "organisation", "id": "O7"}]
    >>> s = score_checks(rows, [("org-empty", "organisation", "F1")], {"organisation": 51})
    >>> s["found"], s["injected"], s["flagged_clean"], s["false_positive_rate"]
    (1, 1, 1, 0.02)
    """
    truth = list(set(truth))
    reported = {(r["rule"], r["kind"], r["id"]) for r in rows}
    flagged = {(kind, id_) for _, kind, id_ in reported}
    injected = {(kind, id_) for _, kind, id_ in truth}
    missed = sorted(t for t in truth if t not in reported)
    by_rule: dict[str, list[int]] = {}
    for t in truth:
        counts = by_rule.setdefault(t[0], [0, 0])
        counts[0] += t in reported
        counts[1] += 1
    by_kind = {kind: (sum(1 for k, _ in flagged - injected if k == kind),
                      n - sum(1 for k, _ in injected if k == kind))
               for kind, n in sorted(records.items())}
    clean = sum(c for _, c in by_kind.values())
    flagged_clean = sum(f for f, _ in by_kind.values())
    return {"injected": len(truth), "found": len(truth) - len(missed),
            "missed": missed, "clean": clean, "flagged_clean": flagged_clean,
            "false_positive_rate": flagged_clean / clean if clean else 0.0,
            "by_rule": {k: tuple(v) for k, v in sorted(by_rule.items())},
            "by_kind": by_kind}

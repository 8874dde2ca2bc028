"""Build small datasets in the contract format from Python rows, for hand-made cases."""

from __future__ import annotations

import csv
from pathlib import Path

from graphmodel.model.schema import LINK_FILES, NODE_KINDS

FILES = {k.name: k.file for k in NODE_KINDS} | {f.name: f.file for f in LINK_FILES}


def write_dataset(root: Path, **tables: list[dict]) -> Path:
    """Write each table (``entity=[{...}, ...]``) as its CSV file under ``root``.

    Required files not given are written with their header only, so a test names
    just the rows it is about. Columns are the union of the rows' keys.
    """
    root.mkdir(parents=True, exist_ok=True)
    for kind in NODE_KINDS:
        if kind.required:
            tables.setdefault(kind.name, [])
    for name, rows in tables.items():
        model = next((k.model for k in NODE_KINDS if k.name == name), None) or \
            next(f.model for f in LINK_FILES if f.name == name)
        columns = list(model.model_fields)
        for row in rows:
            columns += [c for c in row if c not in columns]
        with open(root / FILES[name], "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v) for k, v in row.items()})
    return root


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def region(id, parent=None, level="county", name=None):
    return {"id": id, "name": name or id, "level": level, "parent_id": parent}


def entity(id, region, type="small_micro", **extra):
    return {"id": id, "name": f"entity {id}", "type": type, "region_id": region, **extra}


def organisation(id, region, level="branch", **extra):
    return {"id": id, "name": f"org {id}", "level": level, "region_id": region, **extra}


def member(id, region, **extra):
    return {"id": id, "name": f"member {id}", "region_id": region, **extra}


def random_dataset(root: Path, seed: int, size: int = 40, members: int | None = None) -> Path:
    """A random but valid dataset with the corner cases parity must survive: entities
    covered twice, members in two organisations, lost-contact members who are
    attached, stations nobody registered at, references left empty, market stalls.
    ``members`` (default ``size``) members, so a plan can find entities with 3 or more."""
    import datetime as dt
    import random

    from graphmodel.codes import (CREDIT_CODE_ALPHABET, credit_code_check_char,
                                  id_number_check_char)

    rng = random.Random(seed)

    def day():
        return (dt.date(2015, 6, 1) + dt.timedelta(days=rng.randrange(400))).isoformat()

    def maybe(value, p=0.7):
        return value if rng.random() < p else None

    regions = [region("P", level="province", name="海南省")]
    for c in range(rng.randint(1, 3)):
        regions.append(region(f"C{c}", "P", "city"))
        for t in range(rng.randint(0, 3)):
            regions.append(region(f"C{c}T{t}", f"C{c}", "town"))
    where = [r["id"] for r in regions]
    industries = [{"id": f"I{i}", "name": f"行业{i}"} for i in range(rng.randint(1, 4))]
    agencies = [{"id": f"A{i}", "name": f"工商所{i}", "kind": rng.choice(["bureau", "office"]),
                 "region_id": rng.choice(where)} for i in range(rng.randint(1, 3))]
    types = ["small_micro", "individual", "market", "enterprise"]
    entities = []
    for i in range(size):
        first17 = "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(17))
        entities.append(entity(f"E{i:03d}", rng.choice(where), rng.choice(types),
                               industry_id=maybe(rng.choice(industries)["id"]),
                               credit_code=maybe(first17 + credit_code_check_char(first17))))
    markets = [e["id"] for e in entities if e["type"] == "market"]
    for e in entities:
        if e["type"] == "individual" and markets and rng.random() < 0.5:
            e["market_id"] = rng.choice(markets)
    orgs = []
    for i in range(max(2, size // 5)):
        parent = rng.choice(orgs)["id"] if orgs and rng.random() < 0.5 else None
        orgs.append(organisation(f"O{i:02d}", rng.choice(where),
                                 rng.choice(["committee", "general_branch", "branch", "branch"]),
                                 parent_id=parent, founded=maybe(day()),
                                 formation=maybe(rng.choice(["standalone", "regional", "industry"]))))
    people = size if members is None else members
    members = []
    for i in range(people):
        digits = "".join(rng.choice("0123456789") for _ in range(17))
        members.append(member(
            f"M{i:03d}", rng.choice(where), employer_id=maybe(rng.choice(entities)["id"]),
            ethnicity=rng.choice(["汉族", "黎族", None]),
            floating=rng.random() < 0.2, pocket=rng.random() < 0.1, hidden=rng.random() < 0.1,
            lost_contact=rng.random() < 0.15, found_via=maybe(rng.choice(
                ["registration", "annual_report", "supervision", "phone", "visit", "referral"])),
            last_org_life=maybe(day()), id_number=maybe(digits + id_number_check_char(digits), 0.3)))
    stations = [{"id": f"S{i}", "name": f"站{i}", "kind": rng.choice(["liaison_station",
                                                                     "consultation_desk"]),
                 "region_id": rng.choice(where), "agency_id": maybe(rng.choice(agencies)["id"])}
                for i in range(rng.randint(1, 4))]
    stations[0]["kind"] = "liaison_station"
    liaison = [s["id"] for s in stations if s["kind"] == "liaison_station"]
    instructors = [{"id": f"N{i}", "name": f"指导员{i}", "agency_id": maybe(rng.choice(agencies)["id"]),
                    "trained_on": maybe(day())} for i in range(rng.randint(0, 3))]

    def pairs(left, right, n):
        return {(rng.choice(left), rng.choice(right)) for _ in range(n)}

    return write_dataset(
        root, region=regions, industry=industries, agency=agencies, entity=entities,
        organisation=orgs, member=members, station=stations, instructor=instructors,
        memberships=[{"member_id": m, "organisation_id": o, "role": rng.choice(["member", "secretary", None]),
                      "since": maybe(day())}
                     for m, o in pairs([m["id"] for m in members], [o["id"] for o in orgs], size)],
        coverage=[{"organisation_id": o, "entity_id": e, "since": maybe(day())}
                  for o, e in pairs([o["id"] for o in orgs], [e["id"] for e in entities], size)],
        registrations=[{"member_id": m, "station_id": s}
                       for m, s in pairs([m["id"] for m in members], liaison, size // 4)],
        guidance=[{"instructor_id": n, "organisation_id": o}
                  for n, o in pairs([n["id"] for n in instructors], [o["id"] for o in orgs],
                                    len(instructors) * 2)] if instructors else [],
    )


def append_files(dataset: Path, additions: Path, target: Path) -> Path:
    """``dataset`` copied to ``target`` with each CSV file of ``additions`` appended
    to the file of the same name, columns matched by header (as a user applies a
    plan's ``--out`` files in a spreadsheet)."""
    import shutil

    shutil.copytree(dataset, target)
    for extra in sorted(additions.glob("*.csv")):
        with open(extra, newline="", encoding="utf-8") as f:
            new = list(csv.DictReader(f))
        path = target / extra.name
        old: list[dict] = []
        columns: list[str] = []
        if path.exists():
            with open(path, newline="", encoding="utf-8-sig") as f:
                reader = csv.DictReader(f)
                columns = list(reader.fieldnames or [])
                old = list(reader)
        with open(extra, newline="", encoding="utf-8") as f:
            columns += [c for c in next(csv.reader(f)) if c not in columns]
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, columns)
            writer.writeheader()
            writer.writerows(old + new)
    return target

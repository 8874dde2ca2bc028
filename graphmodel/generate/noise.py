"""Dirtying a generated dataset the way real exports are dirty, with the truth kept
beside it, so matching and checking can be measured.

:func:`add_noisy_employers` replaces each member's ``employer_id`` with an
``employer_name`` typed the way people type it (a trailing space, full-width
brackets, the county in front or not, 有限责任公司 for 有限公司, a slip of one
character) and writes the true links to ``employer_truth.csv``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..io.csvtext import read_small_table
from ..io.private import private_text

__all__ = ["TRUTH_FILE", "add_noisy_employers", "noisy_name", "read_truth"]

#: The true employers of a dataset with noisy names: member_id, entity_id.
TRUTH_FILE = "employer_truth.csv"

_FULL = str.maketrans({"(": "（", ")": "）", **{chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)
                                                if chr(c) not in "()"}})
_NOISES = ("space", "fullwidth", "county", "suffix", "town", "typo", "plain")
# How often each noise is drawn: mostly harmless spelling, some slips of a character.
_WEIGHTS = np.array([0.2, 0.1, 0.2, 0.15, 0.1, 0.1, 0.15])


def noisy_name(name: str, noise: str, county: str, town: str, rng: np.random.Generator) -> str:
    """``name`` as someone might type it (``noise`` is one of the kinds above).

    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> noisy_name("海南定安制药有限公司", "suffix", "定安县", "定城镇", rng)
    '海南定安制药有限责任公司'
    >>> noisy_name("定城王记粉店", "town", "定安县", "定城镇", rng)
    '王记粉店（定城）'
    """
    short_county = county[:2] if "自治" in county else \
        (county.removesuffix("县").removesuffix("市") if len(county) > 2 else county)
    short_town = town.removesuffix("镇").removesuffix("乡")
    if noise == "space":
        return name + " "
    if noise == "fullwidth":
        return ("(" + name + ")")[1:-1].translate(_FULL)
    if noise == "county":
        return name[len(short_county):] if name.startswith(short_county) \
            else short_county + name.removeprefix("海南")
    if noise == "suffix":
        for a, b in (("有限责任公司", "有限公司"), ("有限公司", "有限责任公司")):
            if name.endswith(a):
                return name[: -len(a)] + b
        return name + " "
    if noise == "town" and short_town and name.startswith(short_town):
        return f"{name[len(short_town):]}（{short_town}）"
    if noise == "typo" and len(name) >= 8:
        at = int(rng.integers(2, len(name) - 2))
        return name[:at] + name[at + 1:]  # one character left out
    return name


def add_noisy_employers(out: Path, seed: int) -> None:
    """Rewrite ``out/members.csv`` with ``employer_name`` for ``employer_id`` and
    write the truth to ``out/employer_truth.csv``."""
    rng = np.random.default_rng(seed + 12)
    regions = _rows(out / "regions.csv")
    by_id = {r["id"]: r for r in regions}

    def county_of(region: str) -> str:
        row = by_id.get(region)
        while row is not None and row["level"] not in ("county", "province"):
            row = by_id.get(row["parent_id"])
        return row["name"] if row is not None else ""

    entity_rows = _rows(out / "entities.csv")
    _unique_names(entity_rows, county_of, rng)
    _write(out / "entities.csv", entity_rows)
    entities = {r["id"]: (r["name"], r["region_id"]) for r in entity_rows}
    members = _rows(out / "members.csv")
    noises = rng.choice(len(_NOISES), len(members), p=_WEIGHTS / _WEIGHTS.sum()).tolist()
    truth = []
    for member, noise in zip(members, noises):
        employer = member.get("employer_id") or ""
        member["employer_name"] = ""
        if not employer:
            continue
        name, region = entities[employer]
        town = by_id[region]["name"] if by_id[region]["level"] == "town" else ""
        member["employer_name"] = noisy_name(name, _NOISES[noise], county_of(region), town, rng)
        member["employer_id"] = ""
        truth.append((member["id"], employer))
    _write(out / "members.csv", members)
    with private_text(out / TRUTH_FILE) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["member_id", "entity_id"])
        writer.writerows(truth)


# Characters for trade names (字号) that tell apart entities the generator named alike.
_TRADE = "鑫恒泰隆盛源丰华瑞达宏兴福祥嘉和昌荣富贵永安康旺顺利通发宝金银海天星辰光明新"


def _unique_names(entities: list[dict[str, str]], county_of, rng: np.random.Generator) -> None:
    """Rename entities whose name another in the same county already has, with a trade
    name of two characters after the place: a register does not register one name
    twice in a county, and the generator's names repeat (文记早餐店 several times in one town)."""
    from ..employers import name_keys

    taken: set[tuple[str, str]] = set()
    county_cache: dict[str, str] = {}
    for row in entities:
        county = county_cache.setdefault(row["region_id"], county_of(row["region_id"]))
        name = row["name"]
        # Alike as the matcher sees them (有限公司 = 有限责任公司, the town dropped).
        while (county, name_keys(name, ("海南省", county))[3]) in taken:
            a, b = rng.integers(0, len(_TRADE), 2).tolist()
            at = 2 if name.startswith("海南") else min(2, len(name) - 1)
            name = name[:at] + _TRADE[a] + _TRADE[b] + name[at:]
        taken.add((county, name_keys(name, ("海南省", county))[3]))
        row["name"] = name


def read_truth(path: str | Path) -> dict[str, str]:
    """The true links of a truth file: member id -> entity id."""
    return {r["member_id"]: r["entity_id"]
            for r in read_small_table(path, ("member_id", "entity_id"))}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with private_text(path) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

"""The Hainan 2016 province, generated to reproduce the figures of the source document.

The document gives province, county and market figures but no per-entity data, so
this generator builds a whole province whose counts, computed by graphmodel's own
queries from the written CSV files, are exactly the document's. Every figure is
*constructed* (never sampled), so it holds for every seed; the seed only changes
names, codes, dates and which entity gets which edge. Every assumption the document
does not settle is written down in ``seeds/hainan-2016/README.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..io.dataset import DATASET_FILE
from ..io.private import make_private_dir, private_text, write_private
from ..model.schema import LINK_FILES, NODE_KINDS
from .hainan_regions import CITIES, COUNTIES, PROVINCE, County
from .names import INDUSTRIES, credit_codes, entity_names, id_numbers, person_names

__all__ = ["FIGURES", "generate", "DEFAULT_SEED", "DINGAN", "LEDONG", "WENCHANG"]

DEFAULT_SEED = 2016
DINGAN, LEDONG, WENCHANG = "469021", "469027", "469005"
YANGPU_ID = "460400499"  # its statistical code; it has no GB/T 2260 code of its own

#: The document's figures (end of May 2016 unless noted), and the assumptions that
#: pin down what it leaves open (marked "assumed").
FIGURES: dict[str, Any] = {
    "small_micro": 160_214, "individual": 364_120, "market": 892,
    "enterprise": 88_000,                       # assumed: keeps the three types at 85.6%
    "organisations": 2_532, "small_type_organisations": 296,
    "coverage_rate": 0.291, "members": 26_509, "instructors": 242,
    "instructors_trained_at_province": 62, "county_training_sessions": 42,
    "dingan": {"branches": 48, "members": 333, "entities": 158, "industries": 20},
    "ledong": {"small_micro": 1_585, "individual": 10_299, "market": 12, "found": 282,
               "li": 41, "floating_pocket_or_hidden": 136, "candidates": 10,
               "small_type_organisations": 9},                        # the last: assumed
    "wenchang": {
        "as_of": "2016-06-16", "liaison_stations": 19, "consultation_desks": 19,
        "small_micro": {"entities": 4_181, "organisations": 30, "members": 186, "pocket": 5,
                        "floating": 48, "lost_contact": 6, "org_life": 127},
        "individual": {"entities": 20_034, "organisations": 26, "members": 328, "pocket": 4,
                       "floating": 51, "lost_contact": 4, "org_life": 273},  # pocket: assumed
    },
}

#: Assumed relative weight of each county-level unit in the province's economy,
#: used to spread what the document gives only for the whole province.
WEIGHTS = {
    "460105": 6, "460106": 12, "460107": 8, "460108": 10, "460202": 2, "460203": 5,
    "460204": 5, "460205": 2, "460300": 0.02, "460400": 6, "469001": 1, "469002": 4.5,
    "469005": 4.5, "469006": 4, "469007": 3, "469021": 2, "469022": 1.5, "469023": 4,
    "469024": 2.5, "469025": 1, "469026": 1.5, "469027": 2.5, "469028": 2.5, "469029": 1,
    "469030": 1, "": 1,
}
#: Assumed other ethnic groups among members, by county-level unit, besides the Li
#: share of ``hainan_regions`` (Hainan's Miao live in the Li-Miao counties' hills, its
#: Hui in Sanya's 凤凰镇); everywhere else a few Li who moved for work.
OTHER_ETHNICITIES = {"469029": {"苗族": 0.06}, "469030": {"苗族": 0.08},
                     "469025": {"苗族": 0.02}, "460204": {"回族": 0.04},
                     "460203": {"回族": 0.02}}
MIGRANT_LI = 0.02
AS_OF = dt.date(2016, 5, 31)
WENCHANG_AS_OF = dt.date(2016, 6, 16)
WINDOW_DAYS = 183


def _allocate(total: int, weights: Mapping[str, float], fixed: dict[str, int] | None = None) -> dict[str, int]:
    """Split ``total`` over ``weights`` exactly (largest remainder); ``fixed`` units
    get their fixed share and the rest is spread over the others."""
    fixed = fixed or {}
    rest = {k: w for k, w in weights.items() if k not in fixed}
    left = total - sum(fixed.values())
    scale = sum(rest.values())
    raw = {k: left * w / scale for k, w in rest.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: left - sum(out.values())]:
        out[k] += 1
    return {**out, **fixed}


def _allocate_capped(total: int, weights: Mapping[str, float],
                     caps: Mapping[str, int]) -> dict[str, int]:
    """:func:`_allocate`, with no unit above its cap: what a full unit cannot take is
    spread again over the others (``total`` must fit under the caps)."""
    assert total <= sum(caps[k] for k in weights), (total, sum(caps.values()))
    fixed: dict[str, int] = {}
    while True:
        out = _allocate(total, weights, fixed)
        over = [k for k in out if k not in fixed and out[k] > caps[k]]
        if not over:
            return out
        fixed |= {k: caps[k] for k in over}


def _split(total: int, parts: int, rng: np.random.Generator, minimum: int = 1) -> list[int]:
    """``total`` as ``parts`` random positive sizes (each >= minimum), summing exactly."""
    extra = total - parts * minimum
    assert extra >= 0, (total, parts, minimum)
    cuts = np.sort(rng.integers(0, extra + 1, parts - 1))
    sizes = np.diff(np.concatenate([[0], cuts, [extra]])) + minimum
    return sizes.tolist()


@dataclass
class _Unit:
    county: County
    region: str                      # region id of the unit
    towns: list[str]                 # region ids of its towns
    town_names: list[str]
    weight: float
    entities: dict[str, np.ndarray] = field(default_factory=dict)  # type -> entity rows
    bureau: str = ""
    offices: list[str] = field(default_factory=list)
    committee: str = ""
    #: How active party building is there (scales coverage), how many members live
    #: there per entity, and where in it entities cluster: drawn once per unit, so
    #: counties and towns differ as real ones do.
    activity: float = 1.0
    density: float = 1.0
    town_weights: np.ndarray = field(default_factory=lambda: np.ones(1))


class _Province:
    """The rows of every file, built step by step."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        # Row dicts per file; the entity file is kept as columns (a dict of lists).
        self.rows: dict[str, Any] = {k.name: [] for k in NODE_KINDS}
        self.rows |= {f.name: [] for f in LINK_FILES}
        self.units: list[_Unit] = []
        self.unit_orgs: dict[str, list[str]] = {}

    # -- regions, industries, agencies ----------------------------------------------
    def regions(self) -> None:
        add = self.rows["region"].append
        add({"id": PROVINCE[0], "name": PROVINCE[1], "level": "province", "code": PROVINCE[0]})
        for code, name in CITIES:
            add({"id": code, "name": name, "level": "city", "parent_id": PROVINCE[0], "code": code})
        cities = {c for c, _ in CITIES}
        for county in COUNTIES:
            if county.code in cities:        # 三沙市, 儋州市: the city itself holds towns
                region = county.code
            else:
                region = county.code or YANGPU_ID
                add({"id": region, "name": county.name, "level": "county",
                     "parent_id": county.city or PROVINCE[0], "code": county.code})
            towns = [f"{region}{i + 100:03d}" for i in range(len(county.towns))]
            for town, name in zip(towns, county.towns):
                add({"id": town, "name": name, "level": "town", "parent_id": region})
            unit = _Unit(county, region, towns, list(county.towns), WEIGHTS[county.code])
            unit.activity = float(np.clip(self.rng.lognormal(0.0, 0.35), 0.6, 1.5))
            unit.density = float(np.clip(self.rng.lognormal(0.0, 0.4), 0.5, 2.0))
            # A county seat and a few market towns hold most entities; the rest vary.
            town_w = self.rng.gamma(1.5, 1.0, len(towns))
            town_w[0] += 2.0 * town_w.sum() / len(towns) + 1.0
            unit.town_weights = town_w / town_w.sum()
            self.units.append(unit)

    def industries(self) -> None:
        self.rows["industry"] = [{"id": i, "name": n} for i, n, _, _ in INDUSTRIES]

    def agencies(self) -> None:
        add = self.rows["agency"].append
        add({"id": "AG-460000-B", "name": "海南省工商行政管理局", "kind": "bureau",
             "region_id": PROVINCE[0]})
        for u in self.units:
            name = u.county.name
            u.bureau = f"AG-{u.region}-B"
            add({"id": u.bureau, "name": f"{name}工商行政管理局", "kind": "bureau", "region_id": u.region})
            add({"id": f"AG-{u.region}-A", "name": f"{name}个体私营企业协会", "kind": "association",
                 "region_id": u.region})
            add({"id": f"AG-{u.region}-D", "name": f"中共{name}委员会组织部",
                 "kind": "organisation_department", "region_id": u.region})
            for town, tname in zip(u.towns, u.town_names):
                office = f"AG-{town}-O"
                u.offices.append(office)
                add({"id": office, "name": f"{name}{tname.removesuffix('镇')}工商所",
                     "kind": "office", "region_id": town})

    # -- entities -------------------------------------------------------------------
    def entities(self) -> None:
        f = FIGURES
        fixed = {
            "small_micro": {WENCHANG: f["wenchang"]["small_micro"]["entities"],
                            LEDONG: f["ledong"]["small_micro"]},
            "individual": {WENCHANG: f["wenchang"]["individual"]["entities"],
                           LEDONG: f["ledong"]["individual"]},
            "market": {LEDONG: f["ledong"]["market"]},
            "enterprise": {},
        }
        weights = {u.county.code: u.weight for u in self.units}
        rng = self.rng
        ids: list[str]
        ids, names, types, regions, inds, markets, codes = [], [], [], [], [], [], []
        for etype in ("small_micro", "individual", "market", "enterprise"):
            counts = _allocate(f[etype], weights, fixed[etype])
            share = np.array([x[2] if etype != "individual" else x[3] for x in INDUSTRIES])
            for u in self.units:
                n = counts[u.county.code]
                start = len(ids)
                town = rng.choice(len(u.towns), n, p=u.town_weights)
                ind = rng.choice(len(INDUSTRIES), n, p=share / share.sum())
                ids += [f"E{i:07d}" for i in range(start + 1, start + n + 1)]
                types += [etype] * n
                regions += [u.towns[t] for t in town.tolist()]
                inds += [INDUSTRIES[i][0] for i in ind.tolist()]
                ind_names = [INDUSTRIES[i][1] if etype != "market" else "" for i in ind.tolist()]
                names += entity_names(rng, [etype] * n, [u.town_names[t] for t in town.tolist()],
                                      ind_names)
                category = {"individual": "92", "market": "93"}.get(etype, "91")
                codes += credit_codes(rng, [category] * n, [u.county.code or "460400"] * n)
                markets += [""] * n
                u.entities[etype] = np.arange(start, start + n)
        # Individual businesses trading in a market of their own county: a few big
        # markets hold hundreds of stalls, most markets a handful (Zipf-like).
        for u in self.units:
            mk = u.entities["market"]
            ind = u.entities["individual"]
            if len(mk) and len(ind):
                stalls = ind[rng.random(len(ind)) < rng.uniform(0.15, 0.4)]
                popularity = 1.0 / np.arange(1, len(mk) + 1)
                order = rng.permutation(mk)
                chosen = rng.choice(order, len(stalls), p=popularity / popularity.sum())
                for row, m in zip(stalls.tolist(), chosen.tolist()):
                    markets[row] = ids[m]
        self.entity_ids, self.entity_types, self.entity_industry = ids, types, inds
        self.rows["entity"] = {"id": ids, "name": names, "type": types, "region_id": regions,
                               "industry_id": inds, "market_id": markets, "credit_code": codes}
        self.covered = np.zeros(len(ids), dtype=bool)
        self.cover_org: dict[int, str] = {}

    # -- organisations and coverage -------------------------------------------------
    def _org(self, u: _Unit, level: str, formation: str | None, name: str, covers) -> str:
        oid = f"O{len(self.rows['organisation']) + 1:05d}"
        self.unit_orgs.setdefault(u.region, []).append(oid)
        founded = AS_OF - dt.timedelta(days=int(self.rng.integers(30, 2000)))
        self.rows["organisation"].append({
            "id": oid, "name": name, "level": level, "formation": formation,
            "region_id": self.rng.choice(u.towns) if level != "committee" else u.region,
            "parent_id": u.committee or None, "founded": founded.isoformat()})
        for e in covers:
            self.rows["coverage"].append({"organisation_id": oid, "entity_id": self.entity_ids[e],
                                          "since": founded.isoformat()})
            self.covered[e] = True
            self.cover_org.setdefault(int(e), oid)
        return oid

    def _pick(self, pool: np.ndarray, n: int) -> np.ndarray:
        """``n`` entities of ``pool`` that nobody covers yet, at random."""
        free = pool[~self.covered[pool]]
        return self.rng.choice(free, n, replace=False)

    def organisations(self) -> None:
        f, rng = FIGURES, self.rng
        for u in self.units:                      # one 小个专 committee per unit: covers nothing
            u.committee = ""
            u.committee = self._org(u, "committee", None,
                                    f"中共{u.county.name}小个专非公经济组织委员会", [])
        self.small_orgs: dict[str, list[str]] = {u.region: [] for u in self.units}
        weights = {u.county.code: u.weight for u in self.units if u.county.code not in
                   (DINGAN, WENCHANG, LEDONG) and len(u.entities["small_micro"]) > 20}
        wc = f["wenchang"]
        per_unit = _allocate(f["small_type_organisations"] - f["dingan"]["branches"]
                             - wc["small_micro"]["organisations"] - wc["individual"]["organisations"]
                             - f["ledong"]["small_type_organisations"], weights)
        for u in self.units:
            code = u.county.code
            if code == DINGAN:
                self._dingan_branches(u)
            elif code == WENCHANG:
                for etype in ("small_micro", "individual"):
                    n = wc[etype]["organisations"]
                    for size in _split(n + 40, n, rng):
                        self._small_org(u, etype, size)
            elif code == LEDONG:
                for size in _split(30, f["ledong"]["small_type_organisations"], rng):
                    self._small_org(u, rng.choice(["small_micro", "individual"]), size)
            elif code in per_unit:
                for _ in range(per_unit[code]):
                    kind = str(rng.choice(["small_micro", "small_micro", "individual", "market"]))
                    self._small_org(u, kind, self._joint_size(u, kind))
        self._enterprise_orgs()

    def _joint_size(self, u: _Unit, kind: str) -> int:
        """How many entities a 小个专 organisation covers: one (its own branch) to a
        park's or a building's hundreds of small/micro enterprises, more where party
        building is more active; a market's branch covers its stalls."""
        rng = self.rng
        if kind == "small_micro":
            size = 1 if rng.random() < 0.2 else int(rng.integers(60, 500) * u.activity)
            free = int((~self.covered[u.entities["small_micro"]]).sum())
            return max(1, min(size, free // 3))
        if kind == "individual":
            return int(rng.integers(1, 30))
        return 10**6                       # a market: all its stalls

    def _small_org(self, u: _Unit, etype: str, size: int) -> None:
        if etype == "market" and len(u.entities["market"]):
            market = self._pick(u.entities["market"], 1)
            stalls = [i for i in u.entities["individual"]
                      if self.rows["entity"]["market_id"][i] == self.entity_ids[market[0]]
                      and not self.covered[i]][: size]
            covers = [int(market[0]), *stalls]
            name = f"中共{self.rows['entity']['name'][market[0]]}联合支部委员会"
            self.small_orgs[u.region].append(self._org(u, "branch", "regional", name, covers))
            return
        etype = "small_micro" if etype == "market" else etype
        covers = self._pick(u.entities[etype], size).tolist()
        if size == 1:
            name = f"中共{self.rows['entity']['name'][covers[0]]}支部委员会"
            oid = self._org(u, "branch", "standalone", name, covers)
        else:
            formation = self.rng.choice(["regional", "industry", "affiliated", "dispatched"])
            level = "general_branch" if size > 8 else "branch"
            name = f"中共{u.county.name}{'个体工商户' if etype == 'individual' else '小微企业'}联合支部委员会"
            oid = self._org(u, level, str(formation), name, covers)
        self.small_orgs[u.region].append(oid)

    def _dingan_branches(self, u: _Unit) -> None:
        """48 branches covering 158 small-type entities in at least 20 industries."""
        d, rng = FIGURES["dingan"], self.rng
        pool = np.concatenate([u.entities["small_micro"], u.entities["individual"]])
        industry = np.array(self.entity_industry)[pool]
        chosen = [int(rng.choice(pool[industry == ind])) for ind in
                  rng.choice(np.unique(industry), d["industries"], replace=False)]
        rest = np.setdiff1d(pool, chosen)
        chosen += rng.choice(rest, d["entities"] - len(chosen), replace=False).tolist()
        rng.shuffle(chosen)
        start = 0
        for size in _split(d["entities"], d["branches"], rng):
            covers = chosen[start:start + size]
            start += size
            name = (f"中共{self.rows['entity']['name'][covers[0]]}支部委员会" if size == 1
                    else f"中共定安县小个专第{len(self.small_orgs[u.region]) + 1}联合支部委员会")
            formation = "standalone" if size == 1 else "regional"
            self.small_orgs[u.region].append(self._org(u, "branch", formation, name, covers))

    def _enterprise_orgs(self) -> None:
        """The other organisations cover only enterprises (type ``enterprise``), so
        that exactly 29.1% of small/micro and other enterprises are covered."""
        f, rng = FIGURES, self.rng
        small_micro = np.array([t == "small_micro" for t in self.entity_types])
        base = f["small_micro"] + f["enterprise"]
        target = round(f["coverage_rate"] * base) - int((self.covered & small_micro).sum())
        n_orgs = f["organisations"] - len(self.rows["organisation"])
        weights = {u.region: len(u.entities["enterprise"]) for u in self.units
                   if len(u.entities["enterprise"])}
        orgs = _allocate(n_orgs, weights)
        # Only units that got an organisation can have covered enterprises; the more
        # active a unit, the more of its enterprises are covered.
        activity = {u.region: u.activity for u in self.units}
        covered = _allocate_capped(target, {k: w * activity[k] for k, w in weights.items()
                                            if orgs[k]}, weights)
        for u in self.units:
            k, n = orgs.get(u.region, 0), covered.get(u.region, 0)
            if not k:
                continue
            assert k <= n <= len(u.entities["enterprise"]), (u.region, k, n)
            standalone = int(k * 0.7)
            sizes = [1] * standalone + _split(n - standalone, k - standalone, rng)
            pool = self._pick(u.entities["enterprise"], n)
            start = 0
            for size in sizes:
                covers = pool[start:start + size].tolist()
                start += size
                if size == 1:
                    level = "committee" if rng.random() < 0.03 else \
                        ("general_branch" if rng.random() < 0.15 else "branch")
                    self._org(u, level, "standalone",
                              f"中共{self.rows['entity']['name'][covers[0]]}委员会", covers)
                else:
                    formation = str(rng.choice(["regional", "industry"]))
                    self._org(u, "general_branch" if size > 20 else "branch", formation,
                              f"中共{u.county.name}非公企业{'行业' if formation == 'industry' else '区域'}"
                              f"联合支部委员会", covers)

    # -- members --------------------------------------------------------------------
    CHANNELS = ("registration", "annual_report", "supervision", "phone", "visit", "referral")

    def _members(self, u: _Unit, n: int, *, employers, flags: dict[str, np.ndarray] | None = None,
                 found: float = 0.55, org_life: np.ndarray | None = None, as_of=AS_OF,
                 ethnicity: list[str] | None = None) -> list[dict]:
        """``n`` member rows located in ``u``; ``flags`` and ``org_life`` (booleans)
        fix exact counts where the document gives them, else they are drawn."""
        rng = self.rng
        flags = flags or {}
        for name, rate in (("floating", 0.10), ("pocket", 0.03), ("hidden", 0.02),
                           ("lost_contact", 0.02)):
            if name not in flags:
                flags[name] = rng.random(n) < rate
        if org_life is None:
            org_life = rng.random(n) < 0.7
        if ethnicity is None:
            shares = {"黎族": max(u.county.li, MIGRANT_LI),
                      **OTHER_ETHNICITIES.get(u.county.code, {})}
            draw = rng.random(n)
            ethnicity = ["汉族"] * n
            low = 0.0
            for name, share in shares.items():
                hit = np.flatnonzero((draw >= low) & (draw < low + share))
                for i in hit.tolist():
                    ethnicity[i] = name
                low += share
        names = person_names(rng, n, u.county.li)
        born = [f"{y}{m:02d}{d:02d}" for y, m, d in zip(rng.integers(1950, 1996, n).tolist(),
                                                       rng.integers(1, 13, n).tolist(),
                                                       rng.integers(1, 29, n).tolist())]
        numbers = id_numbers(rng, [u.county.code or "460400"] * n, born)
        channel = rng.choice(self.CHANNELS, n).tolist()
        has_channel = rng.random(n) < found
        recent = [as_of - dt.timedelta(days=int(x)) for x in rng.integers(0, WINDOW_DAYS - 1, n)]
        older = [as_of - dt.timedelta(days=int(x)) for x in rng.integers(WINDOW_DAYS, 500, n)]
        rows: list[dict[str, Any]] = []
        for i in range(n):
            base = len(self.rows["member"]) + len(rows) + 1
            life = recent[i] if org_life[i] else (older[i] if rng.random() < 0.6 else None)
            rows.append({
                "id": f"M{base:06d}", "name": names[i], "region_id": str(rng.choice(u.towns)),
                "employer_id": self.entity_ids[employers[i]] if employers[i] >= 0 else None,
                "ethnicity": ethnicity[i],
                **{k: bool(v[i]) for k, v in flags.items()},
                "found_via": channel[i] if has_channel[i] else None,
                "last_org_life": life.isoformat() if life else None,
                "id_number": numbers[i] if rng.random() < 0.9 else None,
            })
        self.rows["member"] += rows
        return rows

    def _exact(self, n: int, k: int) -> np.ndarray:
        """A boolean array of length ``n`` with exactly ``k`` True, at random places."""
        out = np.zeros(n, dtype=bool)
        out[self.rng.choice(n, k, replace=False)] = True
        return out

    def _join(self, member: dict, org: str | None, role: str = "member") -> None:
        if org is not None:
            self.rows["memberships"].append({"member_id": member["id"], "organisation_id": org,
                                             "role": role, "since": None})

    def members(self) -> None:
        f, rng = FIGURES, self.rng
        by_code = {u.county.code: u for u in self.units}
        # Ding'an: 333 members of its 48 branches, working where their branch covers.
        da = by_code[DINGAN]
        sizes = _split(f["dingan"]["members"], f["dingan"]["branches"], rng, minimum=3)
        branch_entities: dict[str, list[str]] = {}
        for row in self.rows["coverage"]:
            branch_entities.setdefault(row["organisation_id"], []).append(row["entity_id"])
        index = {e: i for i, e in enumerate(self.entity_ids)}
        for org, size in zip(self.small_orgs[da.region], sizes):
            works = [index[e] for e in branch_entities[org]]
            employers = rng.choice(works, size).tolist()
            for k, m in enumerate(self._members(da, size, employers=employers)):
                self._join(m, org, "secretary" if k == 0 else "member")
        # Wenchang: members employed by small/micro enterprises and by individual businesses.
        wc = by_code[WENCHANG]
        for etype in ("small_micro", "individual"):
            spec = f["wenchang"][etype]
            n = spec["members"]
            pool = wc.entities[etype]
            covered = pool[self.covered[pool]]
            employers = np.where(rng.random(n) < 0.6, rng.choice(covered, n), rng.choice(pool, n))
            flags = {k: self._exact(n, spec[k]) for k in ("pocket", "floating", "lost_contact")}
            rows = self._members(wc, n, employers=employers.tolist(), flags=flags,
                                 org_life=self._exact(n, spec["org_life"]), as_of=WENCHANG_AS_OF)
            for m, e in zip(rows, employers.tolist()):
                if self.covered[e] and not m["pocket"] and rng.random() < 0.8:
                    self._join(m, self.cover_org[e])
        # Ledong: the 282 members found in half a month, 41 of them Li, 136 floating,
        # pocket or hidden; exactly 10 uncovered entities employ 3 or more of them.
        self._ledong(by_code[LEDONG])
        # Everyone else, in proportion to the units' weights (Ledong has only its 282).
        others = {u.county.code: u.weight * u.density for u in self.units
                  if u.county.code != LEDONG}
        left = f["members"] - len(self.rows["member"])
        for code, n in _allocate(left, others).items():
            self._ordinary_members(by_code[code], n)

    def _ledong(self, u: _Unit) -> None:
        spec, rng = FIGURES["ledong"], self.rng
        n = spec["found"]
        uncovered = np.concatenate([u.entities[t] for t in ("small_micro", "individual", "market")])
        uncovered = uncovered[~self.covered[uncovered]]
        candidates = rng.choice(uncovered, spec["candidates"], replace=False)
        employers: list[int] = []
        for c in candidates.tolist():
            employers += [c] * int(rng.integers(3, 7))
        covered = np.concatenate([u.entities[t] for t in u.entities])
        covered = covered[self.covered[covered]]
        employers += rng.choice(covered, 90).tolist()
        others = rng.choice(np.setdiff1d(uncovered, candidates), 60, replace=False)
        employers += others.tolist() + rng.choice(others, 40, replace=False).tolist()  # <= 2 each
        employers += [-1] * (n - len(employers))
        unrevealed = self._exact(n, spec["floating_pocket_or_hidden"])
        kind = rng.choice(["floating", "pocket", "hidden"], n, p=[0.6, 0.25, 0.15])
        flags = {k: unrevealed & (kind == k) for k in ("floating", "pocket", "hidden")}
        flags["lost_contact"] = np.zeros(n, dtype=bool)
        li = self._exact(n, spec["li"])
        rows = self._members(u, n, employers=employers, flags=flags, found=1.0,
                             ethnicity=["黎族" if x else "汉族" for x in li.tolist()])
        for m, e in zip(rows, employers):
            if e >= 0 and self.covered[e] and rng.random() < 0.7:
                self._join(m, self.cover_org[e])

    def _ordinary_members(self, u: _Unit, n: int) -> None:
        """Members of a unit without figures of its own: mostly in enterprises."""
        rng = self.rng
        enterprises = u.entities["enterprise"]
        small = np.concatenate([u.entities["small_micro"], u.entities["individual"]])
        if u.county.code in (DINGAN, WENCHANG):
            small = small[:0]   # their small-type figures are exact: keep others out
        pick = rng.random(n)
        employers = np.full(n, -1)
        if len(enterprises):
            employers = np.where(pick < 0.8, rng.choice(enterprises, n), employers)
        if len(small):
            employers = np.where((pick >= 0.8) & (pick < 0.9), rng.choice(small, n), employers)
        rows = self._members(u, n, employers=employers.tolist())
        orgs = [o for o in self.unit_orgs.get(u.region, ()) if o not in self.small_orgs[u.region]]
        for m, e in zip(rows, employers.tolist()):
            if e >= 0 and self.covered[e] and rng.random() < 0.85:
                self._join(m, self.cover_org[e])
                if rng.random() < 0.01 and orgs:          # a few belong to two organisations
                    other = str(rng.choice(orgs))
                    if other != self.cover_org[e]:
                        self._join(m, other)
            elif orgs and rng.random() < 0.3:
                self._join(m, str(rng.choice(orgs)))

    # -- stations, registrations, instructors, guidance -------------------------------
    def stations(self) -> None:
        rng, wc = self.rng, FIGURES["wenchang"]
        for u in self.units:
            if u.county.code == WENCHANG:
                counts = (wc["liaison_stations"], wc["consultation_desks"])
            else:
                n = max(1, round(u.weight)) if u.weight >= 0.5 else 0
                counts = (n, max(0, n - 1))
            for kind, count, label in zip(("liaison_station", "consultation_desk"), counts,
                                          ("流动党员联络站", "党建咨询台")):
                for k in range(count):
                    at = k % len(u.towns)
                    self.rows["station"].append({
                        "id": f"S-{u.towns[at]}-{kind[0].upper()}{k // len(u.towns) + 1}",
                        "name": f"{u.county.name}{u.town_names[at]}{label}", "kind": kind,
                        "region_id": u.towns[at], "agency_id": u.offices[at]})
        liaison: dict[str, list[str]] = {}
        for s in self.rows["station"]:
            if s["kind"] == "liaison_station":
                liaison.setdefault(s["region_id"][:6], []).append(s["id"])
        for m in self.rows["member"]:
            nearby = liaison.get(m["region_id"][:6])
            if nearby and m["floating"] and rng.random() < 0.6:
                self.rows["registrations"].append({
                    "member_id": m["id"], "station_id": str(rng.choice(nearby)),
                    "since": (AS_OF - dt.timedelta(days=int(rng.integers(0, 300)))).isoformat()})

    def instructors(self) -> None:
        """242 trained instructors, each guiding 1-3 organisations that cover
        small-type entities in their own county; 62 were trained at the provincial
        course, the others at one of 42 county sessions."""
        f, rng = FIGURES, self.rng
        units = [u for u in self.units if self.small_orgs[u.region]]
        per_unit = _allocate(f["instructors"], {u.region: len(self.small_orgs[u.region]) for u in units})
        provincial = dt.date(2015, 11, 20)
        sessions = sorted(dt.date(2015, 12, 1) + dt.timedelta(days=int(d))
                          for d in rng.choice(150, f["county_training_sessions"], replace=False))
        n_total = 0
        for u in units:
            n = per_unit[u.region]
            names = person_names(rng, n, u.county.li)
            for k in range(n):
                n_total += 1
                iid = f"N{n_total:04d}"
                trained = provincial if n_total <= f["instructors_trained_at_province"] \
                    else sessions[n_total % len(sessions)]
                agency = u.bureau if rng.random() < 0.4 else str(rng.choice(u.offices))
                self.rows["instructor"].append({"id": iid, "name": names[k], "agency_id": agency,
                                                "trained_on": trained.isoformat()})
                orgs = self.small_orgs[u.region]
                for org in rng.choice(orgs, min(len(orgs), int(rng.integers(1, 4))), replace=False):
                    self.rows["guidance"].append({"instructor_id": iid, "organisation_id": str(org),
                                                  "since": trained.isoformat()})

    # -- output ---------------------------------------------------------------------
    def write(self, out: Path) -> None:
        make_private_dir(out)  # the rows hold names and ID numbers: the owner's only
        files = {k.name: (k.file, list(k.model.model_fields)) for k in NODE_KINDS}
        files |= {f.name: (f.file, list(f.model.model_fields)) for f in LINK_FILES}
        for name, (file, columns) in files.items():
            rows = self.rows[name]
            with private_text(out / file) as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(columns)
                if isinstance(rows, dict):         # entities: kept as columns, for speed
                    writer.writerows(zip(*(rows[c] for c in columns)))
                else:
                    writer.writerows([_cell(r.get(c)) for c in columns] for r in rows)
        # The date the figures describe: the report's organisational life counts up to it.
        write_private(out / DATASET_FILE, json.dumps({"as_of": AS_OF.isoformat()}) + "\n")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generate(out: str | Path, seed: int = DEFAULT_SEED, *,
             progress: Callable[[str, int, int], None] | None = None) -> Path:
    """Write the Hainan 2016 province dataset into the directory ``out``.

    Deterministic for a given ``seed``; the document's figures hold for every seed.
    ``progress(step, done, total)`` is called as each part is made.
    """
    province = _Province(seed)
    steps = [province.regions, province.industries, province.agencies, province.entities,
             province.organisations, province.members, province.stations,
             province.instructors, lambda: province.write(Path(out))]
    for done, step in enumerate(steps):
        if progress:
            progress("generating hainan-2016", done, len(steps))
        step()
    if progress:
        progress("generating hainan-2016", len(steps), len(steps))
    return Path(out)

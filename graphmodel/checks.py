"""Record checks: records that load but look wrong, each with a rule and a reason.

A dataset that passes validation can still hold false records: one town office in
Wenchang removed 19 of 50 it checked. :func:`check` lists the suspicious ones, by
the rules of :data:`RULES` (their codes are what the ``rule`` column holds):

* a person twice, an ID number whose region part or birth date cannot be right;
* a member employed in another county without being floating, or in an
  organisation of a third county;
* organisations with nothing to do, branches below the party's minimum of 3 full
  members, coverage across a county line;
* stations nobody registered at, instructors who guide nothing.

Nothing here is an error: the dataset loads, and the rows are for a person to look
at. ID numbers are never shown: the store keeps only their mask, a keyed hash, the
province part of the region code, the birth year and a keyed hash of the birth date
(see :data:`graphmodel.model.schema.PERSONAL_DERIVED_SUFFIXES`); a reason names the member
ids of a duplicate, never a number.

``check`` is a function of its own, not a question of the catalogue: questions
answer the same on Neo4j through a Cypher file each, and these rules need the parts
of the ID number the store keeps for them (which Cypher users should not be led to
query) and some ten rules' worth of one pass over the arrays.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from .questions import arguments
from .errors import ArgumentError
from .model.graph import Graph
from .backends.embedded.tree import ancestor_at, region_subtree, resolve_region
from .model.schema import RegionLevel, StationKind
from .model.table import Rows, Table

__all__ = ["check", "Rule", "RULES", "CHECK_COLUMNS", "PROVINCE_CODES", "PROBATIONARY_ROLES",
           "FULL_MEMBERS_MIN", "MIN_AGE", "MAX_AGE", "rules_table"]


@dataclass(frozen=True)
class Rule:
    """One check: its code (the ``rule`` column), the kind of record it flags, and
    what it flags."""

    code: str
    kind: str
    what: str


#: Every rule, in the order the rows come in.
RULES: tuple[Rule, ...] = (
    Rule("duplicate-person", "member",
         "the same person as a member of a smaller id: the same ID number (its keyed hash), "
         "or the same name, birth date (from the ID number) and county; every member of "
         "such a group but the first by id is listed"),
    Rule("id-region", "member",
         "an ID number whose region part is no GB/T 2260 code: its first two digits are "
         "no province-level code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82)"),
    Rule("id-birth-date", "member",
         "an ID number whose birth date (digits 7-14) is no real day"),
    Rule("id-age", "member",
         "an ID number whose birth year makes the member younger than 18 or older than 110 "
         "at the as-of date (certainly so: the store keeps only the birth year)"),
    Rule("employer-other-county", "member",
         "a member employed by an entity in another county who is not flagged floating"),
    Rule("org-other-county", "member",
         "a member of an organisation in another county than both the member's and the "
         "employer's (or the member's, without an employer); one row per such organisation"),
    Rule("org-empty", "organisation",
         "an organisation that covers no entity, has no members and no organisations "
         "under it"),
    Rule("branch-small", "organisation",
         "a branch with fewer than 3 full members (party rules); a membership of role "
         "probationary (预备党员) does not count"),
    Rule("coverage-other-county", "entity",
         "an entity covered by an organisation located in another county (allowed, "
         "reported); one row per such organisation"),
    Rule("station-unused", "station", "a liaison station no member is registered at"),
    Rule("instructor-idle", "instructor", "an instructor who guides no organisation"),
)

_ORDER = {r.code: i for i, r in enumerate(RULES)}

#: The columns of :func:`check`'s rows.
CHECK_COLUMNS = ("rule", "kind", "id", "name", "region_id", "reason")

#: The province-level codes of GB/T 2260 (the first two digits of every code of the
#: standard, so of every ID number's region part): 31 provinces, Taiwan, Hong Kong and
#: Macao. graphmodel ships no national table of county codes, and the store keeps no
#: more of a number's region part than these two digits (see the module docstring).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split())

#: Membership roles that are not full membership (a probationary member, 预备党员).
PROBATIONARY_ROLES = frozenset({"probationary", "预备党员"})

#: Full members a branch needs (party rules).
FULL_MEMBERS_MIN = 3
#: The youngest a member may be (full age), and the oldest that is believable.
MIN_AGE, MAX_AGE = 18, 110

_SHOWN_OTHERS = 3  # a reason names at most this many other members of a group


def check(G: Graph, *, as_of: _dt.date | str | None = None, region: str | None = None) -> Rows:
    """Suspicious records of ``G``, one row per record and rule that flags it.

    Parameters
    ----------
    G : Graph
        A graph from :func:`graphmodel.read_dataset` or :func:`graphmodel.open_store`.
    as_of : datetime.date or str, optional
        The date ages are taken at; default: the dataset's date, else today.
    region : str, optional
        Only records located in this region and below it (an instructor: where
        their agency is): its id, exact name or GB/T 2260 code.

    Returns
    -------
    Rows
        Columns :data:`CHECK_COLUMNS`: ``rule`` (a code of :data:`RULES`), ``kind``
        (member, organisation, entity, station, instructor), ``id``, ``name``,
        ``region_id`` and ``reason``; in the order of :data:`RULES`, then by id.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["rule"], r["id"]) for r in check(G)]  # doctest: +NORMALIZE_WHITESPACE
    [('branch-small', 'O03'), ('branch-small', 'O04'), ('branch-small', 'O05'),
     ('station-unused', 'S04')]
    """
    if not isinstance(G, Graph):
        raise ArgumentError(f"check answers from a graphmodel.Graph (read_dataset or open_store), "
                            f"got {type(G).__name__}")
    day = arguments.as_of_date(as_of, "as_of")
    if day is None:
        day = G.meta.get("as_of") or _dt.date.today()
    region_id = None
    if region is not None:
        region_id = resolve_region(G, arguments.identifier(region, "region"))
    found = _Checks(G, day).run()
    if region_id is not None:
        found = _in_region(G, found, region_subtree(G, region_id))
    return _rows(G, found)


# --- the rules ---------------------------------------------------------------------


@dataclass
class _Found:
    """What one rule flagged: the rows of one node kind, and a reason each."""

    rule: str
    kind: str
    rows: np.ndarray
    reasons: list[str]


class _Checks:
    """Every rule over the graph's arrays, sharing the county of every record."""

    def __init__(self, G: Graph, as_of: _dt.date):
        self.G, self.as_of = G, as_of
        self.county = ancestor_at(G, RegionLevel.county.value)
        self.region_names = G.column("region", "name").tolist()

    def run(self) -> list[_Found]:
        out: list[_Found] = []
        for method in (self.duplicates, self.id_numbers, self.counties, self.organisations,
                       self.cross_coverage, self.idle):
            out += [f for f in method() if len(f.rows)]
        return out

    # -- helpers -------------------------------------------------------------------
    def county_of(self, kind: str) -> np.ndarray:
        """The county row of every record of ``kind`` (-1: none, or above county)."""
        region = self.G.column(kind, "region_id")
        return np.where(region >= 0, self.county[np.maximum(region, 0)], -1)

    def place(self, county: int) -> str:
        return self.region_names[county] if county >= 0 else "no county"

    def optional(self, kind: str, name: str) -> np.ndarray | None:
        """A column a store of an older version may lack (the ID number's parts)."""
        return self.G.column(kind, name) if name in self.G.columns[kind] else None

    # -- duplicate-person ----------------------------------------------------------
    def duplicates(self) -> list[_Found]:
        G = self.G
        ids = G.ids("member")
        number = self.optional("member", "id_number_hash")
        birth = self.optional("member", "id_number_birth_hash")
        if number is None:
            return []
        # Groups by the keyed hash of the number; then by name, birth date and county.
        flagged: dict[int, str] = {}
        for members in _groups(ids, number, number != ""):
            for later in members[1:]:
                flagged[later] = f"same ID number as {_listed(ids, members, later)}"
        if birth is not None:
            county = self.county_of("member")
            key = np.char.add(np.char.add(G.column("member", "name"), "\x1f"),
                              np.char.add(birth, county.astype(str)))
            for members in _groups(ids, key, (birth != "") & (county >= 0)):
                for later in members[1:]:
                    if later not in flagged:  # the same number says it already
                        flagged[later] = (
                            f"same name, birth date and county ({self.place(int(county[later]))}) "
                            f"as {_listed(ids, members, later)}")
        rows = np.array(sorted(flagged), dtype=np.int64)
        return [_Found("duplicate-person", "member", rows, [flagged[r] for r in rows.tolist()])]

    # -- id-region, id-birth-date, id-age ------------------------------------------
    def id_numbers(self) -> list[_Found]:
        number = self.optional("member", "id_number_hash")
        province = self.optional("member", "id_number_province")
        year = self.optional("member", "id_number_birth_year")
        birth = self.optional("member", "id_number_birth_hash")
        if number is None or province is None or year is None or birth is None:
            return []
        has = number != ""
        out = []
        bad_region = has & ~np.isin(province, sorted(PROVINCE_CODES))
        rows = np.flatnonzero(bad_region)
        out.append(_Found("id-region", "member", rows, [
            f"the ID number's region part starts {p}: no province-level GB/T 2260 code"
            for p in province[rows].tolist()]))
        no_day = has & (birth == "")
        rows = np.flatnonzero(no_day)
        out.append(_Found("id-birth-date", "member", rows,
                          ["the ID number's birth date is no real day"] * len(rows)))
        born_year = np.zeros(len(year), dtype=np.int64)
        dated = has & ~no_day                           # four digits, a real day
        born_year[dated] = year[dated].astype(np.int64)
        oldest_age = self.as_of.year - born_year      # if the birthday has passed
        young = dated & (oldest_age < MIN_AGE)
        old = dated & (oldest_age - 1 > MAX_AGE)
        rows = np.flatnonzero(young | old)
        out.append(_Found("id-age", "member", rows, [
            f"born in {y} by the ID number: " + (
                f"younger than {MIN_AGE}" if y_young else f"older than {MAX_AGE}")
            + f" on {self.as_of.isoformat()}"
            for y, y_young in zip(born_year[rows].tolist(), young[rows].tolist())]))
        return out

    # -- employer-other-county, org-other-county -----------------------------------
    def counties(self) -> list[_Found]:
        G = self.G
        home = self.county_of("member")
        employer = G.column("member", "employer_id")
        entity_county = self.county_of("entity")
        work = np.where(employer >= 0, entity_county[np.maximum(employer, 0)], -1) \
            if len(entity_county) else np.full(len(employer), -1)
        away = (employer >= 0) & (home >= 0) & (work >= 0) & (home != work) & \
            ~G.column("member", "floating")
        rows = np.flatnonzero(away)
        entity_ids = G.ids("entity")
        out = [_Found("employer-other-county", "member", rows, [
            f"employed by {entity_ids[employer[r]]} in {self.place(int(work[r]))}, located in "
            f"{self.place(int(home[r]))}, not flagged floating" for r in rows.tolist()])]
        member, org = G.array("memberships/source"), G.array("memberships/target")
        org_county = self.county_of("organisation")[org]
        third = (org_county >= 0) & (home[member] >= 0) & (org_county != home[member]) & \
            (org_county != work[member])
        at = np.flatnonzero(third)
        order = np.lexsort((G.ids("organisation")[org[at]], G.ids("member")[member[at]]))
        at = at[order]
        org_ids = G.ids("organisation")
        out.append(_Found("org-other-county", "member", member[at], [
            f"member of {org_ids[org[i]]} in {self.place(int(org_county[i]))}; located in "
            f"{self.place(int(home[member[i]]))}"
            + (f", employed in {self.place(int(work[member[i]]))}"
               if employer[member[i]] >= 0 else ", no employer")
            for i in at.tolist()]))
        return out

    # -- org-empty, branch-small ---------------------------------------------------
    def organisations(self) -> list[_Found]:
        G = self.G
        n = G.count("organisation")
        covers = np.bincount(G.array("coverage/source"), minlength=n)
        org = G.array("memberships/target")
        members = np.bincount(org, minlength=n)
        parent = G.column("organisation", "parent_id")
        children = np.bincount(parent[parent >= 0], minlength=n)
        rows = np.flatnonzero((covers == 0) & (members == 0) & (children == 0))
        out = [_Found("org-empty", "organisation", rows,
                      ["covers no entity, has no members and no organisations under it"]
                      * len(rows))]
        role = G.column("memberships", "role") if "role" in G.columns["memberships"] \
            else np.full(len(org), "")
        full = np.bincount(org[~np.isin(role, sorted(PROBATIONARY_ROLES))], minlength=n)
        small = (G.column("organisation", "level") == "branch") & (full < FULL_MEMBERS_MIN)
        rows = np.flatnonzero(small)
        out.append(_Found("branch-small", "organisation", rows, [
            f"a branch with {k} full member{'' if k == 1 else 's'}; party rules need "
            f"{FULL_MEMBERS_MIN}" for k in full[rows].tolist()]))
        return out

    # -- coverage-other-county -----------------------------------------------------
    def cross_coverage(self) -> list[_Found]:
        G = self.G
        org, entity = G.array("coverage/source"), G.array("coverage/target")
        org_county = self.county_of("organisation")[org]
        entity_county = self.county_of("entity")[entity]
        at = np.flatnonzero((org_county >= 0) & (entity_county >= 0)
                            & (org_county != entity_county))
        at = at[np.lexsort((G.ids("organisation")[org[at]], G.ids("entity")[entity[at]]))]
        org_ids = G.ids("organisation")
        return [_Found("coverage-other-county", "entity", entity[at], [
            f"covered by {org_ids[org[i]]}, located in {self.place(int(org_county[i]))}; the "
            f"entity lies in {self.place(int(entity_county[i]))}" for i in at.tolist()])]

    # -- station-unused, instructor-idle -------------------------------------------
    def idle(self) -> list[_Found]:
        G = self.G
        registered = np.bincount(G.array("registrations/target"),
                                 minlength=G.count("station"))
        liaison = G.column("station", "kind") == StationKind.liaison_station.value
        rows = np.flatnonzero(liaison & (registered == 0))
        out = [_Found("station-unused", "station", rows,
                      ["a liaison station no member is registered at"] * len(rows))]
        guides = np.bincount(G.array("guidance/source"), minlength=G.count("instructor"))
        rows = np.flatnonzero(guides == 0)
        out.append(_Found("instructor-idle", "instructor", rows,
                          ["guides no organisation"] * len(rows)))
        return out


def _groups(ids: np.ndarray, key: np.ndarray, usable: np.ndarray) -> Iterator[list[int]]:
    """Rows sharing a ``key`` (among the ``usable`` ones), two or more, each group's
    rows sorted by id; one sort for all of them."""
    rows = np.flatnonzero(usable)
    if len(rows) < 2:
        return
    order = np.lexsort((ids[rows], key[rows]))
    rows, keys = rows[order], key[rows[order]]
    start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[start, len(rows)])
    for s, size in zip(start[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
        yield rows[s:s + size].tolist()


def _listed(ids: np.ndarray, members: list[int], this: int) -> str:
    others = [str(ids[m]) for m in members if m != this]
    shown = ", ".join(others[:_SHOWN_OTHERS])
    return shown + (f" and {len(others) - _SHOWN_OTHERS} more" if len(others) > _SHOWN_OTHERS
                    else "")


# --- output ------------------------------------------------------------------------


def _places(G: Graph, kind: str) -> np.ndarray:
    """The region row of every record of ``kind``: an instructor's is their agency's."""
    if kind == "instructor":
        agency = G.column("instructor", "agency_id")
        agency_region = G.column("agency", "region_id")
        return np.where(agency >= 0, agency_region[np.maximum(agency, 0)], -1) \
            if len(agency_region) else np.full(len(agency), -1)
    return G.column(kind, "region_id")


def _in_region(G: Graph, found: list[_Found], regions: np.ndarray) -> list[_Found]:
    inside = np.zeros(G.count("region"), dtype=bool)
    inside[regions] = True
    out = []
    for f in found:
        place = _places(G, f.kind)[f.rows]
        keep = (place >= 0) & inside[np.maximum(place, 0)]
        out.append(_Found(f.rule, f.kind, f.rows[keep],
                          [r for r, k in zip(f.reasons, keep.tolist()) if k]))
    return out


def _rows(G: Graph, found: list[_Found]) -> Rows:
    columns: dict[str, list[Any]] = {c: [] for c in CHECK_COLUMNS}
    region_ids = G.ids("region")
    for f in sorted(found, key=lambda f: _ORDER[f.rule]):
        ids = G.ids(f.kind)[f.rows]
        order = np.argsort(ids, kind="stable")       # by id; a record's rows keep order
        rows = f.rows[order]
        place = _places(G, f.kind)[rows]
        columns["rule"] += [f.rule] * len(rows)
        columns["kind"] += [f.kind] * len(rows)
        columns["id"] += ids[order].tolist()
        columns["name"] += [n or None for n in G.column(f.kind, "name")[rows].tolist()]
        columns["region_id"] += [str(region_ids[p]) if p >= 0 else None
                                 for p in place.tolist()]
        columns["reason"] += [f.reasons[i] for i in order.tolist()]
    return Table(columns).rows()


def rules_table() -> str:
    """The README's table of rules, in Markdown.

    >>> rules_table().splitlines()[2].split(" | ")[:2]
    ['| `duplicate-person`', 'member']
    """
    lines = ["| rule | record | what it flags |", "| --- | --- | --- |"]
    lines += [f"| `{r.code}` | {r.kind} | {r.what} |" for r in RULES]
    return "\n".join(lines)

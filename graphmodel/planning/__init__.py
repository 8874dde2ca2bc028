"""From gaps to a work plan: formation, stations and instructors, with the effect.

:func:`plan` asks the questions of the catalogue (``uncovered``, ``organisations``,
``members``, ``station_list``, ``instructors``, ``regions`` and ``report_by`` or
``coverage``) on the source it is given, and computes the proposals from their rows
alone, so the plan is the same from the embedded store and from Neo4j. It reads
only: the store is never changed. The rules are in :mod:`.formation` and
:mod:`.assign`, the before/after table in :mod:`.effect`, the hand-off files in
:mod:`.files`.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..questions import arguments
from ..questions.backend import backend_for
from ..questions.breakdowns import coverage, report_by
from ..questions.gaps import uncovered
from ..questions.people import instructors, members, organisations, station_list
from ..questions.reference import regions
from ..errors import ArgumentError
from ..model.table import Rows
from .assign import assign_instructors, assign_stations, median_load
from .effect import SUMMARY_COLUMNS, summarise, total_row
from .files import PLAN_FILES, write_files
from .formation import FORMATION_COLUMNS, propose_formations
from .places import Places

__all__ = ["plan", "Plan", "BY_CHOICES", "DEFAULT_STATION_THRESHOLD", "FORMATION_COLUMNS",
           "SUMMARY_COLUMNS", "PLAN_FILES", "total_row"]

#: What ``by`` may group the summary by.
BY_CHOICES = ("city", "county", "town", "type")
#: Unregistered floating members in a town that justify a station of its own.
DEFAULT_STATION_THRESHOLD = 5


@dataclass(frozen=True)
class Plan:
    """A work plan: every part as :class:`~graphmodel.Rows`, sorted by id.

    ``formations`` has one row per uncovered entity employing a member;
    ``organisations`` the branches to found (``entities``: the ids each covers);
    ``coverage`` and ``memberships`` the links they need; ``stations`` the liaison
    stations to open; ``registrations`` where each unregistered floating member
    goes; ``guidance`` which instructor guides each unguided organisation; ``needs``
    the county-level units with unguided organisations and no instructor;
    ``summary`` the effect, one row per region of level ``by`` (or per type).
    """

    formations: Rows
    organisations: Rows
    coverage: Rows
    memberships: Rows
    stations: Rows
    registrations: Rows
    guidance: Rows
    needs: Rows
    summary: Rows
    region: str | None
    types: list[str] | None
    as_of: _dt.date
    by: str
    station_threshold: int
    max_load: float
    #: The prefix of every proposed id: no existing organisation or station id has it.
    prefix: str

    def total(self) -> dict[str, Any]:
        """The summary's sums (rates from the sums)."""
        return total_row(self.summary)

    def write(self, out: str | Path) -> list[Path]:
        """Write the proposals as dataset files in the folder ``out`` (see
        :mod:`graphmodel.planning.files`); refuses if any is already there."""
        return write_files({
            "organisation": self.organisations, "coverage": self.coverage,
            "memberships": self.memberships, "station": self.stations,
            "registrations": self.registrations, "guidance": self.guidance}, out)


def plan(G: Any, region: str | None = None, types: str | Iterable[str] | None = None,
         as_of: _dt.date | str | None = None, *, station_threshold: int = DEFAULT_STATION_THRESHOLD,
         max_load: float | None = None, by: str = "county") -> Plan:
    """A work plan for the region subtree ``region`` (all when None).

    Parameters
    ----------
    G : Graph or Neo4jDatabase
        The data to plan from: the embedded store, or a Neo4j database.
    region : str, optional
        Only this region and every region below it: its id, exact name or code.
    types : str or list of str, optional
        Only entities of these types get a formation (and count in the summary).
    as_of : datetime.date or str, optional
        The report's date (default: the dataset's, else today).
    station_threshold : int, optional
        Unregistered floating members a town needs for a new liaison station.
    max_load : float, optional
        Organisations per instructor that a unit without instructors is staffed
        for (default: the current median load, at least 1).
    by : str, optional
        The summary's rows: city, county, town or type.

    Returns
    -------
    Plan

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> p = graphmodel.plan(G)
    >>> [(r["entity_id"], r["formation"], r["organisation_id"]) for r in p.formations]
    [('E02', 'affiliated', 'O03'), ('E03', 'affiliated', 'O02'), ('E07', 'affiliated', 'O05')]
    >>> [(r["name"], r["covered_before"], r["covered_after"]) for r in p.summary]
    [('定安县', 2, 4), ('吉阳区', 4, 5)]
    """
    region = arguments.identifier(region, "region")
    scope_types = arguments.entity_types(types, "types")
    as_of = arguments.as_of_date(as_of, "as_of")
    station_threshold = _threshold(station_threshold)
    if not isinstance(by, str) or by not in BY_CHOICES:
        raise ArgumentError(f"by: expected one of {', '.join(BY_CHOICES)}, got {by!r:.40}")
    engine = backend_for(G)
    region = engine.resolve_region(region)
    if as_of is None:
        as_of = engine.dataset_as_of() or _dt.date.today()

    places = Places(regions(G))
    existing = organisations(G)
    liaison = station_list(G, kind="liaison_station")
    everyone = members(G)
    guides = instructors(G)
    load = median_load(guides) if max_load is None else _max_load(max_load)
    prefix = _free_prefix([o["id"] for o in existing] + [s["id"] for s in station_list(G)])

    def in_scope(where: str | None) -> bool:
        return where is not None and (region is None or region in places.chain(where))

    formed = propose_formations(uncovered(G, region=region, types=scope_types, min_members=1),
                                existing, places, prefix)
    org_of = {f["entity_id"]: f["organisation_id"] for f in formed.rows}
    memberships: list[dict[str, Any]] = []
    gaining: dict[str, int] = {}
    for m in everyone:
        oid = org_of.get(m["employer_id"]) if m["employer_id"] is not None else None
        if oid is not None and not m["organisations"]:
            memberships.append({"member_id": m["id"], "organisation_id": oid,
                                "member_name": m["name"], "employer_id": m["employer_id"]})
            gaining[m["employer_id"]] = gaining.get(m["employer_id"], 0) + 1
    new_stations, registrations = assign_stations(
        [m for m in everyone if m["floating"] and not m["registered_at"]
         and in_scope(m["region_id"])], liaison, places, station_threshold, prefix)
    unguided = [o for o in existing if o["instructors"] == 0 and in_scope(o["region_id"])]
    guidance, needs = assign_instructors(unguided + formed.organisations, guides, places, load)
    if by == "type":
        before = coverage(G, by="type", region=region, types=scope_types)
    else:
        before = report_by(G, by=by, region=region, types=scope_types, as_of=as_of)
    summary = summarise(by, before, places, formations=formed.rows,
                        organisations=formed.organisations, gaining=gaining,
                        stations=new_stations, registrations=registrations,
                        guidance=guidance, needs=needs)
    return Plan(
        formations=Rows(formed.rows, FORMATION_COLUMNS),
        organisations=Rows(formed.organisations, ("id", "name", "level", "formation",
                                                  "region_id", "entities")),
        coverage=Rows(sorted(({"organisation_id": o, "entity_id": e}
                              for e, o in org_of.items() if o is not None),
                             key=lambda r: (r["organisation_id"], r["entity_id"])),
                      ("organisation_id", "entity_id")),
        memberships=Rows(memberships, ("member_id", "organisation_id", "member_name",
                                       "employer_id")),
        stations=Rows(new_stations, ("id", "name", "kind", "region_id")),
        registrations=Rows(registrations, ("member_id", "member_name", "region_id",
                                           "station_id", "new_station")),
        guidance=Rows(guidance, ("instructor_id", "organisation_id", "region_id", "load")),
        needs=Rows(needs, ("region_id", "region_name", "organisations", "instructors_needed")),
        summary=Rows(summary, SUMMARY_COLUMNS),
        region=region, types=scope_types, as_of=as_of, by=by,
        station_threshold=station_threshold, max_load=load, prefix=prefix)


def _threshold(value: object) -> int:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and 1 <= int(value) <= 10**9:
        return int(value)
    raise ArgumentError(f"station_threshold: expected a whole number from 1, got {value!r:.40}")


def _max_load(value: object) -> float:
    if isinstance(value, numbers.Real) and not isinstance(value, bool) \
            and 0 < float(value) <= 10**9:   # NaN fails both comparisons
        return float(value)
    raise ArgumentError(f"max_load: expected a number above 0, got {value!r:.40}")


def _free_prefix(ids: list[str]) -> str:
    """``PLAN-``, or ``PLAN2-``... the first that begins no id in ``ids``, so that
    proposed ids never clash with existing ones.

    >>> _free_prefix(["O1", "PLAN-x"]), _free_prefix([])
    ('PLAN2-', 'PLAN-')
    """
    k = 1
    while True:
        prefix = "PLAN-" if k == 1 else f"PLAN{k}-"
        if not any(i.startswith(prefix) for i in ids):
            return prefix
        k += 1

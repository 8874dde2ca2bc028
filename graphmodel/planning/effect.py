"""The plan's effect: coverage before and after, and what the plan proposes, per
region of a level or per entity type, as one table.

"Before" is the ``report_by`` (or ``coverage --by type``) answer; "after" adds what
the plan changes in those same figures: each entity given a formation becomes
covered (but one left to affiliate with no organisation in or above its town), each standalone or joint branch is one more organisation (a branch). So
seeding the dataset with the plan's files gives a ``report`` equal to the "after"
columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .places import Places

__all__ = ["SUMMARY_COLUMNS", "summarise", "total_row"]

SUMMARY_COLUMNS = (
    "id", "name", "entities", "covered_before", "covered_after", "coverage_before",
    "coverage_after", "standalone", "regional_branches", "regional_entities", "affiliated",
    "work_targets", "members_gaining", "organisations_before", "organisations_after",
    "stations_proposed", "floating_assigned", "guidance_proposed", "instructors_needed")

#: Columns that only a region level can fill (stations, organisations and instructors
#: have a place, not an entity type).
_PLACED = ("regional_branches", "organisations_before", "organisations_after",
           "stations_proposed", "floating_assigned", "guidance_proposed", "instructors_needed")


def summarise(by: str, before: Sequence[Mapping[str, Any]], places: Places, *,
              formations: Sequence[Mapping[str, Any]],
              organisations: Sequence[Mapping[str, Any]], gaining: Mapping[str, int],
              stations: Sequence[Mapping[str, Any]], registrations: Sequence[Mapping[str, Any]],
              guidance: Sequence[Mapping[str, Any]],
              needs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per row of ``before`` (the figures per region of level ``by``, or per
    type when ``by`` is ``type``), with the plan's changes. ``gaining`` counts, per
    entity id, the members who would gain an organisation there."""
    by_type = by == "type"

    def group(region: str | None) -> str | None:
        return None if region is None else places.group(region, by)

    def entity_group(row: Mapping[str, Any]) -> str | None:
        return row.get("type") if by_type else group(row["region_id"])

    counts: dict[str, dict[str, int]] = {}

    def add(key: str | None, column: str, n: int = 1) -> None:
        if key is not None:
            per = counts.setdefault(key, {})
            per[column] = per.get(column, 0) + n

    for f in formations:
        key = entity_group(f)
        add(key, "formed")
        if f["organisation_id"] is not None:    # (none: no organisation anywhere above)
            add(key, "covered_added")
        add(key, {"standalone": "standalone", "regional": "regional_entities",
                  "affiliated": "affiliated"}[f["formation"]])
        add(key, "members_gaining", gaining.get(f["entity_id"], 0))
    if not by_type:
        for o in organisations:
            add(group(o["region_id"]), "new_organisations")
            if o["formation"] == "regional":
                add(group(o["region_id"]), "regional_branches")
        for s in stations:
            add(group(s["region_id"]), "stations_proposed")
        for r in registrations:
            add(group(r["region_id"]), "floating_assigned")
        for g in guidance:
            add(group(g["region_id"]), "guidance_proposed")
        for n in needs:
            add(group(n["region_id"]), "instructors_needed", n["instructors_needed"])
    rows = []
    for b in before:
        c = counts.get(b["id"], {})
        entities = b["entities"]
        covered = b["covered_entities"] if "covered_entities" in b else b["covered"]
        after = covered + c.get("covered_added", 0)
        row = {
            "id": b["id"], "name": b["name"], "entities": entities,
            "covered_before": covered, "covered_after": after,
            "coverage_before": covered / entities if entities else None,
            "coverage_after": after / entities if entities else None,
            "standalone": c.get("standalone", 0),
            "regional_branches": c.get("regional_branches", 0),
            "regional_entities": c.get("regional_entities", 0),
            "affiliated": c.get("affiliated", 0),
            # uncovered entities without a member: only party work can reach them
            "work_targets": entities - covered - c.get("formed", 0),
            "members_gaining": c.get("members_gaining", 0),
            "organisations_before": b.get("organisations"),
            "organisations_after": (b["organisations"] + c.get("new_organisations", 0))
            if "organisations" in b and not by_type else None,
            "stations_proposed": c.get("stations_proposed", 0),
            "floating_assigned": c.get("floating_assigned", 0),
            "guidance_proposed": c.get("guidance_proposed", 0),
            "instructors_needed": c.get("instructors_needed", 0),
        }
        if by_type:
            row.update({k: None for k in _PLACED})
        rows.append(row)
    return rows


def total_row(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The sums of ``rows`` (rates from the sums), for a table's last line.

    >>> total_row([{"id": "A", "entities": 4, "covered_before": 1, "covered_after": 2},
    ...            {"id": "B", "entities": 0, "covered_before": 0, "covered_after": 0}])
    {'id': 'total', 'entities': 4, 'covered_before': 1, 'covered_after': 2, 'coverage_before': 0.25, 'coverage_after': 0.5}
    """
    out: dict[str, Any] = {"id": "total"}
    summed: Callable[[str], Any] = lambda k: None if any(r.get(k) is None for r in rows) \
        else sum(r[k] for r in rows)
    for key in SUMMARY_COLUMNS[2:]:
        if key.startswith("coverage_") or not any(key in r for r in rows):
            continue
        out[key] = summed(key)
    entities = out.get("entities") or 0
    for when in ("before", "after"):
        covered = out.get(f"covered_{when}")
        out[f"coverage_{when}"] = covered / entities if entities and covered is not None else None
    return out

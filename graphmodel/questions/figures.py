"""The report's figures in their one shape, whichever backend counted them."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..model.schema import StationKind
from .arguments import ENTITY_TYPES
from .backend import Figures

__all__ = ["assemble_report", "flat_report"]


def assemble_report(region: str | None, region_name: str | None, types: list[str] | None,
                    as_of: _dt.date, counts: dict[str, int], covered: int,
                    covered_industries: int, *, organisations: dict, members: dict,
                    stations: dict, instructors: int) -> dict:
    """The report's figures in their one shape, whichever backend counted them."""
    total = sum(counts.values())
    return {
        "region": region,
        "region_name": region_name,
        "types": types,
        "as_of": as_of.isoformat(),
        "entities": {**{t: counts.get(t, 0) for t in ENTITY_TYPES}, "total": total},
        "covered_entities": covered,
        "coverage_rate": covered / total if total else None,
        "covered_industries": covered_industries,
        "organisations": {k: organisations[k] for k in ("total", "branches", "members")},
        "members": {k: members[k] for k in (
            "total", "floating", "pocket", "hidden", "lost_contact", "found", "org_life",
            "floating_pocket_or_hidden")} | {"ethnicity": dict(sorted(members["ethnicity"].items()))},
        "stations": {k.value: stations[k.value] for k in StationKind},
        "instructors": instructors,
    }


def flat_report(figures: Any) -> dict[str, Any]:
    """One report's figures as a :func:`report_by` row (less the id and name)."""
    return {"entities": figures["entities"]["total"],
            **{t: figures["entities"][t] for t in ENTITY_TYPES},
            "covered_entities": figures["covered_entities"],
            "coverage_rate": figures["coverage_rate"],
            "covered_industries": figures["covered_industries"],
            "organisations": figures["organisations"]["total"],
            "branches": figures["organisations"]["branches"],
            "organisation_members": figures["organisations"]["members"],
            "members": figures["members"]["total"],
            **{k: v for k, v in figures["members"].items() if k not in ("total", "ethnicity")},
            **figures["stations"], "instructors": figures["instructors"]}
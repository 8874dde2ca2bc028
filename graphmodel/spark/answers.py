"""Which catalogue question each Spark function answers (by the question's name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import breakdowns, gaps, lists, people

__all__ = ["ANSWERS"]

#: Question name -> ``f(dataset, **checked_arguments)``, as the catalogue declares them.
ANSWERS: dict[str, Callable[..., Any]] = {
    "uncovered": gaps.uncovered,
    "isolated": gaps.isolated,
    "report": gaps.report,
    "regions": lists.regions,
    "industries": lists.industries,
    "coverage": breakdowns.coverage,
    "report_by": breakdowns.report_by,
    "members": people.members,
    "stations": people.stations,
    "station_list": people.station_list,
    "instructors": people.instructors,
    "organisations": people.organisations,
}

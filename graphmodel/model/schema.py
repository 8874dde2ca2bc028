"""The model, declared once: node kinds, edge kinds, and the CSV files they come from.

Everything else loops over :data:`NODE_KINDS` and :data:`EDGE_KINDS`: reading and
validating a dataset, the embedded store, the networkx export and (later) the Neo4j
schema and load statements. A row model per file (pydantic v2) says what a valid row
is; the mapping says which columns are references and what they must point at.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema

from ..codes import is_valid_credit_code, is_valid_id_number

__all__ = [
    "RegionLevel", "AgencyKind", "EntityType", "SMALL_TYPES", "OrganisationLevel",
    "Formation", "Channel", "StationKind",
    "Region", "Industry", "Agency", "MarketEntity", "PartyOrganisation", "PartyMember",
    "Station", "Instructor", "Membership", "Coverage", "Registration", "Guidance",
    "NodeKind", "EdgeKind", "LinkFile", "NODE_KINDS", "EDGE_KINDS", "LINK_FILES",
    "node_kind", "PERSONAL_COLUMNS", "DERIVED_PERSONAL_COLUMNS", "PERSONAL_DERIVED_SUFFIXES",
    "CHECK_PARTS",
    "PERSONAL_FIELDS",
    "canonical_column",
]


class RegionLevel(str, Enum):
    province = "province"
    city = "city"
    county = "county"
    town = "town"


class AgencyKind(str, Enum):
    bureau = "bureau"
    office = "office"
    association = "association"
    organisation_department = "organisation_department"


class EntityType(str, Enum):
    small_micro = "small_micro"
    individual = "individual"
    market = "market"
    enterprise = "enterprise"


#: The three small types (小个专): small/micro enterprises, individual businesses, markets.
SMALL_TYPES = (EntityType.small_micro.value, EntityType.individual.value, EntityType.market.value)


class OrganisationLevel(str, Enum):
    committee = "committee"
    general_branch = "general_branch"
    branch = "branch"


class Formation(str, Enum):
    standalone = "standalone"
    regional = "regional"
    dispatched = "dispatched"
    affiliated = "affiliated"
    industry = "industry"


class Channel(str, Enum):
    """The six discovery channels (六找) through which a member was found."""

    registration = "registration"
    annual_report = "annual_report"
    supervision = "supervision"
    phone = "phone"
    visit = "visit"
    referral = "referral"


class StationKind(str, Enum):
    liaison_station = "liaison_station"
    consultation_desk = "consultation_desk"


# --- cell parsers: stricter than pydantic's lax defaults, so the contract is exact ----

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_bool(value: Any) -> Any:
    if isinstance(value, str):
        low = value.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError("expected one of true/false/1/0/yes/no")
    return value


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError("expected an ISO date YYYY-MM-DD")
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("not a calendar date (YYYY-MM-DD)") from None
    return value


def _check_credit_code(value: Any) -> Any:
    if isinstance(value, str) and not is_valid_credit_code(value):
        raise ValueError("not a valid unified social credit code (GB 32100 check character)")
    return value


def _check_id_number(value: Any) -> Any:
    # The message must not contain the number: it is personal data.
    if isinstance(value, str) and not is_valid_id_number(value):
        raise ValueError("not a valid ID number (GB 11643 check digit)")
    return value


Flag = Annotated[bool, BeforeValidator(_parse_bool)]
Day = Annotated[_dt.date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date"})]
CreditCode = Annotated[str, BeforeValidator(_check_credit_code)]
IdNumber = Annotated[str, BeforeValidator(_check_id_number)]


class RowModel(BaseModel):
    # Extra columns are kept as string properties; inputs are hidden from errors so
    # that a personal value can never leak through pydantic's messages.
    model_config = ConfigDict(
        extra="allow", hide_input_in_errors=True, frozen=True, use_enum_values=True
    )


class Region(RowModel):
    id: str
    name: str
    level: RegionLevel
    parent_id: str | None = None
    code: str | None = None


class Industry(RowModel):
    id: str
    name: str


class Agency(RowModel):
    id: str
    name: str
    kind: AgencyKind
    region_id: str


class MarketEntity(RowModel):
    id: str
    name: str
    type: EntityType
    region_id: str
    industry_id: str | None = None
    market_id: str | None = None
    credit_code: CreditCode | None = None


class PartyOrganisation(RowModel):
    id: str
    name: str
    level: OrganisationLevel
    formation: Formation | None = None
    region_id: str
    parent_id: str | None = None
    founded: Day | None = None


class PartyMember(RowModel):
    id: str
    name: str
    region_id: str
    employer_id: str | None = None
    ethnicity: str | None = None
    floating: Flag = False
    pocket: Flag = False
    hidden: Flag = False
    lost_contact: Flag = False
    found_via: Channel | None = None
    last_org_life: Day | None = None
    id_number: IdNumber | None = None


class Station(RowModel):
    id: str
    name: str
    kind: StationKind
    region_id: str
    agency_id: str | None = None


class Instructor(RowModel):
    id: str
    name: str
    agency_id: str | None = None
    trained_on: Day | None = None


class Membership(RowModel):
    member_id: str
    organisation_id: str
    role: str | None = None
    since: Day | None = None


class Coverage(RowModel):
    organisation_id: str
    entity_id: str
    since: Day | None = None


class Registration(RowModel):
    member_id: str
    station_id: str
    since: Day | None = None


class Guidance(RowModel):
    instructor_id: str
    organisation_id: str
    since: Day | None = None


#: Columns holding personal numbers, in any node file (declared by its row model or
#: not): stored only masked beside a keyed ``<column>_hash``, never echoed.
PERSONAL_COLUMNS = ("id_number",)

#: What graphmodel derives from each personal number at read time, by the suffix of
#: the column it goes in: the record checks' parts (:mod:`graphmodel.checks`: the
#: province part of the region code, the birth year, a keyed hash of the birth date)
#: and the keyed hash of the whole number, last. The full region code and the birth
#: date are not kept: with the mask's last four characters they give the number back.
PERSONAL_DERIVED_SUFFIXES = ("_province", "_birth_year", "_birth_hash", "_hash")

#: The columns graphmodel derives from them: a dataset may not supply these.
DERIVED_PERSONAL_COLUMNS = tuple(f"{c}{s}" for c in PERSONAL_COLUMNS
                                 for s in PERSONAL_DERIVED_SUFFIXES)

#: The record checks' parts of a personal number (all but its keyed hash): with the
#: key, they narrow a number down to some 10^4 x 366 candidates, so they stay in the
#: store and in the CSV export made for seeding again, and go to no other tool
#: (GraphML, GEXF, node-link JSON, Parquet, Neo4j).
CHECK_PARTS = tuple(f"{c}{s}" for c in PERSONAL_COLUMNS for s in PERSONAL_DERIVED_SUFFIXES[:-1])

_PERSONAL_NAMES = {c: c for c in PERSONAL_COLUMNS + DERIVED_PERSONAL_COLUMNS}


def canonical_column(name: str) -> str:
    """``name`` trimmed, and lower-cased if it names a personal column: ``ID_Number``
    is an ``id_number`` too, and must not slip past as an ordinary extra column.

    >>> canonical_column(" ID_Number "), canonical_column("Remarks")
    ('id_number', 'Remarks')
    """
    name = name.strip()
    return _PERSONAL_NAMES.get(name.lower(), name)


# --- the mapping -----------------------------------------------------------------


@dataclass(frozen=True)
class NodeKind:
    """One kind of node: its Neo4j label, its CSV file and its row model."""

    name: str
    label: str
    file: str
    model: type[RowModel]
    required: bool

    @property
    def fields(self) -> dict[str, Any]:
        return self.model.model_fields

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.fields.items() if f.is_required())


@dataclass(frozen=True)
class Target:
    """What a reference must resolve to: a node kind, optionally with a property value."""

    kind: str
    where: tuple[str, str] | None = None  # (property, required value)

    def describe(self) -> str:
        if self.where is None:
            return self.kind
        return f"{self.kind} with {self.where[0]} {self.where[1]}"


@dataclass(frozen=True)
class LinkFile:
    """A CSV file whose rows are edges between two nodes (memberships.csv, ...)."""

    name: str
    file: str
    model: type[RowModel]
    source_column: str
    target_column: str


@dataclass(frozen=True)
class EdgeKind:
    """One kind of edge: its relationship type, the kinds it joins, and where it comes from.

    An edge comes either from a reference column of a node file (``link is None``:
    the node in the row is the source, ``column`` names the target) or from the rows
    of a link file (``link`` names it; ``column`` is its target column).
    """

    type: str
    source: str
    target: Target
    column: str
    link: str | None = None
    properties: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """A name unique among edge kinds, used for storage and lookups."""
        return f"{self.source}.{self.column}" if self.link is None else self.link


NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind("region", "Region", "regions.csv", Region, True),
    NodeKind("industry", "Industry", "industries.csv", Industry, False),
    NodeKind("agency", "Agency", "agencies.csv", Agency, False),
    NodeKind("entity", "MarketEntity", "entities.csv", MarketEntity, True),
    NodeKind("organisation", "PartyOrganisation", "organisations.csv", PartyOrganisation, True),
    NodeKind("member", "PartyMember", "members.csv", PartyMember, True),
    NodeKind("station", "Station", "stations.csv", Station, False),
    NodeKind("instructor", "Instructor", "instructors.csv", Instructor, False),
)

LINK_FILES: tuple[LinkFile, ...] = (
    LinkFile("memberships", "memberships.csv", Membership, "member_id", "organisation_id"),
    LinkFile("coverage", "coverage.csv", Coverage, "organisation_id", "entity_id"),
    LinkFile("registrations", "registrations.csv", Registration, "member_id", "station_id"),
    LinkFile("guidance", "guidance.csv", Guidance, "instructor_id", "organisation_id"),
)

EDGE_KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("PART_OF", "region", Target("region"), "parent_id"),
    EdgeKind("LOCATED_IN", "agency", Target("region"), "region_id"),
    EdgeKind("LOCATED_IN", "entity", Target("region"), "region_id"),
    EdgeKind("IN_INDUSTRY", "entity", Target("industry"), "industry_id"),
    EdgeKind("TRADES_IN", "entity", Target("entity", ("type", "market")), "market_id"),
    EdgeKind("LOCATED_IN", "organisation", Target("region"), "region_id"),
    EdgeKind("PART_OF", "organisation", Target("organisation"), "parent_id"),
    EdgeKind("LOCATED_IN", "member", Target("region"), "region_id"),
    EdgeKind("EMPLOYED_BY", "member", Target("entity"), "employer_id"),
    EdgeKind("LOCATED_IN", "station", Target("region"), "region_id"),
    EdgeKind("BELONGS_TO", "station", Target("agency"), "agency_id"),
    EdgeKind("BELONGS_TO", "instructor", Target("agency"), "agency_id"),
    EdgeKind("MEMBER_OF", "member", Target("organisation"), "organisation_id",
             link="memberships", properties=("role", "since")),
    EdgeKind("COVERS", "organisation", Target("entity"), "entity_id",
             link="coverage", properties=("since",)),
    EdgeKind("REGISTERED_AT", "member", Target("station", ("kind", "liaison_station")),
             "station_id", link="registrations", properties=("since",)),
    EdgeKind("GUIDES", "instructor", Target("organisation"), "organisation_id",
             link="guidance", properties=("since",)),
)

_BY_NAME = {k.name: k for k in NODE_KINDS}

#: The personal columns per node kind: every kind has them (kept for callers that
#: loop per kind).
PERSONAL_FIELDS = {k.name: PERSONAL_COLUMNS for k in NODE_KINDS}


def node_kind(name: str) -> NodeKind:
    """The :class:`NodeKind` called ``name`` (``"entity"``, ``"member"``, ...)."""
    return _BY_NAME[name]


def reference_columns(kind: str) -> dict[str, EdgeKind]:
    """The columns of a node file that are references, with the edge each one makes."""
    return {e.column: e for e in EDGE_KINDS if e.link is None and e.source == kind}


def link_file(name: str) -> LinkFile:
    return next(f for f in LINK_FILES if f.name == name)

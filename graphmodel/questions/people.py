"""People and places: members by their flags, liaison stations per region, each
instructor's load, and the organisations.

* :func:`members` -- members with filters (floating, lost contact, no organisational
  life in the half year up to the as-of date...), never their ID number;
* :func:`stations` -- stations per region of a level, with the members registered
  there and the floating members who might be;
* :func:`station_list` -- stations one by one;
* :func:`instructors` -- each instructor with the organisations they guide;
* :func:`organisations` -- organisations with what they cover and who guides them.
"""

from __future__ import annotations

from ..model.schema import Channel, OrganisationLevel, StationKind
from .asking import question
from .catalogue import AS_OF, REGION, Column, Parameter
from .reference import REGION_LEVELS

__all__ = ["members", "stations", "station_list", "instructors", "organisations", "FLAGS"]

#: The member flags, in the model's order.
FLAGS = ("floating", "pocket", "hidden", "lost_contact")


members = question(
    "members", "Members, by their flags, organisational life and employer: who they are and "
    "where.",
    (REGION,
     *(Parameter(f, "flag", f"Only {f.replace('_', ' ')} members.") for f in FLAGS[:3]),
     Parameter("lost_contact", "flag", "Only members who lost contact."),
     Parameter("unattached", "flag", "Only members with no MEMBER_OF to an organisation and "
               "no REGISTERED_AT to a station."),
     Parameter("no_org_life", "flag", "Only members with no organisational life in the 183 "
               "days up to as_of."),
     Parameter("found_via", "choice", "Only members found through this channel.",
               choices=tuple(c.value for c in Channel)),
     Parameter("employer_types", "types", "Only members employed by entities of these types.",
               aliases=("employer_type",), option="--employer-type"),
     AS_OF),
    (Column("id", "the member's id"), Column("name", "their name"),
     Column("region_id", "the region they are located in"),
     Column("region_name", "that region's name"),
     Column("employer_id", "the entity employing them"), Column("employer_name", "its name"),
     *(Column(f, f"the {f.replace('_', ' ')} flag") for f in FLAGS),
     Column("found_via", "the channel they were found through"),
     Column("last_org_life", "the date of their last organisational life"),
     Column("organisations", "the organisations they are members of (ids, sorted)"),
     Column("registered_at", "the stations they are registered at (ids, sorted)",
            zh="登记站点")),
    cypher="members", noun="members", noun_zh=("名", "党员"), command=("query", "members"),
    doc="""
    Filters combine: each one given keeps only the members it names. The ID number is
    never part of the rows.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [r["id"] for r in members(G, floating=True)]
    ['P04', 'P09', 'P12']
    >>> [r["id"] for r in members(G, region="定安县", no_org_life=True, as_of="2016-06-16")][:3]
    ['P03', 'P04', 'P05']
    """)


stations = question(
    "stations", "Stations per region of a level, with the members registered at them and the "
    "floating members located there.",
    (Parameter("by", "choice", "The level: city, county or town.", default="county",
               choices=REGION_LEVELS[1:]), REGION),
    (Column("id", "the region's id"), Column("name", "its name"),
     Column("stations", "stations located in it"),
     *(Column(k.value, f"{k.value} stations") for k in StationKind),
     Column("registered_members", "distinct members with REGISTERED_AT to those stations",
            zh="登记党员数"),
     Column("floating_members", "floating members located in it", zh="流动党员数")),
    cypher="stations", noun="regions", command=("query", "stations"),
    doc="""
    Every region of the level inside ``region`` has a row, those without a station too.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["name"], r["stations"], r["floating_members"]) for r in stations(G, by="county")]
    [('定安县', 3, 2), ('吉阳区', 0, 1)]
    """)


station_list = question(
    "station_list", "Stations one by one: kind, place, agency and the members registered at "
    "each.",
    (REGION, Parameter("kind", "choice", "Only stations of this kind.",
                       choices=tuple(k.value for k in StationKind))),
    (Column("id", "the station's id"), Column("name", "its name"),
     Column("kind", "liaison_station or consultation_desk"),
     Column("region_id", "the region it is located in"),
     Column("region_name", "that region's name"),
     Column("agency_id", "its agency"), Column("agency_name", "that agency's name"),
     Column("registered_members", "distinct members with REGISTERED_AT to it")),
    cypher="station_list", noun="stations", noun_zh=("个", "站点"),
    command=("query", "station-list"),
    doc="""
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["registered_members"]) for r in station_list(G, kind="liaison_station")]
    [('S01', 2), ('S03', 1), ('S04', 0)]
    """)


instructors = question(
    "instructors", "Instructors and the organisations each guides: their load.",
    (REGION,),
    (Column("id", "the instructor's id"), Column("name", "their name"),
     Column("agency_id", "their agency"), Column("agency_name", "its name"),
     Column("region_id", "the region the agency is located in"),
     Column("region_name", "that region's name"),
     Column("organisations_guided", "how many organisations they guide"),
     Column("organisations", "those organisations (ids, sorted)")),
    cypher="instructors", noun="instructors", noun_zh=("名", "党建指导员"),
    command=("query", "instructors"),
    doc="""
    With ``region``, the instructors whose agency is located in it or below it.

    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["organisations_guided"]) for r in instructors(G)]
    [('I01', 2), ('I02', 1)]
    """)


organisations = question(
    "organisations", "Party organisations with the entities they cover, their members and "
    "the instructors guiding them.",
    (REGION, Parameter("level", "choice", "Only organisations of this level.",
                       choices=tuple(lv.value for lv in OrganisationLevel))),
    (Column("id", "the organisation's id"), Column("name", "its name"),
     Column("level", "committee, general_branch or branch"),
     Column("region_id", "the region it is located in"),
     Column("region_name", "that region's name"),
     Column("covered_entities", "entities it covers (COVERS)"),
     Column("members", "members with MEMBER_OF to it"),
     Column("instructors", "instructors guiding it (GUIDES)"),
     Column("industries", "the industries of the entities it covers (ids, sorted)",
            zh="覆盖行业")),
    cypher="organisations", noun="organisations", noun_zh=("个", "党组织"),
    command=("query", "organisations"),
    doc="""
    Examples
    --------
    >>> import graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> [(r["id"], r["covered_entities"], r["members"]) for r in organisations(G, level="branch")][:2]
    [('O02', 1, 3), ('O03', 1, 2)]
    """)


__test__ = {f.__name__: f for f in (members, stations, station_list, instructors, organisations)}

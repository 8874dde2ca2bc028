// stations: stations per region of a level, with the members registered at them and
// the floating members located there.
//
// Every region of level $by inside $region has a row, those without a station too.
//
// Parameters:
//   $by      city, county or town
//   $region  a Region id, or null for all
// Returns: id, name, stations, liaison_station, consultation_desk, registered_members,
//          floating_members; sorted by id.
// Example (cypher-shell):
//   :param by => 'county'
//   :param region => null

// The counts are made bottom-up, once for every region of the level: from the
// stations and the floating members to the region they are located in (an
// aggregation per region, so the plan cannot start from the regions, whose incoming
// LOCATED_IN also holds every entity), then up PART_OF to the region of level $by.
// Each of the three subqueries returns one row (a list of counts per region), so
// the regions in scope then look up their counts: a region with none gets zeros.

CALL () {
  MATCH (s:Station)-[:LOCATED_IN]->(r:Region)
  WITH r, count(s) AS stations,
       count(CASE WHEN s.kind = 'liaison_station' THEN 1 END) AS liaison_station,
       count(CASE WHEN s.kind = 'consultation_desk' THEN 1 END) AS consultation_desk
  MATCH (r)-[:PART_OF*0..]->(g:Region {level: $by})
  WITH g, sum(stations) AS stations, sum(liaison_station) AS liaison_station,
       sum(consultation_desk) AS consultation_desk
  RETURN collect({group: g, stations: stations, liaison_station: liaison_station,
                  consultation_desk: consultation_desk}) AS station_counts
}
CALL () {
  MATCH (m:PartyMember)-[:REGISTERED_AT]->(:Station)-[:LOCATED_IN]->(r:Region)
  WITH r, collect(DISTINCT m) AS registered
  MATCH (r)-[:PART_OF*0..]->(g:Region {level: $by})
  UNWIND registered AS m
  WITH g, count(DISTINCT m) AS registered
  RETURN collect({group: g, members: registered}) AS registered_counts
}
CALL () {
  MATCH (m:PartyMember)-[:LOCATED_IN]->(r:Region)
  WHERE m.floating
  WITH r, count(m) AS floating
  MATCH (r)-[:PART_OF*0..]->(g:Region {level: $by})
  WITH g, sum(floating) AS floating
  RETURN collect({group: g, members: floating}) AS floating_counts
}
CALL () {
  MATCH (g:Region {level: $by}) WHERE $region IS NULL RETURN g
  UNION
  MATCH (g:Region {level: $by})-[:PART_OF*0..]->(:Region {id: $region}) RETURN g
}
WITH g, [x IN station_counts WHERE x.group = g][0] AS here,
     [x IN registered_counts WHERE x.group = g][0] AS registered,
     [x IN floating_counts WHERE x.group = g][0] AS floating
RETURN g.id AS id, g.name AS name, coalesce(here.stations, 0) AS stations,
       coalesce(here.liaison_station, 0) AS liaison_station,
       coalesce(here.consultation_desk, 0) AS consultation_desk,
       coalesce(registered.members, 0) AS registered_members,
       coalesce(floating.members, 0) AS floating_members
ORDER BY id

// station_list: stations one by one, with their kind, place, agency and the members
// registered at each.
//
// Parameters:
//   $region  a Region id: only stations located in it or below it, or null
//   $kind    liaison_station or consultation_desk, or null
// Returns: id, name, kind, region_id, region_name, agency_id, agency_name,
//          registered_members; sorted by id.
// Example (cypher-shell):
//   :param region => 'R-DA'
//   :param kind => 'liaison_station'

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
MATCH (s:Station)-[:LOCATED_IN]->(r)
WHERE $kind IS NULL OR s.kind = $kind
OPTIONAL MATCH (s)-[:BELONGS_TO]->(a:Agency)
RETURN s.id AS id, s.name AS name, s.kind AS kind, r.id AS region_id, r.name AS region_name,
       a.id AS agency_id, a.name AS agency_name,
       COUNT { MATCH (m:PartyMember)-[:REGISTERED_AT]->(s) RETURN DISTINCT m } AS registered_members
ORDER BY id

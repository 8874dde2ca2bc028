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

CALL () {
  MATCH (g:Region {level: $by}) WHERE $region IS NULL RETURN g
  UNION
  MATCH (g:Region {level: $by})-[:PART_OF*0..]->(:Region {id: $region}) RETURN g
}
CALL (g) {
  OPTIONAL MATCH (s:Station)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g)
  RETURN count(s) AS stations,
         count(CASE WHEN s.kind = 'liaison_station' THEN 1 END) AS liaison_station,
         count(CASE WHEN s.kind = 'consultation_desk' THEN 1 END) AS consultation_desk
}
CALL (g) {
  OPTIONAL MATCH (m:PartyMember)-[:REGISTERED_AT]->(:Station)-[:LOCATED_IN]->(:Region)
                 -[:PART_OF*0..]->(g)
  RETURN count(DISTINCT m) AS registered_members
}
CALL (g) {
  OPTIONAL MATCH (m:PartyMember)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g)
  WHERE m.floating
  RETURN count(m) AS floating_members
}
RETURN g.id AS id, g.name AS name, stations, liaison_station, consultation_desk,
       registered_members, floating_members
ORDER BY id

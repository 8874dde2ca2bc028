// uncovered: market entities that no party organisation covers.
//
// An entity is covered when any PartyOrganisation has a COVERS relationship to it.
// Each row also counts the members employed there (EMPLOYED_BY): an uncovered
// entity with 3 or more members is a candidate for a standalone branch.
//
// Parameters (null means "no filter"):
//   $region    a Region id: only entities located in it or any region below it
//   $types     a list of entity types: small_micro, individual, market, enterprise
//   $industry  an Industry id
//   $min_members  0, or only entities employing at least this many members
// Returns: id, name, type, region_id, region_name, county_name, industry_id, industry_name,
//          market_id, members; sorted by id.
// Example (cypher-shell):
//   :param region => 'R-DA'
//   :param types => ['small_micro', 'individual']
//   :param industry => null
//   :param min_members => 3

// (Only organisations COVER and only members are EMPLOYED_BY, so the far side's
// label is left out: Neo4j then reads the relationship count straight off the node.)

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
// Each region's county once, not once per entity located there.
OPTIONAL MATCH (r)-[:PART_OF*0..]->(c:Region {level: 'county'})
WITH r, c.name AS county_name
MATCH (e:MarketEntity)-[:LOCATED_IN]->(r)
WHERE NOT EXISTS { ()-[:COVERS]->(e) }
  AND ($types IS NULL OR e.type IN $types)
  AND ($industry IS NULL OR EXISTS { (e)-[:IN_INDUSTRY]->(:Industry {id: $industry}) })
WITH e, r, county_name, COUNT { ()-[:EMPLOYED_BY]->(e) } AS members
WHERE members >= $min_members
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i:Industry)
OPTIONAL MATCH (e)-[:TRADES_IN]->(mk:MarketEntity)
RETURN e.id AS id, e.name AS name, e.type AS type, r.id AS region_id, r.name AS region_name,
       county_name, i.id AS industry_id, i.name AS industry_name, mk.id AS market_id, members
ORDER BY id

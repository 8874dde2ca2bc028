// report/industries: how many distinct industries the covered entities in scope are in.
//
// Scope: entities located in the region subtree, of the given types, that some
// PartyOrganisation covers.
// Parameters:
//   $region  a Region id, or null for every region
//   $types   a list of entity types, or null for all
// Returns one row: covered_industries.
// Example: :param region => 'R-DA'  :param types => ['small_micro', 'individual', 'market']

// (Only organisations COVER and only members are EMPLOYED_BY, so the far side's
// label is left out: Neo4j then reads the relationship count straight off the node.)

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
MATCH (e:MarketEntity)-[:LOCATED_IN]->(r)
WHERE ($types IS NULL OR e.type IN $types)
  AND EXISTS { ()-[:COVERS]->(e) }
MATCH (e)-[:IN_INDUSTRY]->(i:Industry)
RETURN count(DISTINCT i) AS covered_industries

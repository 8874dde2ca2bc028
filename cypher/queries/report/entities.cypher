// report/entities: entities in scope per type, and how many of them are covered.
//
// Scope: entities located in the region subtree, of the given types.
// Parameters:
//   $region  a Region id, or null for every region
//   $types   a list of entity types, or null for all
// Returns one row per type present: type, entities, covered.
// Example: :param region => 'R-DA'  :param types => ['small_micro', 'individual']

// (Only organisations COVER and only members are EMPLOYED_BY, so the far side's
// label is left out: Neo4j then reads the relationship count straight off the node.)

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
MATCH (e:MarketEntity)-[:LOCATED_IN]->(r)
WHERE $types IS NULL OR e.type IN $types
RETURN e.type AS type, count(e) AS entities,
       count(CASE WHEN EXISTS { ()-[:COVERS]->(e) } THEN 1 END) AS covered
ORDER BY type

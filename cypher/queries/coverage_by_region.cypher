// coverage_by_region: for every region, the entities in its whole subtree and how
// many are covered: the coverage rate per province, city, county and town.
//
// Parameters:
//   $types  a list of entity types, or null for all (e.g. ['small_micro', 'enterprise']
//           for the non-public enterprises the 29.1% figure speaks of)
// Returns: region_id, name, level, entities, covered, coverage_rate; sorted by region id.
// Example: :param types => ['small_micro', 'individual', 'market']

// (Only organisations COVER and only members are EMPLOYED_BY, so the far side's
// label is left out: Neo4j then reads the relationship count straight off the node.)

MATCH (root:Region)
OPTIONAL MATCH (e:MarketEntity)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(root)
WHERE $types IS NULL OR e.type IN $types
WITH root, count(e) AS entities,
     count(CASE WHEN EXISTS { ()-[:COVERS]->(e) } THEN 1 END) AS covered
RETURN root.id AS region_id, root.name AS name, root.level AS level, entities, covered,
       CASE WHEN entities = 0 THEN null ELSE toFloat(covered) / entities END AS coverage_rate
ORDER BY region_id

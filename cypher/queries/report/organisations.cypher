// report/organisations: organisations in scope, their branches, and their members.
//
// Scope: organisations located in the region subtree; when $types is given, only
// those covering at least one in-scope entity (located in the subtree, of those types).
// "members" counts distinct members with MEMBER_OF to an in-scope organisation.
// Parameters:
//   $region  a Region id, or null for every region
//   $types   a list of entity types, or null
// Returns one row: organisations, branches, members.
// Example: :param region => 'R-DA'  :param types => ['small_micro', 'individual', 'market']

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
WITH collect(r) AS regions
OPTIONAL MATCH (o:PartyOrganisation)-[:LOCATED_IN]->(r) WHERE r IN regions
WITH regions, o
WHERE o IS NULL OR $types IS NULL OR EXISTS {
  MATCH (o)-[:COVERS]->(e:MarketEntity)-[:LOCATED_IN]->(er:Region)
  WHERE e.type IN $types AND er IN regions
}
OPTIONAL MATCH (m:PartyMember)-[:MEMBER_OF]->(o)
RETURN count(DISTINCT o) AS organisations,
       count(DISTINCT CASE WHEN o.level = 'branch' THEN o END) AS branches,
       count(DISTINCT m) AS members

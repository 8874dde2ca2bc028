// organisations: party organisations with the entities they cover, their members and
// the instructors guiding them.
//
// Parameters:
//   $region  a Region id: only organisations located in it or below it, or null
//   $level   committee, general_branch or branch, or null
// Returns: id, name, level, region_id, region_name, covered_entities, members,
//          instructors, industries (of the covered entities: ids, sorted); sorted by id.
// Example (cypher-shell):
//   :param region => 'R-DA'
//   :param level => 'branch'

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
MATCH (o:PartyOrganisation)-[:LOCATED_IN]->(r)
WHERE $level IS NULL OR o.level = $level
RETURN o.id AS id, o.name AS name, o.level AS level, r.id AS region_id, r.name AS region_name,
       COUNT { MATCH (o)-[:COVERS]->(e:MarketEntity) RETURN DISTINCT e } AS covered_entities,
       COUNT { MATCH (m:PartyMember)-[:MEMBER_OF]->(o) RETURN DISTINCT m } AS members,
       COUNT { MATCH (i:Instructor)-[:GUIDES]->(o) RETURN DISTINCT i } AS instructors,
       COLLECT { MATCH (o)-[:COVERS]->(:MarketEntity)-[:IN_INDUSTRY]->(i:Industry)
                 RETURN DISTINCT i.id AS industry ORDER BY industry } AS industries
ORDER BY id

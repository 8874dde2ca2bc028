// instructors: instructors and the organisations each guides (their load).
//
// An instructor is located where their agency is.
//
// Parameters:
//   $region  a Region id: only instructors whose agency is located in it or below it,
//            or null for all
// Returns: id, name, agency_id, agency_name, region_id, region_name, organisations_guided,
//          organisations (ids, sorted); sorted by id.
// Example (cypher-shell):
//   :param region => 'R-DA'

MATCH (i:Instructor)
OPTIONAL MATCH (i)-[:BELONGS_TO]->(a:Agency)
OPTIONAL MATCH (a)-[:LOCATED_IN]->(r:Region)
WITH i, a, r
WHERE $region IS NULL OR EXISTS { (r)-[:PART_OF*0..]->(:Region {id: $region}) }
CALL (i) {
  OPTIONAL MATCH (i)-[:GUIDES]->(o:PartyOrganisation)
  WITH DISTINCT o.id AS organisation ORDER BY organisation
  RETURN collect(organisation) AS organisations
}
RETURN i.id AS id, i.name AS name, a.id AS agency_id, a.name AS agency_name,
       r.id AS region_id, r.name AS region_name, size(organisations) AS organisations_guided,
       organisations
ORDER BY id

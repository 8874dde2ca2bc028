// isolated: members that the organisation network cannot reach.
//
// Reasons: "lost_contact" when the member's lost_contact flag is set;
// "unattached" when the member has neither MEMBER_OF to a PartyOrganisation nor
// REGISTERED_AT to a liaison Station. A member may have both.
//
// Parameters:
//   $region  a Region id (only members located in it or below it), or null for all
// Returns: id, name, region_id, region_name, employer_id, employer_name, reasons (sorted
//          list); sorted by id.
// Example (cypher-shell):
//   :param region => 'R-SY'

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
MATCH (m:PartyMember)-[:LOCATED_IN]->(r)
WITH m, r, coalesce(m.lost_contact, false) AS lost,
     NOT EXISTS { (m)-[:MEMBER_OF]->(:PartyOrganisation) }
       AND NOT EXISTS { (m)-[:REGISTERED_AT]->(:Station) } AS unattached
WHERE lost OR unattached
OPTIONAL MATCH (m)-[:EMPLOYED_BY]->(e:MarketEntity)
RETURN m.id AS id, m.name AS name, r.id AS region_id, r.name AS region_name,
       e.id AS employer_id, e.name AS employer_name,
       [reason IN [CASE WHEN lost THEN 'lost_contact' END,
                   CASE WHEN unattached THEN 'unattached' END]
        WHERE reason IS NOT NULL] AS reasons
ORDER BY id

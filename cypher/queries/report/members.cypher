// report/members: members in scope and their flags.
//
// Scope: members located in the region subtree; when $types is given, instead the
// members employed by in-scope entities (located in the subtree, of those types).
// org_life counts a last_org_life after $window_start, up to and including $as_of
// (graphmodel uses the 183 days up to as-of: window_start = as_of - 183 days).
// Parameters:
//   $region        a Region id, or null
//   $types         a list of entity types, or null
//   $window_start  a date (exclusive)
//   $as_of         a date (inclusive)
// Returns one row: total, floating, pocket, hidden, lost_contact, found, org_life.
// Example: :param as_of => date('2016-06-16')  :param window_start => date('2015-12-16')

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
WITH collect(r) AS regions
CALL (regions) {
  WITH regions WHERE $types IS NULL
  MATCH (m:PartyMember)-[:LOCATED_IN]->(r) WHERE r IN regions
  RETURN m
  UNION
  WITH regions WHERE $types IS NOT NULL
  MATCH (m:PartyMember)-[:EMPLOYED_BY]->(e:MarketEntity)-[:LOCATED_IN]->(r)
  WHERE e.type IN $types AND r IN regions
  RETURN m
}
RETURN count(m) AS total,
       count(CASE WHEN m.floating THEN 1 END) AS floating,
       count(CASE WHEN m.pocket THEN 1 END) AS pocket,
       count(CASE WHEN m.hidden THEN 1 END) AS hidden,
       count(CASE WHEN m.lost_contact THEN 1 END) AS lost_contact,
       count(m.found_via) AS found,
       count(CASE WHEN m.last_org_life > $window_start AND m.last_org_life <= $as_of
                  THEN 1 END) AS org_life

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
// Returns one row: total, floating, pocket, hidden, lost_contact, found, org_life,
// floating_pocket_or_hidden, and ethnicity: a list of {ethnicity, members}.
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
WITH collect(m) AS members
CALL (members) {
  UNWIND members AS m
  WITH m.ethnicity AS ethnicity, count(*) AS n WHERE ethnicity IS NOT NULL
  RETURN collect({ethnicity: ethnicity, members: n}) AS ethnicity
}
RETURN size(members) AS total,
       size([m IN members WHERE m.floating]) AS floating,
       size([m IN members WHERE m.pocket]) AS pocket,
       size([m IN members WHERE m.hidden]) AS hidden,
       size([m IN members WHERE m.lost_contact]) AS lost_contact,
       size([m IN members WHERE m.found_via IS NOT NULL]) AS found,
       size([m IN members WHERE m.last_org_life > $window_start
                              AND m.last_org_life <= $as_of]) AS org_life,
       size([m IN members WHERE m.floating OR m.pocket OR m.hidden]) AS floating_pocket_or_hidden,
       ethnicity

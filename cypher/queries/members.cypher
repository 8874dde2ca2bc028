// members: members, by their flags, organisational life and employer.
//
// Filters combine; a flag parameter that is false filters nothing. No organisational
// life: no last_org_life in the 183 days up to and including $as_of. The ID number is
// never returned.
//
// Parameters:
//   $region          a Region id: only members located in it or below it, or null
//   $floating        true: only floating members
//   $pocket          true: only pocket members
//   $hidden          true: only hidden members
//   $lost_contact    true: only members who lost contact
//   $unattached      true: only members with no MEMBER_OF and no REGISTERED_AT
//   $no_org_life     true: only members with no organisational life in the window
//   $found_via       a discovery channel, or null
//   $employer_types  a list of entity types: only members employed by such entities, or null
//   $as_of           a date: the end of the window
// Returns: id, name, region_id, region_name, employer_id, employer_name, floating, pocket,
//          hidden, lost_contact, found_via, last_org_life, organisations (ids, sorted),
//          registered_at (station ids, sorted); sorted by id.
// Example (cypher-shell):
//   :param region => 'R-DA'
//   :param floating => false
//   :param pocket => false
//   :param hidden => false
//   :param lost_contact => false
//   :param unattached => false
//   :param no_org_life => true
//   :param found_via => null
//   :param employer_types => null
//   :param as_of => date('2016-06-16')

// Members are the starting point, and the region filter walks up from each member's
// region: a region's incoming LOCATED_IN also holds every entity located there (20
// times as many), so starting from the regions would read them all. MEMBER_OF and
// REGISTERED_AT only ever point at organisations and stations, so the unattached
// test leaves the far label out and Neo4j reads the degree straight off the node.

MATCH (m:PartyMember)-[:LOCATED_IN]->(r:Region)
WHERE (NOT $floating OR coalesce(m.floating, false))
  AND (NOT $pocket OR coalesce(m.pocket, false))
  AND (NOT $hidden OR coalesce(m.hidden, false))
  AND (NOT $lost_contact OR coalesce(m.lost_contact, false))
  AND (NOT $unattached OR (NOT EXISTS { (m)-[:MEMBER_OF]->() }
                           AND NOT EXISTS { (m)-[:REGISTERED_AT]->() }))
  AND (NOT $no_org_life OR m.last_org_life IS NULL
       OR NOT (m.last_org_life > $as_of - duration({days: 183}) AND m.last_org_life <= $as_of))
  AND ($found_via IS NULL OR m.found_via = $found_via)
  AND ($employer_types IS NULL
       OR EXISTS { (m)-[:EMPLOYED_BY]->(x:MarketEntity) WHERE x.type IN $employer_types })
  AND ($region IS NULL OR EXISTS { (r)-[:PART_OF*0..]->(:Region {id: $region}) })
OPTIONAL MATCH (m)-[:EMPLOYED_BY]->(e:MarketEntity)
RETURN m.id AS id, m.name AS name, r.id AS region_id, r.name AS region_name,
       e.id AS employer_id, e.name AS employer_name,
       coalesce(m.floating, false) AS floating, coalesce(m.pocket, false) AS pocket,
       coalesce(m.hidden, false) AS hidden, coalesce(m.lost_contact, false) AS lost_contact,
       m.found_via AS found_via, m.last_org_life AS last_org_life,
       COLLECT { MATCH (m)-[:MEMBER_OF]->(o:PartyOrganisation)
                 RETURN DISTINCT o.id AS organisation ORDER BY organisation } AS organisations,
       COLLECT { MATCH (m)-[:REGISTERED_AT]->(s:Station)
                 RETURN DISTINCT s.id AS station ORDER BY station } AS registered_at
ORDER BY id

// coverage: coverage per region of a level, entity type, industry or market.
//
// Scope: entities located in $region's subtree, of $types. A region row is what the
// report gives for that region (the regions of level $by inside $region; entities
// located above that level count for none): organisations located in it (with
// $types: those covering one of its in-scope entities) and members located in it
// (with $types: those employed by its in-scope entities). Any other group (a type,
// an industry, a market...) is an entity column: its row counts the organisations
// covering its entities and the members they employ.
// Rows exist only for groups with at least one entity in scope.
//
// Parameters:
//   $by      a group: city, county, town, type, industry or market
//   $region  a Region id, or null for all
//   $types   a list of entity types, or null for all
// Returns: id, name, entities, covered, coverage_rate, organisations, members; sorted by id.
// Set by graphmodel from $by (through the model's mapping), null for a region level:
//   $link      the relationship from the entity to its group (IN_INDUSTRY, TRADES_IN)
//   $property  the entity's property that is its group (type)
// Example (cypher-shell):
//   :param by => 'industry'
//   :param link => 'IN_INDUSTRY'
//   :param property => null
//   :param region => null
//   :param types => ['small_micro', 'individual']

// (Only organisations COVER and only members are EMPLOYED_BY, so the far side's
// label is left out: Neo4j then reads the relationship count straight off the node.)

CALL () {
  // A region of level $by, inside $region.
  CALL () {
    MATCH (g:Region {level: $by}) WHERE $region IS NULL RETURN g
    UNION
    MATCH (g:Region {level: $by})-[:PART_OF*0..]->(:Region {id: $region}) RETURN g
  }
  CALL (g) {
    MATCH (e:MarketEntity)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g)
    WHERE $types IS NULL OR e.type IN $types
    RETURN count(e) AS entities,
           count(CASE WHEN EXISTS { ()-[:COVERS]->(e) } THEN 1 END) AS covered
  }
  WITH g, entities, covered WHERE entities > 0
  CALL (g) {
    MATCH (o:PartyOrganisation)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g)
    WHERE $types IS NULL
       OR EXISTS { (o)-[:COVERS]->(x:MarketEntity)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g)
                   WHERE x.type IN $types }
    RETURN count(o) AS organisations
  }
  CALL (g) {
    OPTIONAL MATCH (m:PartyMember)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g)
    WHERE $types IS NULL
    RETURN count(m) AS located
  }
  CALL (g) {
    OPTIONAL MATCH (m:PartyMember)-[:EMPLOYED_BY]->(e:MarketEntity)-[:LOCATED_IN]->(:Region)
                   -[:PART_OF*0..]->(g)
    WHERE $types IS NOT NULL AND e.type IN $types
    RETURN count(m) AS employed
  }
  RETURN g.id AS id, g.name AS name, entities, covered, organisations,
         located + employed AS members
  UNION ALL
  // A group by an entity column: a property ($property) or a relationship ($link).
  CALL () {
    MATCH (r:Region) WHERE $region IS NULL RETURN r
    UNION
    MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
  }
  MATCH (e:MarketEntity)-[:LOCATED_IN]->(r)
  WHERE ($link IS NOT NULL OR $property IS NOT NULL) AND ($types IS NULL OR e.type IN $types)
  OPTIONAL MATCH (e)-[l]->(g) WHERE type(l) = $link
  WITH e, CASE WHEN $link IS NULL THEN e[$property] ELSE g.id END AS id,
       CASE WHEN $link IS NULL THEN e[$property] ELSE g.name END AS name
  WHERE id IS NOT NULL
  WITH id, name, count(e) AS entities,
       count(CASE WHEN EXISTS { ()-[:COVERS]->(e) } THEN 1 END) AS covered, collect(e) AS found
  CALL (found) {
    UNWIND found AS e
    OPTIONAL MATCH (o)-[:COVERS]->(e)
    RETURN count(DISTINCT o) AS organisations
  }
  CALL (found) {
    UNWIND found AS e
    RETURN sum(COUNT { ()-[:EMPLOYED_BY]->(e) }) AS staff
  }
  RETURN id, name, entities, covered, organisations, staff AS members
}
RETURN id, name, entities, covered,
       CASE WHEN entities = 0 THEN null ELSE toFloat(covered) / entities END AS coverage_rate,
       organisations, members
ORDER BY id

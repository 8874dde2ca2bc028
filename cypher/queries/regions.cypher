// regions: the regions, with their level, GB/T 2260 code and parent.
//
// Parameters (null means "no filter"):
//   $under  a Region id: only it and the regions below it
//   $level  a region level: province, city, county or town
// Returns: id, name, level, code, parent_id, parent_name; sorted by id.
// Example (cypher-shell):
//   :param under => 'R-DA'
//   :param level => 'town'

MATCH (r:Region)
WHERE ($under IS NULL OR EXISTS { (r)-[:PART_OF*0..]->(:Region {id: $under}) })
  AND ($level IS NULL OR r.level = $level)
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN r.id AS id, r.name AS name, r.level AS level, r.code AS code, p.id AS parent_id,
       p.name AS parent_name
ORDER BY id

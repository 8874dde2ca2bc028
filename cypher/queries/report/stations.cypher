// report/stations: liaison stations and consultation desks per kind, and instructors,
// located in the region subtree (an instructor is located where their agency is).
//
// Parameters:
//   $region  a Region id, or null for every region
// Returns one row: liaison_station, consultation_desk, instructors.
// Example: :param region => 'R-DA'

CALL () {
  MATCH (r:Region) WHERE $region IS NULL RETURN r
  UNION
  MATCH (r:Region)-[:PART_OF*0..]->(:Region {id: $region}) RETURN r
}
WITH collect(r) AS regions
RETURN
  COUNT { MATCH (s:Station {kind: 'liaison_station'})-[:LOCATED_IN]->(r) WHERE r IN regions } AS liaison_station,
  COUNT { MATCH (s:Station {kind: 'consultation_desk'})-[:LOCATED_IN]->(r) WHERE r IN regions } AS consultation_desk,
  COUNT { MATCH (:Instructor)-[:BELONGS_TO]->(:Agency)-[:LOCATED_IN]->(r) WHERE r IN regions } AS instructors

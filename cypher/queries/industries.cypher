// industries: the industries.
//
// Parameters: none.
// Returns: id, name; sorted by id.
// Example (cypher-shell): no parameters to set.

MATCH (i:Industry)
RETURN i.id AS id, i.name AS name
ORDER BY id

// Question: Who belongs to which community?
// The communities (Leiden) of the latest write-back (`analyze --source neo4j --write-back`), one
// row per member with the community's size, best connected first.
// Parameters (default after '='):
// @param community:int=null   only this community (null: every community)
// @param limit:int=500        at most this many rows
// Example:
//   stakeholder-graph cypher community_members --param community=0
MATCH (o:Organization)
WHERE o.community IS NOT NULL
WITH o.community AS community, collect(o) AS members
WHERE $community IS NULL OR community = $community
UNWIND members AS o
RETURN community, size(members) AS size, o.id AS id, o.name AS name, o.sector AS sector,
       o.degree AS degree
ORDER BY community, degree DESC, id
LIMIT $limit

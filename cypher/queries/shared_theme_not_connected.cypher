// Question: Which organizations work on the same themes but have never interacted?
// Pairs sharing at least $min_shared themes with no interaction in either direction. Each pair
// is listed once, under the organization with the smaller id; organizations are visited in id
// order (from $from_id on) and each contributes at most $per_organization partners, most
// shared themes first. The answer streams: the server stops after $limit pairs, so it answers
// on 100k organizations too (page on with from_id = the last `a` shown). With
// cross_sector_only, only pairs from different sectors (e.g. a company and an NGO that could
// support the same local cause). With id, only the pairs of that one organization.
// Parameters (default after '='):
// @param min_shared:int=1               minimum number of shared themes
// @param cross_sector_only:bool=false   only pairs from two different sectors
// @param id:str=null                    only the pairs of this organization (either side)
// @param from_id:str=null               start at this organization id (null: the first)
// @param per_organization:int=10        at most this many partners per organization
// @param limit:int=50                   at most this many pairs
// Example:
//   stakeholder-graph cypher shared_theme_not_connected --param min_shared=2 --param cross_sector_only=true
//   stakeholder-graph cypher shared_theme_not_connected --param id=pl-co-stroy --param min_shared=2
MATCH (a:Organization)
WHERE ($id IS NULL OR a.id = $id) AND ($from_id IS NULL OR a.id >= $from_id)
WITH a
ORDER BY a.id
CALL (a) {
  MATCH (a)-[:WORKS_ON]->(t:Theme)<-[:WORKS_ON]-(b:Organization)
  WHERE (a.id < b.id OR $id IS NOT NULL) AND a <> b
    AND (NOT $cross_sector_only OR a.sector <> b.sector)
  WITH b, t
  ORDER BY t.name
  WITH b, collect(t.name) AS shared_themes
  WHERE size(shared_themes) >= $min_shared AND NOT EXISTS { (a)-[:INTERACTED_WITH]-(b) }
  RETURN b, shared_themes
  ORDER BY size(shared_themes) DESC, b.id
  LIMIT $per_organization
}
RETURN a.id AS a, a.name AS a_name, a.sector AS a_sector,
       b.id AS b, b.name AS b_name, b.sector AS b_sector,
       shared_themes, size(shared_themes) AS n_shared
LIMIT $limit

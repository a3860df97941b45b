// Question: Which organizations work on the same themes but have never interacted?
// Pairs sharing at least $min_shared themes with no interaction in either direction, most
// shared themes first. With cross_sector_only, only pairs from different sectors (e.g. a
// company and an NGO that could support the same local cause).
// Parameters (default after '='):
// @param min_shared=1              minimum number of shared themes
// @param cross_sector_only=false   only pairs from two different sectors
// @param limit=50                  at most this many pairs
// Example:
//   stakeholder-graph cypher shared_theme_not_connected --param min_shared=2 --param cross_sector_only=true
MATCH (a:Organization)-[:WORKS_ON]->(t:Theme)<-[:WORKS_ON]-(b:Organization)
WHERE a.id < b.id AND (NOT $cross_sector_only OR a.sector <> b.sector)
WITH a, b, t
ORDER BY t.name
WITH a, b, collect(t.name) AS shared_themes
WHERE size(shared_themes) >= $min_shared AND NOT EXISTS { (a)-[:INTERACTED_WITH]-(b) }
RETURN a.id AS a, a.name AS a_name, a.sector AS a_sector,
       b.id AS b, b.name AS b_name, b.sector AS b_sector,
       shared_themes, size(shared_themes) AS n_shared
ORDER BY n_shared DESC, a, b
LIMIT $limit

// Question: Who trusts each other but does not work together (untapped trust)?
// Pairs whose mean trust (each direction's mean over its survey answers, then the mean of the
// directions answered) is at least $min_trust, with no interaction either way. They may still
// sit in the same activities (shared_activities).
// Parameters (default after '='):
// @param min_trust:float=3.0  mean trust at or above this counts
// @param limit:int=50         at most this many pairs
// Example:
//   stakeholder-graph cypher untapped_trust --param min_trust=3 --param limit=10
MATCH (r:Organization)-[p:PERCEIVES]->(e:Organization)
WHERE p.trust IS NOT NULL AND r <> e
WITH r, e, avg(p.trust) AS direction
WITH CASE WHEN r.id < e.id THEN r ELSE e END AS a, CASE WHEN r.id < e.id THEN e ELSE r END AS b,
     direction
WITH a, b, avg(direction) AS trust, count(*) AS directions
WHERE trust >= $min_trust AND NOT EXISTS { (a)-[:INTERACTED_WITH]-(b) }
OPTIONAL MATCH (a)-[c:CO_PARTICIPATED]-(b)
RETURN a.id AS a, a.name AS a_name, a.sector AS a_sector, b.id AS b, b.name AS b_name,
       b.sector AS b_sector, trust, directions, coalesce(c.activities, 0) AS shared_activities
ORDER BY trust DESC, a, b
LIMIT $limit

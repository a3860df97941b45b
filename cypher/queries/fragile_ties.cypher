// Question: Where do organizations cooperate a lot but trust each other little (fragile ties)?
// Pairs with at least $min_interactions interactions (either direction) whose mean trust, over
// the survey answers either of them gave about the other, is at most $max_trust.
// Parameters (default after '='):
// @param min_interactions:int=3  how many interactions make "a lot"
// @param max_trust:float=2.0  mean trust at or below this is "little"
// Example:
//   stakeholder-graph cypher fragile_ties --param min_interactions=5
MATCH (a:Organization)-[r:INTERACTED_WITH]-(b:Organization)
WHERE a.id < b.id
WITH a, b, count(DISTINCT r) AS interactions
WHERE interactions >= $min_interactions
MATCH (a)-[p:PERCEIVES]-(b)
WHERE p.trust IS NOT NULL
WITH a, b, interactions, avg(p.trust) AS trust, count(DISTINCT p) AS answers
WHERE trust <= $max_trust
RETURN a.id AS a, a.name AS a_name, a.sector AS a_sector,
       b.id AS b, b.name AS b_name, b.sector AS b_sector, interactions, trust, answers
ORDER BY interactions DESC, trust, a, b

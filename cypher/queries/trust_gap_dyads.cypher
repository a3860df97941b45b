// Question: Which pairs of organizations see each other most differently (largest trust gap)?
// trust_ab is the mean trust of a's answers about b (and trust_ba the reverse); only pairs
// that rated each other both ways. gap = |trust_ab - trust_ba|.
// Parameters (default after '='):
// @param min_gap:float=0.0  only pairs with at least this gap
// @param limit:int=20  at most this many pairs, largest gap first
// Example:
//   stakeholder-graph cypher trust_gap_dyads --param min_gap=1.5 --param limit=10
MATCH (a:Organization)-[p:PERCEIVES]->(b:Organization)
WHERE a.id < b.id AND p.trust IS NOT NULL
WITH a, b, avg(p.trust) AS trust_ab
MATCH (b)-[q:PERCEIVES]->(a)
WHERE q.trust IS NOT NULL
WITH a, b, trust_ab, avg(q.trust) AS trust_ba
WITH a, b, trust_ab, trust_ba, abs(trust_ab - trust_ba) AS gap
WHERE gap >= $min_gap
RETURN a.id AS a, a.name AS a_name, a.sector AS a_sector,
       b.id AS b, b.name AS b_name, b.sector AS b_sector, trust_ab, trust_ba, gap
ORDER BY gap DESC, a, b
LIMIT $limit

// Question: Which organizations should meet (potential allies not yet tied), and why?
// Reads the POTENTIAL_ALLY relationships written back by `analyze --write-back`: score, its
// components and the reasons in words.
// Parameters (default after '='):
// @param id:str=null    only the suggestions involving this organization (null: all)
// @param min_score:float=0.0  only suggestions scoring at least this
// @param limit:int=20   at most this many, best first
// Example:
//   stakeholder-graph cypher potential_allies --param id=pl-ngo-roma-1
MATCH (a:Organization)-[r:POTENTIAL_ALLY]->(b:Organization)
WHERE ($id IS NULL OR a.id = $id OR b.id = $id) AND r.score >= $min_score
RETURN a.id AS a, a.name AS a_name, a.sector AS a_sector,
       b.id AS b, b.name AS b_name, b.sector AS b_sector,
       r.score AS score, r.rank AS rank, r.shared_themes AS shared_themes,
       r.shared_partners AS shared_partners, r.reasons AS reasons, r.run_id AS run_id
ORDER BY score DESC, rank, a, b
LIMIT $limit

// Question: What would the Graph Data Science projection of the analysed graph hold?
// The node and relationship counts (and total weight) of the projection in docs/cypher.md
// ("A projection for Graph Data Science"), computed in plain Cypher: every organization, one
// undirected tie per pair that interacted or shared an activity (INTERACTED_WITH or
// CO_PARTICIPATED), weighted as `analyze` weighs it (interaction weights, missing = 1, plus
// $activity_weight per shared activity). Self-interactions are not ties.
// GDS reports an undirected relationship once per direction: relationship_count = 2 × ties.
// Parameters (default after '='):
// @param activity_weight:float=1.0  weight of one shared activity (the analysis uses 1)
// Example:
//   stakeholder-graph cypher gds_projection_counts
MATCH (a:Organization)
OPTIONAL MATCH (a)-[r:INTERACTED_WITH|CO_PARTICIPATED]-(b:Organization)
WHERE a.id < b.id
WITH a, b, sum(CASE type(r) WHEN 'INTERACTED_WITH' THEN coalesce(r.weight, 1.0)
                            ELSE r.activities * $activity_weight END) AS weight
WITH count(DISTINCT a) AS node_count, count(b) AS ties, sum(weight) AS total_weight
RETURN node_count, ties, 2 * ties AS relationship_count, total_weight

// Question: Between which sectors is the initiative one-sided ("the initiative is always ours")?
// For interactions between two different sectors with a recorded initiator: how many each
// sector started (initiator = source or target) and how many were joint. One-sided when one
// sector started at least $share of at least $min_interactions interactions.
// Parameters (default after '='):
// @param share:float=0.8      share of interactions started by one side to call it one-sided
// @param min_interactions:int=3  fewer interactions are never called one-sided
// Example:
//   stakeholder-graph cypher one_sided_initiative --param share=0.75
MATCH (s:Organization)-[r:INTERACTED_WITH]->(t:Organization)
WHERE s.sector <> t.sector AND r.initiator IN ['source', 'target', 'joint']
WITH CASE WHEN s.sector < t.sector THEN s.sector ELSE t.sector END AS sector_a,
     CASE WHEN s.sector < t.sector THEN t.sector ELSE s.sector END AS sector_b,
     CASE r.initiator WHEN 'source' THEN s.sector WHEN 'target' THEN t.sector END AS started_by
WITH sector_a, sector_b, count(*) AS n,
     sum(CASE WHEN started_by = sector_a THEN 1 ELSE 0 END) AS by_a,
     sum(CASE WHEN started_by = sector_b THEN 1 ELSE 0 END) AS by_b
WITH sector_a, sector_b, n, by_a, by_b, toFloat(by_a) / n AS share_a, toFloat(by_b) / n AS share_b
RETURN sector_a, sector_b, n, by_a, by_b, n - by_a - by_b AS joint, share_a, share_b,
       n >= $min_interactions AND (share_a >= $share OR share_b >= $share) AS one_sided,
       CASE WHEN n >= $min_interactions AND share_a >= $share THEN sector_a
            WHEN n >= $min_interactions AND share_b >= $share THEN sector_b END AS initiator
ORDER BY abs(share_a - share_b) DESC, sector_a, sector_b

// Question: Does each sector cooperate in planning, or only in implementation?
// Interactions by stage for every sector taking part (an interaction between two sectors
// counts for both, once per sector); share_planning = planning / interactions with a stage.
// Parameters (default after '='):
// @param since:date=null  only interactions dated on or after this date (null: all)
// @param until:date=null  only interactions dated on or before this date (null: all)
// Example:
//   stakeholder-graph cypher planning_vs_implementation --param since=2024-01-01
MATCH (s:Organization)-[r:INTERACTED_WITH]->(t:Organization)
WHERE ($since IS NULL OR r.date >= $since) AND ($until IS NULL OR r.date <= $until)
WITH r, CASE WHEN s.sector = t.sector THEN [s.sector] ELSE [s.sector, t.sector] END AS sectors
UNWIND sectors AS sector
WITH sector, count(*) AS interactions,
     sum(CASE r.stage WHEN 'planning' THEN 1 ELSE 0 END) AS planning,
     sum(CASE r.stage WHEN 'implementation' THEN 1 ELSE 0 END) AS implementation,
     sum(CASE r.stage WHEN 'evaluation' THEN 1 ELSE 0 END) AS evaluation
WITH sector, interactions, planning, implementation, evaluation,
     planning + implementation + evaluation AS staged
RETURN sector, interactions, planning, implementation, evaluation,
       CASE WHEN staged > 0 THEN toFloat(planning) / staged END AS share_planning
ORDER BY sector

// Question: Which forms of cooperation (consultative councils, operating agreements, grants,
// PPPs, ...) link which pairs of sectors?
// Interactions per unordered sector pair and interaction type, with the share that is formal.
// Parameters (default after '='):
// @param since:date=null  only interactions dated on or after this date (null: all)
// Example:
//   stakeholder-graph cypher cooperation_forms_by_sector_pair --param since=2024-01-01 --format csv
MATCH (s:Organization)-[r:INTERACTED_WITH]->(t:Organization)
WHERE $since IS NULL OR r.date >= $since
WITH CASE WHEN s.sector < t.sector THEN s.sector ELSE t.sector END AS sector_a,
     CASE WHEN s.sector < t.sector THEN t.sector ELSE s.sector END AS sector_b,
     r.type AS type, r.formal AS formal
WITH sector_a, sector_b, type, count(*) AS interactions,
     sum(CASE WHEN formal THEN 1 ELSE 0 END) AS formal_count
RETURN sector_a, sector_b, type, interactions, toFloat(formal_count) / interactions AS share_formal
ORDER BY sector_a, sector_b, interactions DESC, type

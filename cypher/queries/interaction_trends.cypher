// Question: How many interactions are there per month between each pair of sectors?
// Dated interactions counted by month (first day of the month) and by the unordered pair of
// the two organizations' sectors, oldest month first; undated interactions are left out.
// Parameters (default after '='):
// @param since:date=null    only interactions dated on or after this date (null: all)
// @param sector:str=null    only pairs that include this sector (null: all)
// Example:
//   stakeholder-graph cypher interaction_trends --param since=2024-01-01 --param sector=civil
MATCH (a:Organization)-[r:INTERACTED_WITH]->(b:Organization)
WHERE r.date IS NOT NULL AND ($since IS NULL OR r.date >= $since)
  AND ($sector IS NULL OR a.sector = $sector OR b.sector = $sector)
WITH date.truncate('month', r.date) AS month,
     CASE WHEN a.sector <= b.sector THEN a.sector ELSE b.sector END AS sector_a,
     CASE WHEN a.sector <= b.sector THEN b.sector ELSE a.sector END AS sector_b,
     r
RETURN month, sector_a, sector_b, count(r) AS interactions, sum(r.weight) AS weight
ORDER BY month, sector_a, sector_b

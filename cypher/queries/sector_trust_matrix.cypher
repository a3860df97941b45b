// Question: How much does each sector trust each other sector (the sector x sector trust
// matrix), and how one-sided is it?
// Trust of one survey answer is the mean of its trust items (reliability, mission support,
// openness), stored as PERCEIVES.trust; a cell is the mean over the answers of raters of
// rater_sector about ratees of ratee_sector. asymmetry = trust(A rates B) - trust(B rates A),
// null when the reverse cell is empty.
// Parameters (default after '='):
// @param since:date=null  only answers dated on or after this date (null: all answers)
// Example:
//   stakeholder-graph cypher sector_trust_matrix --format csv --out trust.csv
MATCH (a:Organization)-[p:PERCEIVES]->(b:Organization)
WHERE p.trust IS NOT NULL AND ($since IS NULL OR p.date >= $since)
WITH a.sector AS rater_sector, b.sector AS ratee_sector, avg(p.trust) AS trust, count(*) AS n
WITH collect({rater: rater_sector, ratee: ratee_sector, trust: trust, n: n}) AS cells
UNWIND cells AS cell
WITH cell, [c IN cells WHERE c.rater = cell.ratee AND c.ratee = cell.rater][0] AS reverse
RETURN cell.rater AS rater_sector, cell.ratee AS ratee_sector, cell.trust AS trust,
       cell.n AS n, cell.trust - reverse.trust AS asymmetry
ORDER BY rater_sector, ratee_sector

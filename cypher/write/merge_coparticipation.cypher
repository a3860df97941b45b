// Create or update one CO_PARTICIPATED relationship per pair of organizations that took part in
// the same activity (from the smaller id to the larger), with the number of shared activities.
// $rows: list of {a, b, activities}.
// Returns `unchanged`: rows whose stored count was already this one.
UNWIND $rows AS row
MATCH (a:Organization {id: row.a})
MATCH (b:Organization {id: row.b})
MERGE (a)-[c:CO_PARTICIPATED]->(b)
ON CREATE SET c._created = true
WITH c, row, properties(c) AS before
SET c.activities = row.activities
REMOVE c._created
RETURN count(CASE WHEN properties(c) = before THEN 1 END) AS unchanged

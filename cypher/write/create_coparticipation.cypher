// Fast path of a load into a database without a network: one CO_PARTICIPATED relationship per
// pair of organizations sharing an activity. $rows: list of {a, b, activities} (a < b).
UNWIND $rows AS row
MATCH (a:Organization {id: row.a})
MATCH (b:Organization {id: row.b})
CREATE (a)-[:CO_PARTICIPATED {activities: row.activities}]->(b)

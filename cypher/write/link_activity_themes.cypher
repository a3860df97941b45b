// One WORKS_ON relationship from an activity to each theme it lists.
// $rows: list of {id, theme}.
UNWIND $rows AS row
MATCH (a:Activity {id: row.id})
MATCH (t:Theme {name: row.theme})
MERGE (a)-[:WORKS_ON]->(t)

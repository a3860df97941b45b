// One WORKS_ON relationship from an organization to each theme it lists.
// $rows: list of {id, theme}.
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MATCH (t:Theme {name: row.theme})
MERGE (o)-[:WORKS_ON]->(t)

// One BASED_IN relationship from an activity to the municipality it takes place in.
// $rows: list of {id, municipality}.
UNWIND $rows AS row
MATCH (a:Activity {id: row.id})
MATCH (m:Municipality {name: row.municipality})
MERGE (a)-[:BASED_IN]->(m)

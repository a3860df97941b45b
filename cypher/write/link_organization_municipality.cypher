// One BASED_IN relationship from an organization to its municipality.
// $rows: list of {id, municipality}.
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MATCH (m:Municipality {name: row.municipality})
MERGE (o)-[:BASED_IN]->(m)

// Remove BASED_IN relationships to a municipality an organization is no longer based in.
// $rows: list of {id, municipality (empty string when none)}.
UNWIND $rows AS row
MATCH (:Organization {id: row.id})-[b:BASED_IN]->(m:Municipality)
WHERE m.name <> row.municipality
DELETE b

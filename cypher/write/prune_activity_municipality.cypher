// Remove BASED_IN relationships to a municipality an activity no longer takes place in.
// $rows: list of {id, municipality (empty string when none)}.
UNWIND $rows AS row
MATCH (:Activity {id: row.id})-[b:BASED_IN]->(m:Municipality)
WHERE m.name <> row.municipality
DELETE b

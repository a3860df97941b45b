// Remove interactions whose id now belongs to another pair of organizations (reloads), so the
// MERGE that follows can recreate them between the right endpoints.
// $rows: list of {id, source, target}.
UNWIND $rows AS row
MATCH (s:Organization)-[r:INTERACTED_WITH {id: row.id}]->(t:Organization)
WHERE s.id <> row.source OR t.id <> row.target
DELETE r

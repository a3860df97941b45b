// Remove WORKS_ON relationships to themes an organization no longer lists (reloads).
// $rows: list of {id, themes (list, possibly empty)}.
UNWIND $rows AS row
MATCH (:Organization {id: row.id})-[w:WORKS_ON]->(t:Theme)
WHERE NOT t.name IN row.themes
DELETE w

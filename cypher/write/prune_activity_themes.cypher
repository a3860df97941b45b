// Remove WORKS_ON relationships to themes an activity no longer lists (reloads).
// $rows: list of {id, themes (list, possibly empty)}.
UNWIND $rows AS row
MATCH (:Activity {id: row.id})-[w:WORKS_ON]->(t:Theme)
WHERE NOT t.name IN row.themes
DELETE w

// Read back activities.csv: one row per Activity node (dates as ISO strings). `themes_text`
// holds the themes cell as written when it differs from the ';'-joined `themes` list.
MATCH (a:Activity)
RETURN a.id AS id, a.name AS name, a.kind AS kind, coalesce(a.themes_text, a.themes) AS themes,
       toString(a.start) AS start, toString(a.end) AS end, a.municipality AS municipality
ORDER BY id

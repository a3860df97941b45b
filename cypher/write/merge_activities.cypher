// Create or update one Activity node per row.
// $rows: list of {id, name, kind, themes (list), themes_text, start, end, municipality};
// themes_text as for organizations; dates as ISO strings,
// a null value removes the property.
// Returns `unchanged`: rows whose stored properties were already exactly these (a row
// created here is marked `_created` until the end, so it never counts as unchanged).
UNWIND $rows AS row
MERGE (a:Activity {id: row.id})
ON CREATE SET a._created = true
WITH a, row, properties(a) AS before
SET a.name = row.name,
    a.kind = row.kind,
    a.themes = row.themes,
    a.themes_text = row.themes_text,
    a.start = date(row.start),
    a.end = date(row.end),
    a.municipality = row.municipality
REMOVE a._created
RETURN count(CASE WHEN properties(a) = before THEN 1 END) AS unchanged

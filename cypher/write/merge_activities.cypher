// Create or update one Activity node per row.
// $rows: list of {id, name, kind, themes (list), themes_text, start, end, municipality};
// themes_text as for organizations; dates as ISO strings,
// a null value removes the property.
UNWIND $rows AS row
MERGE (a:Activity {id: row.id})
SET a.name = row.name,
    a.kind = row.kind,
    a.themes = row.themes,
    a.themes_text = row.themes_text,
    a.start = date(row.start),
    a.end = date(row.end),
    a.municipality = row.municipality

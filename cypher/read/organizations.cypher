// Read back organizations.csv: one row per Organization node. `themes_text` holds the themes
// cell as written when it differs from the ';'-joined `themes` list (e.g. spaces around ';').
MATCH (o:Organization)
RETURN o.id AS id, o.name AS name, o.sector AS sector, o.type AS type,
       o.municipality AS municipality, o.country AS country,
       coalesce(o.themes_text, o.themes) AS themes, o.founded AS founded, o.staff AS staff
ORDER BY id

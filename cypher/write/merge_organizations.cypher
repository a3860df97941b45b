// Create or update one Organization node per row, with exactly one sector label from the fixed
// set Public / Private / Civil / SocialEconomy (chosen by CASE on the validated sector, never
// from user text).
// $rows: list of {id, name, sector, type, municipality, country, themes (list), themes_text,
// founded, staff, sectorCode (0 public, 1 private, 2 civil, 3 social_economy),
// searchName (the name folded for lookup, stakeholder_graph/store/name_search.py)};
// themes_text is the cell as written, only when it is not the joined list;
// a null value removes the property.
// Returns `unchanged`: rows whose stored properties were already exactly these (a row
// created here is marked `_created` until the end, so it never counts as unchanged).
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
ON CREATE SET o._created = true
WITH o, row, properties(o) AS before
SET o.name = row.name,
    o.searchName = row.searchName,
    o.sector = row.sector,
    o.sectorCode = row.sectorCode,
    o.type = row.type,
    o.municipality = row.municipality,
    o.country = row.country,
    o.themes = row.themes,
    o.themes_text = row.themes_text,
    o.founded = row.founded,
    o.staff = row.staff
FOREACH (_ IN CASE WHEN row.sector <> 'public' AND o:Public THEN [1] ELSE [] END |
  REMOVE o:Public)
FOREACH (_ IN CASE WHEN row.sector <> 'private' AND o:Private THEN [1] ELSE [] END |
  REMOVE o:Private)
FOREACH (_ IN CASE WHEN row.sector <> 'civil' AND o:Civil THEN [1] ELSE [] END |
  REMOVE o:Civil)
FOREACH (_ IN CASE WHEN row.sector <> 'social_economy' AND o:SocialEconomy THEN [1] ELSE [] END |
  REMOVE o:SocialEconomy)
FOREACH (_ IN CASE WHEN row.sector = 'public' THEN [1] ELSE [] END | SET o:Public)
FOREACH (_ IN CASE WHEN row.sector = 'private' THEN [1] ELSE [] END | SET o:Private)
FOREACH (_ IN CASE WHEN row.sector = 'civil' THEN [1] ELSE [] END | SET o:Civil)
FOREACH (_ IN CASE WHEN row.sector = 'social_economy' THEN [1] ELSE [] END | SET o:SocialEconomy)
REMOVE o._created
RETURN count(CASE WHEN properties(o) = before THEN 1 END) AS unchanged

// Question: Which organizations have this (partial) name?
// Case- and accent-insensitive: "zelen" and "Зелен" find "Зелен Плевен", "plev" finds
// "Плевен" (Cyrillic is matched transliterated), "Borne" finds "Børne", "gyori" finds "Győri".
// Matches the name as written (lower case) or searchName, the name folded at load time.
// Parameters (default after '='):
// @param text:str          part of the name (required)
// @param limit:int=20      at most this many organizations
// Example:
//   stakeholder-graph cypher find_organization --param text=zelen
WITH toLower(trim($text)) AS part
MATCH (o:Organization)
WHERE toLower(o.name) CONTAINS part OR o.searchName CONTAINS part OR toLower(o.id) CONTAINS part
RETURN o.id AS id, o.name AS name, o.sector AS sector, o.type AS type,
       o.municipality AS municipality
ORDER BY CASE WHEN o.searchName STARTS WITH part OR toLower(o.name) STARTS WITH part
         THEN 0 ELSE 1 END, o.name, o.id
LIMIT $limit

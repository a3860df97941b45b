// Question: Which themes does each sector work on, and which themes are left to one sector only
// (where companies, NGOs and the municipality could meet, or do not)?
// Organizations per theme and sector; `sectors` is how many sectors work on the theme.
// Parameters (default after '='):
// @param max_sectors:int=4  only themes covered by at most this many sectors (1: single-sector)
// Example:
//   stakeholder-graph cypher themes_by_sector --param max_sectors=1
MATCH (o:Organization)-[:WORKS_ON]->(t:Theme)
WITH t.name AS theme,
     count(DISTINCT CASE WHEN o.sector = 'public' THEN o END) AS public,
     count(DISTINCT CASE WHEN o.sector = 'private' THEN o END) AS private,
     count(DISTINCT CASE WHEN o.sector = 'civil' THEN o END) AS civil,
     count(DISTINCT CASE WHEN o.sector = 'social_economy' THEN o END) AS social_economy,
     count(DISTINCT o) AS organizations
WITH theme, public, private, civil, social_economy, organizations,
     size([x IN [public, private, civil, social_economy] WHERE x > 0]) AS sectors
WHERE sectors <= $max_sectors
RETURN theme, public, private, civil, social_economy, organizations, sectors
ORDER BY organizations DESC, theme

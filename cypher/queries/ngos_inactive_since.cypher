// Question: Which NGOs have had no interaction since a given date (drifting out, or never in)?
// Undated interactions do not count as recent. `last_interaction` is null for an organization
// that never interacted.
// Parameters (default after '='):
// @param since:date=2024-01-01  the date from which an interaction counts as recent
// @param sectors:list[str]=[civil]  sectors whose organizations are checked
// Example:
//   stakeholder-graph cypher ngos_inactive_since --param since=2025-01-01
MATCH (n:Organization)
WHERE n.sector IN $sectors
OPTIONAL MATCH (n)-[r:INTERACTED_WITH]-(:Organization)
WITH n, max(r.date) AS last_interaction, count(DISTINCT r) AS interactions
WHERE last_interaction IS NULL OR last_interaction < $since
RETURN n.id AS id, n.name AS name, n.sector AS sector, n.municipality AS municipality,
       last_interaction, interactions
ORDER BY last_interaction, id

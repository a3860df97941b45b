// Question: Which NGOs are flagged as drifting out of the network, since when, and why?
// Reads the isolation flags written back by `analyze --write-back` or `flag-isolated
// --write-back` (isolation_flags: no_interaction, no_public_tie, civil_only, single_tie,
// declining).
// Parameters (default after '='):
// @param municipality:str=null  only organizations based in this municipality (null: all)
// Example:
//   stakeholder-graph cypher isolated_ngos --param municipality=Плевен
MATCH (o:Organization)
WHERE o.isolated = true AND ($municipality IS NULL OR o.municipality = $municipality)
RETURN o.id AS id, o.name AS name, o.sector AS sector, o.municipality AS municipality,
       o.isolation_flags AS flags, o.isolation_reasons AS reasons, o.flagged_at AS flagged_at,
       o.isolation_run AS run_id
ORDER BY size(coalesce(o.isolation_flags, [])) DESC, id

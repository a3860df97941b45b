// Question: Which NGOs have no tie to any public body (municipality, council, agency, school)?
// A tie is an interaction in either direction or, unless switched off, taking part in the same
// activity (council, project, hearing, ...) as a public body.
// Parameters (default after '='):
// @param sectors:list[str]=[civil]  sectors whose organizations are checked (NGOs: civil)
// @param coparticipation:bool=true  a shared activity with a public body counts as a tie
// Example:
//   stakeholder-graph cypher ngos_without_public_tie --param sectors=civil,social_economy
MATCH (n:Organization)
WHERE n.sector IN $sectors
  AND NOT EXISTS { (n)-[:INTERACTED_WITH]-(:Public) }
  AND (NOT $coparticipation
       OR NOT EXISTS { (n)-[:PARTICIPATES_IN]->(:Activity)<-[:PARTICIPATES_IN]-(:Public) })
RETURN n.id AS id, n.name AS name, n.sector AS sector, n.municipality AS municipality,
       COUNT { (n)-[:INTERACTED_WITH]-(:Organization) } AS interactions
ORDER BY interactions DESC, id

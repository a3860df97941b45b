// Question: Who does one organization cooperate with, how much, and how do they rate each other?
// Its interaction partners (either direction) with the number of interactions, their total
// weight, the kinds of cooperation, the last date, and the mean trust each way.
// Parameters:
// @param id:str  id of the organization (required)
// Example:
//   stakeholder-graph cypher ego_network --param id=pl-adm-mayor --format json
MATCH (e:Organization {id: $id})-[r:INTERACTED_WITH]-(p:Organization)
WHERE p <> e
WITH e, p, count(DISTINCT r) AS interactions, sum(r.weight) AS weight,
     collect(DISTINCT r.type) AS types, max(r.date) AS last_interaction
OPTIONAL MATCH (e)-[given:PERCEIVES]->(p)
WITH e, p, interactions, weight, types, last_interaction, avg(given.trust) AS trust_given
OPTIONAL MATCH (p)-[received:PERCEIVES]->(e)
RETURN p.id AS partner, p.name AS partner_name, p.sector AS sector, interactions, weight,
       types, last_interaction, trust_given, avg(received.trust) AS trust_received
ORDER BY interactions DESC, partner

// Question: Which organizations broker between sectors (Gould-Fernandez roles with sectors as
// groups), and how central are they?
// Reads the metrics written back by `stakeholder-graph analyze --source neo4j --write-back`
// (brokerage = total role count, broker_role = the dominant role, betweenness, ei_index).
// Parameters (default after '='):
// @param sector:str=null  only organizations of this sector (null: all)
// @param limit:int=20  at most this many organizations, most brokerage first
// Example:
//   stakeholder-graph cypher brokers_between_sectors --param sector=civil --param limit=10
MATCH (o:Organization)
WHERE o.brokerage IS NOT NULL AND o.brokerage > 0 AND ($sector IS NULL OR o.sector = $sector)
RETURN o.id AS id, o.name AS name, o.sector AS sector, o.broker_role AS broker_role,
       o.brokerage AS brokerage, o.liaison AS liaison, o.gatekeeper AS gatekeeper,
       o.representative AS representative, o.coordinator AS coordinator,
       o.itinerant AS itinerant, o.betweenness AS betweenness, o.ei_index AS ei_index,
       o.metrics_run AS run_id
ORDER BY brokerage DESC, betweenness DESC, id
LIMIT $limit

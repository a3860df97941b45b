// Question: Through whom could two organizations reach each other (the shortest chain of
// organizations that have interacted, up to 12 steps)?
// Interactions count in either direction. No row when they are not connected.
// Parameters:
// @param from:str  id of the first organization (required)
// @param to:str  id of the second organization (required)
// Example:
//   stakeholder-graph cypher shortest_cooperation_path --param from=pl-ngo-roma-1 --param to=pl-co-bank
MATCH (a:Organization {id: $from}), (b:Organization {id: $to})
MATCH path = shortestPath((a)-[:INTERACTED_WITH*..12]-(b))
RETURN length(path) AS hops,
       [n IN nodes(path) | n.id] AS ids,
       [n IN nodes(path) | n.name] AS names,
       [n IN nodes(path) | n.sector] AS sectors,
       [r IN relationships(path) | r.type] AS interaction_types

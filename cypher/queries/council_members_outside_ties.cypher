// Question: Who sits on each consultative council, and does each member cooperate with anyone
// outside it?
// For every activity of kind $kind: its members with their roles, and their interaction
// partners who are not members of that council (how many, and in how many other sectors).
// Parameters (default after '='):
// @param kind:str=council  the activity kind (council, project, hearing, forum, network)
// Example:
//   stakeholder-graph cypher council_members_outside_ties --format csv
MATCH (c:Activity {kind: $kind})<-[:PARTICIPATES_IN]-(m:Organization)
WITH c, collect(DISTINCT m) AS members
UNWIND members AS m
OPTIONAL MATCH (m)-[:INTERACTED_WITH]-(x:Organization)
WHERE NOT x IN members
WITH c, members, m, count(DISTINCT x) AS outside_partners,
     count(DISTINCT CASE WHEN x.sector <> m.sector THEN x.sector END) AS outside_sectors
MATCH (m)-[p:PARTICIPATES_IN]->(c)
WITH c, members, m, outside_partners, outside_sectors, collect(DISTINCT p.role) AS roles
RETURN c.id AS council, c.name AS council_name, size(members) AS members,
       m.id AS member, m.name AS member_name, m.sector AS sector, roles,
       outside_partners, outside_sectors
ORDER BY council, member

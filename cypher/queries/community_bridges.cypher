// Question: Who bridges two communities?
// Organizations tied (an interaction or a shared activity: INTERACTED_WITH or CO_PARTICIPATED,
// the ties the analysis counts) to partners in another community of the latest write-back;
// one row per organization and other community, most partners there first.
// Parameters (default after '='):
// @param a:int=null      the organization's community (null: any)
// @param b:int=null      the partners' community (null: any other)
// @param limit:int=50    at most this many rows
// Example:
//   stakeholder-graph cypher community_bridges --param a=0 --param b=1
MATCH (x:Organization)-[r:INTERACTED_WITH|CO_PARTICIPATED]-(y:Organization)
WHERE x.community IS NOT NULL AND y.community IS NOT NULL AND x.community <> y.community
  AND ($a IS NULL OR x.community = $a) AND ($b IS NULL OR y.community = $b)
WITH x, y.community AS other, count(DISTINCT y) AS partners,
     count(CASE WHEN type(r) = 'INTERACTED_WITH' THEN 1 END) AS interactions,
     collect(DISTINCT y.id)[..5] AS some_partners
RETURN x.id AS id, x.name AS name, x.sector AS sector, x.community AS community,
       other AS other_community, partners, interactions, some_partners
ORDER BY partners DESC, interactions DESC, id, other_community
LIMIT $limit

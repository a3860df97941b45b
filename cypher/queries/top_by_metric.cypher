// Question: Which organizations rank highest by a written-back metric?
// Any numeric metric of the latest write-back (degree, strength, betweenness, closeness,
// harmonic, pagerank, eigenvector, constraint, coreness, brokerage, trust_received,
// trust_given), highest first (lowest first with ascending), ties broken by id. A metric name
// outside that list returns no rows.
// Parameters (default after '='):
// @param metric:str=betweenness   the metric to rank by
// @param sector:str=null          only organizations of this sector (null: all)
// @param ascending:bool=false     lowest first (e.g. constraint: least constrained)
// @param limit:int=10             at most this many organizations
// Example:
//   stakeholder-graph cypher top_by_metric --param metric=pagerank --param sector=civil
MATCH (o:Organization)
WHERE $metric IN ['degree', 'strength', 'betweenness', 'closeness', 'harmonic', 'pagerank',
                  'eigenvector', 'constraint', 'coreness', 'brokerage', 'trust_received',
                  'trust_given']
  AND ($sector IS NULL OR o.sector = $sector) AND o[$metric] IS NOT NULL
WITH o, o[$metric] AS value
RETURN o.id AS id, o.name AS name, o.sector AS sector, value, o.community AS community
ORDER BY CASE WHEN $ascending THEN value ELSE -value END, id
LIMIT $limit

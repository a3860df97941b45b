// Question: How have one organization's metrics changed from one analysis run to the next?
// One row per written-back analysis run (`analyze --source neo4j --write-back`), oldest first,
// with the metrics that run computed for the organization (the MEASURED_IN history).
// Parameters:
// @param id:str            id of the organization (required)
// @param kind:str=null     only runs of this kind (analyze, flag-isolated; null: any)
// Example:
//   stakeholder-graph cypher metric_trajectory --param id=pl-adm-mayor --format csv
MATCH (o:Organization {id: $id})-[m:MEASURED_IN]->(r:AnalysisRun)
WHERE $kind IS NULL OR r.kind = $kind
RETURN r.id AS run, r.started_at AS started_at, r.dataset AS dataset,
       m.degree AS degree, m.strength AS strength, m.betweenness AS betweenness,
       m.pagerank AS pagerank, m.eigenvector AS eigenvector, m.constraint AS constraint,
       m.community AS community, m.brokerage AS brokerage, m.trust_received AS trust_received
ORDER BY started_at, run

// Question: Which analysis run produced the numbers on the graph, when, from what, and with
// which parameters?
// The most recent AnalysisRun node (by start time).
// Parameters (default after '='):
// @param kind:str=null  only runs of this kind (analyze, flag-isolated; null: any)
// Example:
//   stakeholder-graph cypher latest_analysis_run --format json
MATCH (r:AnalysisRun)
WHERE $kind IS NULL OR r.kind = $kind
RETURN r.id AS id, r.kind AS kind, r.started_at AS started_at, r.finished_at AS finished_at,
       r.source AS source, r.network AS network, r.organizations AS organizations,
       r.allies AS allies, size(coalesce(r.isolated, [])) AS isolated,
       r.parameters AS parameters
ORDER BY r.started_at DESC, r.id DESC
LIMIT 1

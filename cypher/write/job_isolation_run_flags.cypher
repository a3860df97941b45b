// Isolated-NGO job (read): what run $id flagged — every id in its `isolated` list, with the
// flags and reasons of its [:FLAGGED_IN] relationship when the organization is in the graph.
// $id: run id.
MATCH (r:AnalysisRun {id: $id})
UNWIND coalesce(r.isolated, []) AS oid
OPTIONAL MATCH (o:Organization {id: oid})-[f:FLAGGED_IN]->(r)
RETURN oid AS id,
       coalesce(o.name, '') AS name,
       coalesce(f.flags, []) AS flags,
       coalesce(f.reasons, []) AS reasons

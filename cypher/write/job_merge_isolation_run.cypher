// Isolated-NGO job: record one run as an (:AnalysisRun:IsolationRun) node, linked by
// [:FOLLOWS] to the run it was compared with. Merged on id — the id is a digest of the day, the
// parameters, the flags and the previous run — so recording the same run again changes nothing.
// A new node starts with complete = false; job_complete_isolation_run marks it done once the
// flags are written, and only complete runs count as "the previous run".
// $id: run id; $previous_id: id of the run compared with, or null;
// $props: {kind, started_at, run_date, as_of, window_days, source, network, parameters (JSON),
//          content_key, checked, isolated (ids), newly_isolated (ids), recovered (ids),
//          isolated_count, newly_isolated_count, still_isolated_count, recovered_count}.
MERGE (r:AnalysisRun {id: $id})
ON CREATE SET r.complete = false
SET r:IsolationRun
SET r += $props
WITH r
OPTIONAL MATCH (p:AnalysisRun {id: $previous_id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (r)-[:FOLLOWS]->(p))
RETURN r.id AS id

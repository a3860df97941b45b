// Isolated-NGO job: mark run $id complete (with when it finished), after its flags were written.
// $id: run id.
MATCH (r:AnalysisRun {id: $id})
SET r.complete = true, r.finished_at = coalesce(r.finished_at, datetime())
RETURN r.id AS id

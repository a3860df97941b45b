// Isolated-NGO job: mark run $id complete, after its flags were written.
// $id: run id.
MATCH (r:AnalysisRun {id: $id})
SET r.complete = true
RETURN r.id AS id

// Write-back: the AnalysisRun node that every written-back number points to (by its id).
// Merged on id, so recording the same run again changes nothing.
// $id: run id; $props: {kind, started_at, finished_at, parameters (JSON string), source,
// network, organizations, ties, isolated (list of ids), allies, summary (JSON string)}.
MERGE (r:AnalysisRun {id: $id})
SET r += $props
RETURN r.id AS id

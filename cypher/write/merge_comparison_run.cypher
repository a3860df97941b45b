// Write-back of `compare --write-back`: the ComparisonRun node every per-organization change
// hangs off (by its id). Merged on id, so recording the same run again changes nothing.
// $id: run id; $props: {kind, computed_at, network, source, before_since, before_until,
// after_since, after_until, ties_gained, ties_lost, summary (JSON string)}.
MERGE (r:ComparisonRun {id: $id})
SET r += $props
RETURN r.id AS id

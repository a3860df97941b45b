// Isolated-NGO job: mark one batch of flagged organizations and record the flag history.
// Each flagged organization gets a [:FLAGGED_IN {flags, reasons, status, last_interaction}]
// relationship to the run, and on the node: isolated = true, isolation_flags (codes),
// isolation_reasons (words), isolation_run (run id) and flagged_at — the time it was first
// flagged, kept while it stays flagged. Idempotent: writing the same batch again changes nothing.
// $run_id: run id; $flagged_at: datetime of the run;
// $rows: list of {id, flags, reasons, status, last_interaction (date or null)}.
MATCH (r:AnalysisRun {id: $run_id})
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MERGE (o)-[f:FLAGGED_IN]->(r)
SET f.flags = row.flags,
    f.reasons = row.reasons,
    f.status = row.status,
    f.last_interaction = row.last_interaction
WITH o, row, coalesce(o.isolated, false) AND o.flagged_at IS NOT NULL AS already
SET o.flagged_at = CASE WHEN already THEN o.flagged_at ELSE $flagged_at END,
    o.isolated = true,
    o.isolation_flags = row.flags,
    o.isolation_reasons = row.reasons,
    o.isolation_run = $run_id
RETURN count(o) AS flagged

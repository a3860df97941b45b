// Write-back: the isolation flag of each organization checked in a run. `flagged_at` keeps the
// time an organization was first flagged while it stays flagged, and is removed when it
// recovers; `isolation_flags` lists the reasons' codes (no_interaction, no_public_tie,
// civil_only, single_tie, declining), `isolation_reasons` says them in words.
// $rows: list of {id, isolated, reasons, flags}; $flagged_at: datetime of the run;
// $run_id: the AnalysisRun id.
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
WITH o, row, coalesce(o.isolated, false) AND o.flagged_at IS NOT NULL AS already
SET o.flagged_at = CASE
      WHEN NOT row.isolated THEN null
      WHEN already THEN o.flagged_at
      ELSE $flagged_at
    END,
    o.isolated = row.isolated,
    o.isolation_reasons = row.reasons,
    o.isolation_flags = row.flags,
    o.isolation_run = $run_id

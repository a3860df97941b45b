// Isolated-NGO job: organizations still marked isolated by an earlier run but not flagged by run
// $run_id have recovered — clear their flag and point them at this run.
// $run_id: run id (job_flag_organizations has already set it on every organization it flags).
MATCH (o:Organization)
WHERE o.isolated = true AND coalesce(o.isolation_run, '') <> $run_id
SET o.isolated = false,
    o.isolation_run = $run_id
REMOVE o.flagged_at, o.isolation_flags, o.isolation_reasons
RETURN count(o) AS cleared

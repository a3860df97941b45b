// Isolated-NGO job (read): the latest complete run and the run it was compared with.
// No parameters. Returns one row, or none before the first run.
MATCH (r:IsolationRun)
WHERE r.complete = true
WITH r
ORDER BY r.started_at DESC, r.id DESC
LIMIT 1
OPTIONAL MATCH (r)-[:FOLLOWS]->(p:IsolationRun)
RETURN r {.id, .started_at, .run_date, .content_key} AS latest,
       p {.id, .started_at, .run_date, .content_key} AS base

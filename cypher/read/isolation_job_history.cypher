// Isolated-NGO job (read, for the dashboard's Isolated view): the latest $runs complete runs
// written by `flag-isolated --write-back`, newest first — when each ran, as of which date and
// with which window, how many NGOs it found newly isolated, still isolated and recovered, the
// run it was compared with, each flagged organization with its status (new, still) and the
// recovered organizations with their names.
// $runs: how many runs (an integer, at least 1).
MATCH (r:IsolationRun)
WHERE r.complete = true
WITH r
ORDER BY r.started_at DESC, r.id DESC
LIMIT $runs
OPTIONAL MATCH (r)-[:FOLLOWS]->(p:IsolationRun)
RETURN r.id AS id,
       r.started_at AS started_at,
       r.as_of AS as_of,
       r.window_days AS window_days,
       p.started_at AS previous_started_at,
       coalesce(r.isolated_count, 0) AS isolated,
       coalesce(r.newly_isolated_count, 0) AS newly_isolated,
       coalesce(r.still_isolated_count, 0) AS still_isolated,
       coalesce(r.recovered_count, 0) AS recovered,
       COLLECT {
         MATCH (o:Organization)-[f:FLAGGED_IN]->(r)
         RETURN {id: o.id, name: o.name, status: f.status}
       } AS flagged,
       COLLECT {
         UNWIND coalesce(r.recovered, []) AS rid
         OPTIONAL MATCH (o:Organization {id: rid})
         RETURN {id: rid, name: coalesce(o.name, rid)}
       } AS recovered_organizations
ORDER BY started_at DESC, id DESC

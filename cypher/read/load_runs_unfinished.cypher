// LoadRun nodes still `in_progress`: loads that were interrupted (or run right now by another
// `load`), oldest first.
MATCH (l:LoadRun {status: 'in_progress'})
RETURN l.id AS id, l.dataset AS dataset, l.replace AS replace, toString(l.started_at) AS started_at
ORDER BY l.started_at

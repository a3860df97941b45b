// The latest completed load: what dataset the database holds, and when it was loaded.
MATCH (l:LoadRun {status: 'complete'})
RETURN l.id AS id, l.dataset AS dataset, l.content_hash AS content_hash,
       l.finished_at AS loaded_at
ORDER BY l.finished_at DESC
LIMIT 1

// Written last by `load`: the load is complete, with its counts as plain properties.
// $id: the LoadRun; $counts: a map of integer counts (e.g. organizations, interactions,
// relationships_created); interrupted loads it finished ($recovered ids) are marked so.
MATCH (l:LoadRun {id: $id})
SET l.status = 'complete', l.finished_at = datetime(), l += $counts
WITH l
OPTIONAL MATCH (old:LoadRun)
WHERE old.id IN $recovered
SET old.status = 'interrupted', old.finished_by = l.id
RETURN l.id AS id

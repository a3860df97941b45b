// One batch of `load --replace`: delete up to $limit nodes of the network (organizations,
// activities, themes, municipalities) with whatever relationships remain. Run until it returns 0.
// AnalysisRun nodes (the history of runs) are kept.
MATCH (n)
WHERE n:Organization OR n:Activity OR n:Theme OR n:Municipality
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(n) AS deleted

// Second step of `load --replace` on the Cypher path: delete the nodes of the network
// (organizations, activities, themes, municipalities) with whatever relationships remain,
// committing every $limit of them. One scan (an auto-commit query: CALL ... IN TRANSACTIONS).
// AnalysisRun nodes (the history of runs) are kept.
MATCH (n)
WHERE n:Organization OR n:Activity OR n:Theme OR n:Municipality
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF $limit ROWS

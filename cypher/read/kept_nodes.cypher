// Before an offline import replaces the database: every node that is not part of the network
// (AnalysisRun, LoadRun, IsolationRun, ComparisonRun, ...), to be carried into the new database.
MATCH (n)
WHERE NOT (n:Organization OR n:Activity OR n:Theme OR n:Municipality)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props

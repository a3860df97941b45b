// benchmarks/bench_load_floor.py: delete the probe nodes and their relationships, committing
// every $limit nodes (run as an auto-commit query: CALL ... IN TRANSACTIONS).
MATCH (n:LoadFloorProbe)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF $limit ROWS

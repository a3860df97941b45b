// benchmarks/bench_load_floor.py: delete the probe relationships, committing every $limit
// (run as an auto-commit query: CALL ... IN TRANSACTIONS).
MATCH (:LoadFloorProbe)-[r:LOAD_FLOOR_PROBE]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF $limit ROWS

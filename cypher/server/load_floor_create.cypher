// benchmarks/bench_load_floor.py: the barest CREATE of a relationship, its ends found by
// element id: what the server spends per relationship before any property or index.
UNWIND $rows AS row
MATCH (s) WHERE elementId(s) = row.s
MATCH (t) WHERE elementId(t) = row.t
CREATE (s)-[:LOAD_FLOOR_PROBE]->(t)

// benchmarks/bench_load_floor.py: $count probe nodes to create relationships between; returns
// their element ids (the relationships then need no index lookup).
UNWIND range(1, $count) AS i
CREATE (n:LoadFloorProbe {i: i})
RETURN elementId(n) AS id

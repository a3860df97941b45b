// benchmarks/bench_load_floor.py: CREATE with the 8 properties of an INTERACTED_WITH
// (cypher/write/create_interactions.cypher), its ends found by element id.
UNWIND $rows AS row
MATCH (s) WHERE elementId(s) = row.s
MATCH (t) WHERE elementId(t) = row.t
CREATE (s)-[r:LOAD_FLOOR_PROBE {id: row.id}]->(t)
SET r.type = 'meeting',
    r.date = date(row.date),
    r.end_date = date(row.date),
    r.initiator = 'source',
    r.stage = 'implementation',
    r.weight = 1.0,
    r.formal = true

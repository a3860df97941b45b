// Fast path of merge_interactions for a database that holds no network yet (`load` into an
// empty database, or after --replace): CREATE instead of MERGE, same rows and properties.
UNWIND $rows AS row
MATCH (s:Organization {id: row.source})
MATCH (t:Organization {id: row.target})
CREATE (s)-[r:INTERACTED_WITH {id: row.id}]->(t)
SET r.type = row.type,
    r.date = date(row.date),
    r.end_date = date(row.end_date),
    r.initiator = row.initiator,
    r.stage = row.stage,
    r.weight = row.weight,
    r.formal = row.formal

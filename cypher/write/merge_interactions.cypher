// Create or update one INTERACTED_WITH relationship per interaction, keyed by its id.
// $rows: list of {id, source, target, type, date, end_date, initiator, stage, weight, formal};
// dates as ISO strings, a null value removes the property.
UNWIND $rows AS row
MATCH (s:Organization {id: row.source})
MATCH (t:Organization {id: row.target})
MERGE (s)-[r:INTERACTED_WITH {id: row.id}]->(t)
SET r.type = row.type,
    r.date = date(row.date),
    r.end_date = date(row.end_date),
    r.initiator = row.initiator,
    r.stage = row.stage,
    r.weight = row.weight,
    r.formal = row.formal

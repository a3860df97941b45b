// Create or update one INTERACTED_WITH relationship per interaction, keyed by its id.
// $rows: list of {id, source, target, type, date, end_date, initiator, stage, weight, formal};
// dates as ISO strings, a null value removes the property.
// Returns `unchanged`: rows whose stored properties were already exactly these (a row
// created here is marked `_created` until the end, so it never counts as unchanged).
UNWIND $rows AS row
MATCH (s:Organization {id: row.source})
MATCH (t:Organization {id: row.target})
MERGE (s)-[r:INTERACTED_WITH {id: row.id}]->(t)
ON CREATE SET r._created = true
WITH r, row, properties(r) AS before
SET r.type = row.type,
    r.date = date(row.date),
    r.end_date = date(row.end_date),
    r.initiator = row.initiator,
    r.stage = row.stage,
    r.weight = row.weight,
    r.formal = row.formal
REMOVE r._created
RETURN count(CASE WHEN properties(r) = before THEN 1 END) AS unchanged

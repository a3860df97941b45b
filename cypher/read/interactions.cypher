// Read back interactions.csv: one row per INTERACTED_WITH relationship (dates as ISO strings).
MATCH (s:Organization)-[r:INTERACTED_WITH]->(t:Organization)
RETURN r.id AS id, s.id AS source, t.id AS target, r.type AS type,
       toString(r.date) AS date, toString(r.end_date) AS end_date, r.initiator AS initiator,
       r.stage AS stage, r.weight AS weight, r.formal AS formal
ORDER BY id

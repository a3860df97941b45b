// Read back participation.csv: one row per PARTICIPATES_IN relationship, repeated rows of a
// pair in their original order (seq).
MATCH (o:Organization)-[p:PARTICIPATES_IN]->(a:Activity)
RETURN a.id AS activity, o.id AS organization, p.role AS role
ORDER BY activity, organization, p.seq

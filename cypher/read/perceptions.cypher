// Read back perceptions.csv: one row per PERCEIVES relationship (dates as ISO strings),
// repeated answers in their original order (seq).
MATCH (a:Organization)-[p:PERCEIVES]->(b:Organization)
RETURN a.id AS rater, b.id AS ratee, toString(p.date) AS date,
       p.reliability AS reliability, p.mission_support AS mission_support,
       p.openness AS openness, p.influence AS influence, p.involvement AS involvement,
       p.resources AS resources, p.wave AS wave
ORDER BY rater, ratee, p.answer, p.seq

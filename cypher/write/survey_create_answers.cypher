// Survey (`survey serve --source neo4j`), second statement of the same write transaction: one
// PERCEIVES per answer, keyed like the loader's (answer = ISO date, seq after any answer of the
// same rater, ratee and date from another wave, so nothing is overwritten).
// $rater: the organization id; $wave: the survey wave; $rows: list of {ratee, answer, date,
// reliability, mission_support, openness, influence, involvement, resources, trust}.
MATCH (a:Organization {id: $rater})
UNWIND $rows AS row
MATCH (b:Organization {id: row.ratee})
OPTIONAL MATCH (a)-[same:PERCEIVES {answer: row.answer}]->(b)
WITH a, b, row, coalesce(max(same.seq) + 1, 0) AS seq
CREATE (a)-[p:PERCEIVES {answer: row.answer, seq: seq}]->(b)
SET p.date = date(row.date),
    p.reliability = row.reliability,
    p.mission_support = row.mission_support,
    p.openness = row.openness,
    p.influence = row.influence,
    p.involvement = row.involvement,
    p.resources = row.resources,
    p.trust = row.trust,
    p.wave = $wave
RETURN count(p) AS created

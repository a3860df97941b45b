// Create or update one PERCEIVES relationship per survey answer, keyed by (rater, ratee,
// answer, seq): `answer` is the ISO date of the answer ('' when undated) and `seq` numbers
// repeated answers of the same rater, ratee and date (0 for the first). `trust` is the mean of
// the trust items (reliability, mission_support, openness) the rater answered.
// $rows: list of {rater, ratee, answer, seq, date, reliability, mission_support, openness,
// influence, involvement, resources, trust, wave}; `wave` names the survey round (or null).
// Returns `unchanged`: rows whose stored properties were already exactly these (a row
// created here is marked `_created` until the end, so it never counts as unchanged).
UNWIND $rows AS row
MATCH (a:Organization {id: row.rater})
MATCH (b:Organization {id: row.ratee})
MERGE (a)-[p:PERCEIVES {answer: row.answer, seq: row.seq}]->(b)
ON CREATE SET p._created = true
WITH p, row, properties(p) AS before
SET p.date = date(row.date),
    p.reliability = row.reliability,
    p.mission_support = row.mission_support,
    p.openness = row.openness,
    p.influence = row.influence,
    p.involvement = row.involvement,
    p.resources = row.resources,
    p.trust = row.trust,
    p.wave = row.wave
REMOVE p._created
RETURN count(CASE WHEN properties(p) = before THEN 1 END) AS unchanged

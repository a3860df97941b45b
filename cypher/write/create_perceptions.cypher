// Fast path of merge_perceptions for a database that holds no network yet (`load` into an
// empty database, or after --replace): CREATE instead of MERGE, same rows and properties.
UNWIND $rows AS row
MATCH (a:Organization {id: row.rater})
MATCH (b:Organization {id: row.ratee})
CREATE (a)-[p:PERCEIVES {answer: row.answer, seq: row.seq}]->(b)
SET p.date = date(row.date),
    p.reliability = row.reliability,
    p.mission_support = row.mission_support,
    p.openness = row.openness,
    p.influence = row.influence,
    p.involvement = row.involvement,
    p.resources = row.resources,
    p.trust = row.trust,
    p.wave = row.wave

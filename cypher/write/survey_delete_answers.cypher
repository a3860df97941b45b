// Survey (`survey serve --source neo4j`), first statement of one write transaction: take a write
// lock on the rater (set and remove a property nobody reads), so two transactions replacing the
// same organization's answers run one after the other, then delete its PERCEIVES of the wave.
// No row when the rater is not in the database.
// $rater: the organization id; $wave: the survey wave.
MATCH (a:Organization {id: $rater})
SET a._surveyLock = true
REMOVE a._surveyLock
WITH a
OPTIONAL MATCH (a)-[old:PERCEIVES {wave: $wave}]->(:Organization)
DELETE old
RETURN count(old) AS removed

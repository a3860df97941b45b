// Write-back: one batch deleting up to $limit POTENTIAL_ALLY relationships of earlier runs.
// Run until it returns 0.
MATCH (:Organization)-[r:POTENTIAL_ALLY]->(:Organization)
WITH r LIMIT $limit
DELETE r
RETURN count(r) AS deleted

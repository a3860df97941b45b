// One batch of `load --replace`: delete up to $limit relationships leaving an organization
// (interactions, survey answers, participation, themes, municipality, potential allies).
// Run until it returns 0.
MATCH (:Organization)-[r]->()
WITH r LIMIT $limit
DELETE r
RETURN count(r) AS deleted

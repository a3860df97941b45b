// First step of `load --replace` on the Cypher path: delete the relationships leaving an
// organization (interactions, survey answers, participation, themes, municipality, potential
// allies, metric history), committing every $limit of them. One scan of the organizations
// (run as an auto-commit query: CALL ... IN TRANSACTIONS).
MATCH (:Organization)-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF $limit ROWS

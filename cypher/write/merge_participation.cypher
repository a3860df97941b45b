// Create or update one PARTICIPATES_IN relationship per participation row, with its role.
// Keyed by (organization, activity, seq): `seq` numbers repeated rows of the same pair
// (0 for the first), so a dataset that lists a pair twice reads back the same.
// $rows: list of {activity, organization, role, seq}.
// Returns `unchanged`: rows whose stored properties were already exactly these (a row
// created here is marked `_created` until the end, so it never counts as unchanged).
UNWIND $rows AS row
MATCH (o:Organization {id: row.organization})
MATCH (a:Activity {id: row.activity})
MERGE (o)-[p:PARTICIPATES_IN {seq: row.seq}]->(a)
ON CREATE SET p._created = true
WITH p, row, properties(p) AS before
SET p.role = row.role
REMOVE p._created
RETURN count(CASE WHEN properties(p) = before THEN 1 END) AS unchanged

// Create or update one PARTICIPATES_IN relationship per participation row, with its role.
// Keyed by (organization, activity, seq): `seq` numbers repeated rows of the same pair
// (0 for the first), so a dataset that lists a pair twice reads back the same.
// $rows: list of {activity, organization, role, seq}.
UNWIND $rows AS row
MATCH (o:Organization {id: row.organization})
MATCH (a:Activity {id: row.activity})
MERGE (o)-[p:PARTICIPATES_IN {seq: row.seq}]->(a)
SET p.role = row.role

// Fast path of merge_participation for a database that holds no network yet (`load` into an
// empty database, or after --replace): CREATE instead of MERGE, same rows and properties.
UNWIND $rows AS row
MATCH (o:Organization {id: row.organization})
MATCH (a:Activity {id: row.activity})
CREATE (o)-[p:PARTICIPATES_IN {seq: row.seq}]->(a)
SET p.role = row.role

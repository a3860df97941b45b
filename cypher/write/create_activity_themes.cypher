// Fast path of link_activity_themes for a database that holds no network yet (`load` into an
// empty database, or after --replace): CREATE instead of MERGE, same rows and properties.
UNWIND $rows AS row
MATCH (a:Activity {id: row.id})
MATCH (t:Theme {name: row.theme})
CREATE (a)-[:WORKS_ON]->(t)

// Fast path of link_organization_themes for a database that holds no network yet (`load` into an
// empty database, or after --replace): CREATE instead of MERGE, same rows and properties.
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MATCH (t:Theme {name: row.theme})
CREATE (o)-[:WORKS_ON]->(t)

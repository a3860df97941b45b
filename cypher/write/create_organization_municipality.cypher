// Fast path of link_organization_municipality for a database that holds no network yet (`load` into an
// empty database, or after --replace): CREATE instead of MERGE, same rows and properties.
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MATCH (m:Municipality {name: row.municipality})
CREATE (o)-[:BASED_IN]->(m)

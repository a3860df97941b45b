// Before merging co-participation on a reload: delete the CO_PARTICIPATED relationships of an
// organization whose other end no longer shares an activity with it.
// $rows: list of {id, partners} (partners: the ids, larger than id, it still shares one with).
UNWIND $rows AS row
MATCH (a:Organization {id: row.id})-[c:CO_PARTICIPATED]->(b:Organization)
WHERE NOT b.id IN row.partners
DELETE c

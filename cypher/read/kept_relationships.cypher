// Before an offline import replaces the database: the relationships between nodes that are not
// part of the network (e.g. IsolationRun FOLLOWS IsolationRun), to be carried over with them.
MATCH (a)-[r]->(b)
WHERE NOT (a:Organization OR a:Activity OR a:Theme OR a:Municipality)
  AND NOT (b:Organization OR b:Activity OR b:Theme OR b:Municipality)
RETURN elementId(a) AS start, elementId(b) AS end, type(r) AS type, properties(r) AS props

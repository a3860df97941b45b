// The database's indexes and constraints (an offline import keeps only the project's own).
SHOW INDEXES YIELD name, type
WHERE type <> 'LOOKUP'
RETURN name

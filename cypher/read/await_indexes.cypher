// Wait (up to 300 s) until every index and constraint of the database is online.
CALL db.awaitIndexes(300)

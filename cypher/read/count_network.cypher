// How much of a network the database holds (counts from the count store).
MATCH (o:Organization)
WITH count(o) AS organizations
OPTIONAL MATCH (a:Activity)
RETURN organizations, count(a) AS activities

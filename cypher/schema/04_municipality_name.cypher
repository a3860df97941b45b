// One Municipality node per municipality name.
CREATE CONSTRAINT municipality_name IF NOT EXISTS FOR (m:Municipality) REQUIRE m.name IS UNIQUE

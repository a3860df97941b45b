// The interaction key: one INTERACTED_WITH relationship per interaction id
// (a relationship property uniqueness constraint, available in Community edition since 5.7).
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR ()-[r:INTERACTED_WITH]-() REQUIRE r.id IS UNIQUE

// Interactions by date (queries with $since / $until windows).
CREATE INDEX interaction_date IF NOT EXISTS FOR ()-[r:INTERACTED_WITH]-() ON (r.date)

// Interactions by type (consultative_council, joint_project, grant, ...).
CREATE INDEX interaction_type IF NOT EXISTS FOR ()-[r:INTERACTED_WITH]-() ON (r.type)

// Activities by kind (council, project, hearing, forum, network).
CREATE INDEX activity_kind IF NOT EXISTS FOR (a:Activity) ON (a.kind)

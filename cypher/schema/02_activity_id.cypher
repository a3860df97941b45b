// Every activity (council, project, hearing, forum, network) has one node: Activity.id is unique.
CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (a:Activity) REQUIRE a.id IS UNIQUE

// One LoadRun node per `stakeholder-graph load`, keyed by its id.
CREATE CONSTRAINT load_run_id IF NOT EXISTS FOR (l:LoadRun) REQUIRE l.id IS UNIQUE

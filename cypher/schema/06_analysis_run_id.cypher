// One AnalysisRun node per analysis run id.
CREATE CONSTRAINT analysis_run_id IF NOT EXISTS FOR (r:AnalysisRun) REQUIRE r.id IS UNIQUE

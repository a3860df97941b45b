// Write-back history: one MEASURED_IN relationship per organization and analysis run, holding
// the metrics that run computed, so the metrics on the Organization node (the latest run) can
// be followed back over earlier runs (query metric_trajectory). Merged: writing the same run
// again replaces its values.
// $rows: the rows of set_organization_metrics; $run_id: the AnalysisRun id (already written).
MATCH (r:AnalysisRun {id: $run_id})
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MERGE (o)-[m:MEASURED_IN]->(r)
SET m = row {.degree, .strength, .betweenness, .betweenness_norm, .closeness, .harmonic,
             .pagerank, .eigenvector, .constraint, .coreness, .community, .brokerage,
             .broker_role, .trust_received, .trust_given, .value_received,
             .rater_effect, .target_effect}

// Write-back: one POTENTIAL_ALLY relationship per suggested pair (either direction counts as
// the same pair), with its score, its components, its reasons and the run that suggested it.
// $rows: list of {a, b, score, rank, reasons, theme_score, shared_themes, shared_partners,
// partner_score, complementarity, same_municipality}; $run_id: the AnalysisRun id.
UNWIND $rows AS row
MATCH (a:Organization {id: row.a})
MATCH (b:Organization {id: row.b})
MERGE (a)-[r:POTENTIAL_ALLY]-(b)
SET r.score = row.score,
    r.rank = row.rank,
    r.reasons = row.reasons,
    r.theme_score = row.theme_score,
    r.shared_themes = row.shared_themes,
    r.shared_partners = row.shared_partners,
    r.partner_score = row.partner_score,
    r.complementarity = row.complementarity,
    r.same_municipality = row.same_municipality,
    r.run_id = $run_id

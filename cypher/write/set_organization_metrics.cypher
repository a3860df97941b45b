// Write-back: store the metrics of one analysis run on Organization nodes (null removes).
// Centrality, brokerage and trust received/given, plus the id of the run that computed them.
// $rows: list of maps with the columns of centrality.csv, brokerage.csv and
// organization_trust.csv; $run_id: the AnalysisRun id.
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
SET o.degree = row.degree,
    o.in_degree = row.in_degree,
    o.out_degree = row.out_degree,
    o.strength = row.strength,
    o.betweenness = row.betweenness,
    o.betweenness_norm = row.betweenness_norm,
    o.closeness = row.closeness,
    o.harmonic = row.harmonic,
    o.pagerank = row.pagerank,
    o.eigenvector = row.eigenvector,
    o.constraint = row.constraint,
    o.coreness = row.coreness,
    o.community = row.community,
    o.coordinator = row.coordinator,
    o.itinerant = row.itinerant,
    o.gatekeeper = row.gatekeeper,
    o.representative = row.representative,
    o.liaison = row.liaison,
    o.brokerage = row.brokerage,
    o.cross_sector_pairs = row.cross_sector_pairs,
    o.ei_index = row.ei_index,
    o.broker_role = row.broker_role,
    o.trust_received = row.trust_received,
    o.trust_received_n = row.trust_received_n,
    o.trust_given = row.trust_given,
    o.trust_given_n = row.trust_given_n,
    o.metrics_run = $run_id

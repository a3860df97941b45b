// Write-back of `compare --write-back`: one CHANGED relationship from the ComparisonRun to each
// organization, carrying its measures before, after and the change, and its status.
// $run_id: the ComparisonRun id; $rows: [{id, props: {degree_before, degree_after,
// degree_change, ..., entered, left, became_isolated, stopped_isolated, moved}}].
// Merged on (run, organization): writing the same comparison twice changes nothing.
MATCH (r:ComparisonRun {id: $run_id})
UNWIND $rows AS row
MATCH (o:Organization {id: row.id})
MERGE (r)-[c:CHANGED]->(o)
SET c += row.props
RETURN count(c) AS written

// Question: Between the two periods of the latest comparison, who moved most on a measure?
// Reads the CHANGED relationships written back by `compare --write-back`: each organization's
// measure before, after and the change, and whether it entered, left or became isolated.
// Parameters (default after '='):
// @param measure:str=betweenness_norm  degree, strength, betweenness_norm, harmonic, pagerank,
//                                    constraint, trust_received, trust_given or
//                                    cross_sector_partners
// @param run:str=null                this ComparisonRun id (null: the latest)
// @param limit:int=20                at most this many, largest absolute change first
// Example:
//   stakeholder-graph cypher comparison_movers --param measure=degree
MATCH (r:ComparisonRun)
WHERE $run IS NULL OR r.id = $run
WITH r ORDER BY r.computed_at DESC, r.id DESC LIMIT 1
MATCH (r)-[c:CHANGED]->(o:Organization)
WHERE c[$measure + '_change'] IS NOT NULL
RETURN r.id AS run, o.id AS id, o.name AS name, o.sector AS sector,
       c[$measure + '_before'] AS before, c[$measure + '_after'] AS after,
       c[$measure + '_change'] AS change, c.entered AS entered, c.left AS left,
       c.became_isolated AS became_isolated, c.moved AS moved_community
ORDER BY abs(change) DESC, id
LIMIT $limit

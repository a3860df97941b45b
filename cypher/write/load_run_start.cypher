// Written first by `load`, in its own transaction: the load is in progress. Completed by
// load_run_finish; a LoadRun still `in_progress` later marks a load that was interrupted.
// $id: a new id; $dataset: the dataset's name; $source: where it was read from;
// $content_hash: sha256 of its tables; $replace: whether --replace was given;
// $recovering: id of the interrupted load this one finishes (or null); $method: 'merge'.
CREATE (l:LoadRun {
  id: $id,
  dataset: $dataset,
  source: $source,
  content_hash: $content_hash,
  replace: $replace,
  recovering: $recovering,
  method: $method,
  status: 'in_progress',
  started_at: datetime()
})
RETURN l.id AS id

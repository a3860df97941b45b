// Create the Municipality nodes that do not exist yet.
// $names: list of municipality names.
UNWIND $names AS name
MERGE (:Municipality {name: name})

// Create the Theme nodes that do not exist yet.
// $names: list of theme names.
UNWIND $names AS name
MERGE (:Theme {name: name})

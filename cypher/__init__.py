"""Cypher files shipped with stakeholder-graph: schema/, queries/ and write/."""

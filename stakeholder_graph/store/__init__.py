"""Where networks live: the embedded dataset folder and Neo4j."""

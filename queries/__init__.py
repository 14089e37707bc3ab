"""The Cypher twins of the database questions, one file a question (shipped as ecograph.queries)."""

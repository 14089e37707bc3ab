"""The local Neo4j server for development and tests: the launcher's sources and its manager.

Not a store: :mod:`ecograph.store` talks to any Neo4j; this package builds, starts, checks and
stops a local one (``ecograph neo4j start|status|stop``, the test suite, the benchmarks). The
launcher's Maven project lives in ``neo4j-local/`` (a name Python cannot import, so setuptools
ships it as plain package data); :mod:`.server` builds it into the per-user cache on first use.
"""

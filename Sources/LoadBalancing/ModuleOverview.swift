// Module LoadBalancing: see docs/ARCHITECTURE.md for what it owns.

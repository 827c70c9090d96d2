// Module ServiceDiscovery: see docs/ARCHITECTURE.md for what it owns.

// Module Resilience: see docs/ARCHITECTURE.md for what it owns.

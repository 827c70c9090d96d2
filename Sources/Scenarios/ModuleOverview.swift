// Module Scenarios: see docs/ARCHITECTURE.md for what it owns.

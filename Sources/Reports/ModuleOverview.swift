// Module Reports: see docs/ARCHITECTURE.md for what it owns.

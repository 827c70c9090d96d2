// Module Authorization: see docs/ARCHITECTURE.md for what it owns.

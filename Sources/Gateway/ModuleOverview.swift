// Module Gateway: see docs/ARCHITECTURE.md for what it owns.

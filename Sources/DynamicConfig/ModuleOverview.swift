// Module DynamicConfig: see docs/ARCHITECTURE.md for what it owns.

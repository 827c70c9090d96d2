// Module Platform: see docs/ARCHITECTURE.md for what it owns.

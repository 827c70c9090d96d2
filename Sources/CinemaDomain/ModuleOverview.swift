// Module CinemaDomain: see docs/ARCHITECTURE.md for what it owns.

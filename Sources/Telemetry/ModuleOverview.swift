// Module Telemetry: see docs/ARCHITECTURE.md for what it owns.

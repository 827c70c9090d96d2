// Module SimulationKernel: see docs/ARCHITECTURE.md for what it owns.

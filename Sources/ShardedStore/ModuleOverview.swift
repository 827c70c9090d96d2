// Module ShardedStore: see docs/ARCHITECTURE.md for what it owns.

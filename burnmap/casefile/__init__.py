"""What is written to disk: the .burncase file, its autosave session, command outputs (all or
nothing)."""

"""The case in memory: patient, photos and their state, the one assessment entry point, its
record."""

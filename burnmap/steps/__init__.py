"""The per-photo steps `parse`, `assess` and every batch row share."""

"""Photos in (allow-listed, size-checked, upright), overlays out, array work in bands."""

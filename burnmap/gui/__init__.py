"""The PySide6 window: wiring, the parse queue and worker, the case controller."""

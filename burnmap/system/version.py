"""The software version, recorded with every result and report."""
__version__ = "0.1.0"

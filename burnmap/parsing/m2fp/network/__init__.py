"""The M2FP network in pure PyTorch (backbone, pixel decoder, transformer decoder)."""

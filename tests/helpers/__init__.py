"""Helpers shared by the tests (synthetic figures, mannequins)."""

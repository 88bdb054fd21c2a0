"""Dialogs: export, history, a photo's view and clothing, problems and notes."""

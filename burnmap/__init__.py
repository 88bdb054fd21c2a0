"""BurnMap: body-surface assessment of burns from photographs. Subpackages, lowest layer first:
system, text, photo, parsing, body, chart, clinical, model, casefile, steps, batch; then reports,
gui, cli (pyproject.toml's import-linter contracts keep the order)."""

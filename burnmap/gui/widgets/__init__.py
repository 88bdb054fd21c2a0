"""Panels and strips: patient and photos, results, tools, progress, body chart."""

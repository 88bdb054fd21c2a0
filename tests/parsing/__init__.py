"""Tests of burnmap.parsing."""

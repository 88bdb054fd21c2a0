"""Tests of burnmap.casefile."""

"""Tests of burnmap.photo."""

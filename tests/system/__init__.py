"""Tests of burnmap.system."""

"""Tests of burnmap.clinical."""

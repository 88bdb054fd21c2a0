"""Tests of burnmap.body."""

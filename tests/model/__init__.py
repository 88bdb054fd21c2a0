"""Tests of burnmap.model."""

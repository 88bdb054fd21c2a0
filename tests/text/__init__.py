"""Tests of burnmap.text."""

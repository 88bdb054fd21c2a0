"""Tests of burnmap.chart."""

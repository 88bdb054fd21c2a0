"""One drawn assessment for the body-chart tests of the window and of the report: every depth,
a tie between depths, superficial only, unburned, mostly covered, and not assessed."""
from __future__ import annotations

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL, SUPERFICIAL_PARTIAL
from burnmap.chart.body_chart import NOT_ASSESSED, load_body_chart, shade_of


def sample_shades() -> dict:
    shades = {key: NOT_ASSESSED for key in load_body_chart()}
    shades.update({
        ("head", "anterior"): shade_of({DEEP_PARTIAL: 100.0}),
        ("trunk", "anterior"): shade_of({SUPERFICIAL_PARTIAL: 40.0, SUPERFICIAL: 10.0}),
        ("forearm_left", "anterior"): shade_of({FULL_THICKNESS: 100.0}),
        ("thigh_right", "anterior"): shade_of({}, covered_percent=80.0),
        ("lower_leg_left", "anterior"): shade_of({SUPERFICIAL: 30.0}),
        ("trunk", "posterior"): shade_of({}),
        ("hand_right", "posterior"): shade_of({DEEP_PARTIAL: 5.0, FULL_THICKNESS: 5.0}),
    })
    return shades

"""Chart entries given on the command line (`assess --chart CHART.png`, `--chart-region
REGION:SURFACE:DEPTH:PERCENT`), checked like every input: a typed refusal naming what is wrong.

`--chart-region trunk:posterior:deep:30` enters a deep partial thickness burn over 30 % of the
part of the trunk's posterior surface that no photo measures (the photo wins elsewhere), filled
on the chart from the top of its shape down, to the chart's pixel; several entries of one
region-surface follow each other down the shape (their percents add up to at most 100).
`REGION:SURFACE:examined:100` enters it as examined, no burn.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from burnmap.body.burn import DEEP_PARTIAL, FULL_THICKNESS, SUPERFICIAL, SUPERFICIAL_PARTIAL
from burnmap.body.lund_browder import load_lund_browder
from burnmap.body.surface_assess import layout
from burnmap.chart.entry import EXAMINED, ChartEntryError, ChartMask, chart_raster, locked_pixels
from burnmap.photo.index_maps import load_index_map
from burnmap.text.messages import Message

DEPTH_WORDS = {"1": SUPERFICIAL, "superficial": SUPERFICIAL,
               "2": SUPERFICIAL_PARTIAL, "superficial-partial": SUPERFICIAL_PARTIAL,
               "3": DEEP_PARTIAL, "deep": DEEP_PARTIAL, "deep-partial": DEEP_PARTIAL,
               "4": FULL_THICKNESS, "full": FULL_THICKNESS, "examined": EXAMINED}


@dataclass(frozen=True)
class ChartRegion:
    region: str
    surface: str
    value: int          # a depth class, or EXAMINED
    percent: float      # of the region-surface's chart area no photo measures


def parse_chart_region(text: str) -> ChartRegion:
    """'trunk:posterior:deep:30' -> ChartRegion, or ChartEntryError saying what is wrong."""
    parts = str(text).split(":")
    if len(parts) != 4:
        raise ChartEntryError(Message("--chart-region takes {1} (e.g. {2}), not {0!r}",
                                      str(text)[:80], "REGION:SURFACE:DEPTH:PERCENT",
                                      "trunk:posterior:deep:30"))
    region, surface, depth, percent = (p.strip().lower() for p in parts)
    table = load_lund_browder()
    if region not in table.regions:
        raise ChartEntryError(Message("--chart-region: unknown region {0!r}; one of {1}",
                                      region[:40], ", ".join(table.regions)))
    if (region, surface) not in table.region_surfaces():
        raise ChartEntryError(Message("--chart-region: {0} has no surface {1!r}; it has {2}",
                                      region, surface[:40], ", ".join(
                                          s for r, s in table.region_surfaces() if r == region)))
    if depth not in DEPTH_WORDS:
        raise ChartEntryError(Message("--chart-region: unknown depth {0!r}; one of {1}",
                                      depth[:40], ", ".join(DEPTH_WORDS)))
    try:
        share = float(percent)
    except ValueError:
        share = math.nan
    if not math.isfinite(share) or not 0 < share <= 100:
        raise ChartEntryError(Message("--chart-region: the percent must be a number above 0 and "
                                      "at most 100, not {0!r}", percent[:40]))
    if DEPTH_WORDS[depth] == EXAMINED and share != 100:
        raise ChartEntryError(Message("--chart-region: 'examined' marks the whole region-surface "
                                      "as examined, no burn: give 100"))
    return ChartRegion(region, surface, DEPTH_WORDS[depth], share)


def load_chart_png(path: Path) -> ChartMask:
    """A chart mask from a PNG in the format of burnmap.chart.entry (MapError, ChartEntryError)."""
    # its size is checked against the chart's (not a photo's) by ChartMask.of
    return ChartMask.of(load_index_map(path, "body chart mask", EXAMINED))


def fill_chart_regions(mask: ChartMask, entries: list[ChartRegion], choice) -> None:
    """Enter each region's share on the chart, in the free part (no photo measures it: `choice`
    from an assessment of the photos, None when there is none), top of the shape first."""
    raster = chart_raster()
    free = (raster.keys > 0) & (locked_pixels(choice) < 0)
    taken: dict[tuple[str, str], float] = {}
    for entry in entries:
        key = (entry.region, entry.surface)
        start = taken.get(key, 0.0)
        if start + entry.percent > 100 + 1e-9:
            raise ChartEntryError(Message("--chart-region: the entries for {0} {1} add up to more "
                                          "than 100 %", *key))
        taken[key] = start + entry.percent
        ys, xs = np.nonzero((raster.keys == layout().keys.index(key) + 1) & free)
        if not ys.size:
            raise ChartEntryError(Message("--chart-region: a photo measures all of {0} {1}; "
                                          "paint the burn on that photo", *key))
        order = np.lexsort((xs, ys))
        lo, hi = (round(p / 100 * len(order)) for p in (start, start + entry.percent))
        mask.values[ys[order[lo:hi]], xs[order[lo:hi]]] = entry.value
    mask.revision += 1

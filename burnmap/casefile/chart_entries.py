"""The body chart's entries in the case file (table `chart`, schema v4): one row holding the
mask as a PNG of burnmap.chart.entry values, with the raster it was drawn on. A case from before
v4 (or opened read-only without migrating) has no entries."""
from __future__ import annotations

import sqlite3

import numpy as np

from burnmap.body.burn import DEPTH_NAMES, DEPTHS
from burnmap.body.surface_assess import layout
from burnmap.casefile.codec import CodecError, decode_png, encode_png
from burnmap.chart.entry import EXAMINED, RASTER_VERSION, ChartEntryError, ChartMask, chart_raster
from burnmap.text.messages import Message


def read_chart(conn: sqlite3.Connection) -> ChartMask | None:
    """The stored entries, None when the case has none; CodecError when they are damaged."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chart'"
                    ).fetchone() is None:
        return None
    row = conn.execute("SELECT raster, mask_png FROM chart WHERE id = 1").fetchone()
    if row is None:
        return None
    if row[0] != RASTER_VERSION:
        raise CodecError(Message("the body chart entries were drawn on another chart ({0})",
                                 str(row[0])[:40]))
    try:
        return ChartMask.of(decode_png(bytes(row[1]), chart_raster().shape))
    except ChartEntryError as exc:
        raise CodecError(exc.args[0]) from None


def write_chart(conn: sqlite3.Connection, mask: ChartMask) -> None:
    conn.execute("INSERT OR REPLACE INTO chart (id, raster, mask_png) VALUES (1, ?, ?)",
                 (RASTER_VERSION, encode_png(mask.values)))


def entries_text(values: np.ndarray) -> str:
    """What the chart holds, for the audit trail: 'trunk (posterior): deep partial thickness
    31 %; head (posterior): examined, no burn' (English, no patient data)."""
    raster = chart_raster()
    body = raster.keys > 0
    keys, vals = raster.keys[body] - 1, values[body]
    n = len(layout().keys)
    table = np.bincount(keys * (EXAMINED + 1) + vals, minlength=n * (EXAMINED + 1)
                        ).reshape(n, EXAMINED + 1)
    parts = []
    for k in np.flatnonzero(table[:, 1:].sum(1)).tolist():
        region, surface = layout().keys[k]
        total = table[k].sum()
        depths = [f"{DEPTH_NAMES[d]} {100 * table[k, d] / total:.0f} %" for d in DEPTHS
                  if table[k, d]]
        parts.append(f"{region.replace('_', ' ')} ({surface}): "
                     f"{', '.join(depths) or 'examined, no burn'}")
    return "; ".join(parts) or "no entries"

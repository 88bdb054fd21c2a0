"""The Lund-Browder chart (burnmap/resources/lund_browder.csv): %TBSA of each region's anterior or posterior
surface by age band, with the corrected values (every age column sums to exactly 100)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from burnmap.system.paths import resources_dir

AGE_BANDS = ("age_0", "age_1", "age_5", "age_10", "age_15", "adult")
SURFACES = ("anterior", "posterior")


def age_band(age_years: float) -> str:
    """Chart column for an age: under 1, 1-4, 5-9, 10-14, 15, 16 and over."""
    if age_years < 0:
        raise ValueError("age cannot be negative")
    for limit, band in ((1, "age_0"), (5, "age_1"), (10, "age_5"), (15, "age_10"),
                        (16, "age_15")):
        if age_years < limit:
            return band
    return "adult"


@dataclass(frozen=True)
class LundBrowder:
    regions: tuple[str, ...]
    surfaces: dict[str, tuple[str, ...]]         # region -> surfaces it has on the chart
    shares: dict[tuple[str, str], float]         # (region, age band) -> %TBSA of one surface

    def share(self, region: str, surface: str, band: str) -> float:
        """%TBSA of one region's surface for an age band; 0 for a surface the chart lacks."""
        if surface not in self.surfaces[region]:
            return 0.0
        return self.shares[(region, band)]

    def region_surfaces(self) -> list[tuple[str, str]]:
        return [(r, s) for r in self.regions for s in self.surfaces[r]]

    def total(self, band: str) -> float:
        return sum(self.share(r, s, band) for r, s in self.region_surfaces())


def load_lund_browder(path: Path | None = None) -> LundBrowder:
    """The chart from `path`, by default the bundled one (read once: every assessment uses it)."""
    return _default() if path is None else _read(path)


@lru_cache(maxsize=1)
def _default() -> LundBrowder:
    return _read(resources_dir() / "lund_browder.csv")


def _read(path: Path) -> LundBrowder:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    regions, surfaces, shares = [], {}, {}
    for row in rows:
        region = row["region"]
        split = row["side_split"]
        surfaces[region] = {"anterior+posterior": SURFACES, "anterior only": ("anterior",),
                            "posterior only": ("posterior",)}[split]
        for band in AGE_BANDS:
            shares[(region, band)] = float(row[band])
        regions.append(region)
    return LundBrowder(tuple(regions), surfaces, shares)

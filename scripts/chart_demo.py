#!/usr/bin/env python3
"""Render the body chart with a realistic set of shades, to look at it (not used by the app).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/chart_demo.py OUT_DIR [--no-widget]

Writes chart_en.pdf / chart_zh.pdf (the report's drawing, and a 150 dpi PNG of each when
pdftoppm is installed) and widget_en.png / widget_zh.png (the window's widget).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from burnmap.chart.body_chart import NOT_ASSESSED, load_body_chart, shade_of  # noqa: E402

TOTAL, ASSESSED = 18.35, 52.0


def demo_shades() -> dict:
    """An anterior photo and part of the back: depths, traces, superficial, clothing, gaps."""
    shades = {key: NOT_ASSESSED for key in load_body_chart()}
    anterior = {
        "head": {1: 35.0}, "neck": {2: 10.0}, "trunk": {2: 12.0, 3: 28.0, 1: 5.0},
        "upper_arm_left": {2: 60.0}, "forearm_left": {4: 100.0}, "hand_left": {4: 55.0, 3: 45.0},
        "upper_arm_right": {}, "forearm_right": {3: 0.4}, "hand_right": {3: 80.0},
        "thigh_left": {2: 20.0, 3: 20.0}, "thigh_right": {}, "genitalia": {},
        "lower_leg_left": {}, "lower_leg_right": {1: 12.0}, "foot_left": {}, "foot_right": {},
    }
    covered = {"thigh_right": 72.0, "genitalia": 95.0}
    for region, depths in anterior.items():
        shades[(region, "anterior")] = shade_of(depths, covered.get(region, 0.0))
    for region, depths in {"trunk": {4: 15.0, 3: 5.0}, "head": {}, "neck": {},
                           "upper_arm_right": {2: 30.0}}.items():
        shades[(region, "posterior")] = shade_of(depths)
    return shades


def write_pdfs(out: Path) -> None:
    from burnmap.reports.chart import chart_drawing, drawing_pdf
    for language in ("en", "zh"):
        drawing = chart_drawing(demo_shades(), language, 250, TOTAL, ASSESSED)
        pdf = out / f"chart_{language}.pdf"
        pdf.write_bytes(drawing_pdf(drawing))
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf),
                        str(out / f"chart_{language}")], check=False)


def write_widget_shots(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from burnmap.gui.app import create_application, install_language
    from burnmap.gui.widgets.body_chart import BodyChartWidget
    app = create_application([])
    for language in ("en", "zh_CN"):
        install_language(app, language)
        widget = BodyChartWidget()
        widget.resize(560, 620)
        widget.set_shades(demo_shades(), TOTAL, ASSESSED)
        widget.highlight("forearm_left", "anterior")
        widget.show()
        QApplication.processEvents()
        widget.grab().save(str(out / f"widget_{language.split('_')[0]}.png"))
        widget.close()
    install_language(app, "en")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-widget", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_pdfs(args.out)
    if not args.no_widget:
        write_widget_shots(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

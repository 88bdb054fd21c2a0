"""What `parse` writes for one photo, made in memory: the label map PNG, the overlay with its
legend and the JSON summary. `parse` and every `batch` row use these, so their files are the same.
"""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from burnmap.parsing.base import Parsing
from burnmap.system.jsonio import dumps
from burnmap.system.version import __version__


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def labels_png(parsing: Parsing) -> bytes:
    """Single-channel PNG of class ids, as `assess --labels` reads it back."""
    return png(Image.fromarray(parsing.labels, mode="L"))


def overlay_with_legend(pixels: np.ndarray, parsing: Parsing, alpha: float) -> Image.Image:
    """The colour-coded parts over the photo, with a strip below naming the parser."""
    from burnmap.photo.overlay import blend, legend, legend_strip, load_colour_table
    table = load_colour_table().for_classes(parsing.class_names)
    blended = blend(pixels, parsing.labels, table, alpha)
    strip = legend_strip(blended.shape[1], f"Parts: {parsing.model.describe()}",
                         legend(parsing.labels, table))
    return Image.fromarray(np.concatenate([blended, strip], axis=0))


def parsing_summary(photo_name: str, parsing: Parsing) -> dict:
    width, height = parsing.size
    return {
        "software": {"name": "BurnMap", "version": __version__},
        "photo": photo_name,
        "image_size": {"width": width, "height": height},
        "parser": {**parsing.model.as_json(), "weights_file": parsing.model.source},
        "class_names": list(parsing.class_names),
        "pixel_counts": parsing.pixel_counts(),
        "persons": [{"score": round(p.score, 6), "box_xyxy": list(p.box), "pixel_count": p.area}
                    for p in parsing.persons],
        "parts": [{"category_id": p.category_id, "label": p.label, "score": round(p.score, 6),
                   "box_xyxy": list(p.box), "pixel_count": p.area} for p in parsing.parts],
        "timing_s": {k: round(v, 4) for k, v in parsing.timings.items()},
    }


def parse_files(photo, parsing: Parsing, labels: bool = True, overlay_alpha: float | None = None,
                summary: bool = True) -> dict[str, bytes]:
    """What `parse` writes, by the names a batch row gives them ("labels.png", "overlay.png" with
    its legend when `overlay_alpha` is given, "parse.json"): one composition for both."""
    files = {}
    if summary:
        files["parse.json"] = dumps(parsing_summary(photo.name, parsing)).encode()
    if labels:
        files["labels.png"] = labels_png(parsing)
    if overlay_alpha is not None:
        files["overlay.png"] = png(overlay_with_legend(photo.pixels, parsing, overlay_alpha))
    return files

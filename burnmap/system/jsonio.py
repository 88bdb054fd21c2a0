"""JSON as BurnMap writes it: every number finite (NaN and infinity are not JSON and must never
reach another hospital system), UTF-8, indented."""
from __future__ import annotations

import json


def dumps(data) -> str:
    """Raises ValueError for a NaN or infinite number anywhere in `data`."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)

"""JSON-safe values for the ``to_dict()`` of result objects (one helper for every module).

``to_dict()`` must survive ``json.dumps(..., allow_nan=False)``: numpy scalars become Python numbers, NaN,
±inf and ``pd.NA`` become ``None``, tuples become lists.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["json_scalar", "json_records"]


def json_scalar(value: Any) -> Any:
    """A JSON-safe version of ``value`` (recursing into tuples and lists)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (tuple, list)):
        return [json_scalar(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-safe dicts keyed by column name (as ``str``)."""
    return [{str(k): json_scalar(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]

"""Fixtures of the efficiency tests: a plotting backend without a display."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

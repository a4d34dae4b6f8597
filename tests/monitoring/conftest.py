"""Fixtures of the monitoring tests: a non-interactive plotting backend and small report builders."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

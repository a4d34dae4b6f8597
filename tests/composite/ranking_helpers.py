"""Shared by the ranking tests: the reference cases (tests/composite/data, sources in README_ranking.md) and
hypothesis strategies for decision matrices."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict[str, dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return {case["name"]: case for case in json.load(fh)}


#: composite_cases.json (shared reference file) ∪ the textbook cases added for the ranking methods.
CASES: dict[str, dict] = {**_load("ranking_cases.json"), **_load("ranking_textbook_cases.json")}


@st.composite
def decision_matrices(draw, min_units: int = 2, max_units: int = 8, min_indicators: int = 1,
                      max_indicators: int = 5) -> np.ndarray:
    """Matrices of positive values on a 0.5 grid in [1, 50] (so that ties occur) with no constant column."""
    m = draw(st.integers(min_units, max_units))
    n = draw(st.integers(min_indicators, max_indicators))
    x = draw(arrays(float, (m, n), elements=st.integers(2, 100).map(lambda k: k / 2)))
    for j in range(n):
        if np.ptp(x[:, j]) == 0:
            x[0, j] += 1.0
    return x


def positive_weights(n: int):
    """Strategy: n weights in [0.05, 10] (not rescaled)."""
    return arrays(float, (n,), elements=st.floats(0.05, 10.0, allow_nan=False, allow_infinity=False))

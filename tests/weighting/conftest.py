"""Fixtures of the weighting tests: the reference cases (copied into tests/weighting/data) and a plotting backend."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

DATA = Path(__file__).resolve().parent / "data"


def _load_cases() -> dict[str, dict]:
    with (DATA / "weighting_cases.json").open(encoding="utf-8") as fh:
        return {case["name"]: case for case in json.load(fh)}


CASES = _load_cases()


@pytest.fixture(scope="session")
def cases() -> dict[str, dict]:
    return CASES

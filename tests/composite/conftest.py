"""Fixtures of the composite-index tests: the reference cases (copied into tests/composite/data) and a plot backend."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def cases() -> dict[str, dict]:
    with (DATA / "composite_cases.json").open(encoding="utf-8") as fh:
        return {case["name"]: case for case in json.load(fh)}

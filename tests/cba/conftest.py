"""Fixtures of the cost-benefit tests: a non-interactive backend and the copied reference cases."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

DATA = Path(__file__).parent / "data"


def load_case(name: str) -> dict:
    """A case of tests/cba/data/cba_cases.json (copied from the project's reference/cba_cases.json)."""
    cases = json.loads((DATA / "cba_cases.json").read_text(encoding="utf-8"))["cases"]
    return next(c for c in cases if c["name"] == name)


@pytest.fixture(scope="session")
def case():
    return load_case

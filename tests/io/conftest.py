"""tests/io: a guard that every committed fixture stays byte-identical while the suite reads it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from iotest_helpers import FIXTURES, tree_hashes


@pytest.fixture(scope="session", autouse=True)
def fixtures_stay_byte_identical() -> Iterator[None]:
    """Every committed fixture is byte-identical after the whole suite has read it."""
    before = tree_hashes(FIXTURES)
    yield
    assert tree_hashes(FIXTURES) == before, "a test or a reader modified a committed fixture file"

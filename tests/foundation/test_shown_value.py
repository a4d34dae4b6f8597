"""shown_value: values in messages as a person writes them, never a numpy repr (issue 11, deliverable 9)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.indicators.scoring import score_positive, score_qualitative
from perfmethods.validation import check_number, shown_value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (np.float64(99.0), "99"),
        (np.float32(0.5), "0.5"),
        (np.int64(3), "3"),
        (0.7, "0.7"),
        (1e308, "1e+308"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "NaN"),
        (True, "True"),
        ("8%", "'8%'"),
        (np.str_("x"), "'x'"),
        ([10, 25, 88], "[10, 25, 88]"),
        (np.array([1.0, 2.5]), "[1, 2.5]"),
        ((np.float64(1.0),), "(1,)"),
    ],
)
def test_shown_value(value: object, shown: str) -> None:
    assert shown_value(value) == shown


def test_shown_value_is_cut() -> None:
    text = shown_value("x" * 200, limit=20)
    assert len(text) == 20 and text.endswith("...")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_shown_value_reads_back(x: float) -> None:
    text = shown_value(np.float64(x), limit=1000)
    assert "np." not in text and float(text) == x


def test_check_number_shows_no_numpy_repr() -> None:
    with pytest.raises(InputError, match=r"got 0\.7 instead") as err:
        check_number(np.float64(0.7), name="alpha", func="f", high=0.5)
    assert "np." not in str(err.value)


def test_scoring_messages_show_no_numpy_repr() -> None:
    with pytest.raises(InputError) as err:
        score_qualitative(["达成"], [np.float64(99.0)], [10.0], ids=["C1"])
    assert "99" in str(err.value) and "np.float64" not in str(err.value) and "C1" in str(err.value)
    with pytest.raises(InputError) as err:
        score_positive(np.array([-3.0]), np.array([5.0]), 1.0, ids=np.array(["C2"], dtype=object))
    assert "got -3 instead" in str(err.value) and "C2" in str(err.value)

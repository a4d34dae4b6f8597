"""No package exception shows a numpy repr, whichever module built its message (issue 11, deliverable 9)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.errors import InputError, ParameterError, plain_numbers


@pytest.mark.parametrize(
    "value, shown",
    [(np.float64(99.0), "99"), (np.float64(0.25), "0.25"), (np.int64(3), "3"), (np.float32(1.5), "1.5"),
     (np.float64(np.nan), "NaN"), (np.str_("第一"), "'第一'"), (np.True_, "True"), (np.float64(1e308), "1e+308")],
)
def test_numpy_scalars_read_as_written(value, shown):
    assert plain_numbers(f"got {value!r} instead") == f"got {shown} instead"
    assert str(InputError(f"got {value!r}", location={"row": 3})) == f"row 3: got {shown}"
    assert ParameterError(f"got {value!r}").message == f"got {shown}"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_loses_its_numpy_wrapper(x):
    text = plain_numbers(f"{np.float64(x)!r}")
    assert "np." not in text and float(text) == pytest.approx(x)


def test_other_text_is_untouched():
    text = "np.float64 is a type; f(x) = np.sum(x); 第 3 行"
    assert plain_numbers(text) == text

"""The shared validation layer: one message form for seed, alpha, language, options, numbers and frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.validation import (
    check_alpha,
    check_frame,
    check_language,
    check_number,
    check_option,
    check_rng,
    check_seed,
)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.7, -0.1, True, "0.05", float("nan"), None])
def test_alpha_outside_the_open_interval_is_refused(alpha):
    with pytest.raises(InputError, match=r"The 'alpha' parameter of twfe must be a number in \(0, 0.5\); got"):
        check_alpha(alpha, func="twfe")


@given(st.floats(min_value=1e-9, max_value=0.5, exclude_max=True))
def test_alpha_inside_is_returned_as_float(alpha):
    assert check_alpha(alpha, func="f") == alpha


def test_seed_zero_is_a_seed_and_gives_the_same_draws():
    assert check_seed(0) == 0
    a, b = check_rng(0).normal(size=3), check_rng(0).normal(size=3)
    np.testing.assert_array_equal(a, b)
    gen = np.random.default_rng(5)
    assert check_rng(gen) is gen


@pytest.mark.parametrize("seed", [None, -1, 1.5, True, "1"])
def test_bad_seeds(seed):
    with pytest.raises(InputError, match="The 'seed' parameter of sroi must be an integer >= 0 or a numpy Generator"):
        check_seed(seed, func="sroi")


def test_language_hint_for_locale_codes():
    assert check_language("en") == "en"
    with pytest.raises(InputError, match=r"got 'zh-CN' instead \(write 'zh', not 'zh-CN'\)"):
        check_language("zh-CN", func="plot")


def test_option_names_the_choices():
    assert check_option("ahp", ["ahp", "entropy"], name="method", func="combine") == "ahp"
    with pytest.raises(InputError, match="must be one of 'ahp', 'entropy'; got 'AHP' instead"):
        check_option("AHP", ["ahp", "entropy"], name="method", func="combine")
    with pytest.raises(InputError):
        check_option([1], ["ahp"], name="method")


@pytest.mark.parametrize(
    "kwargs, value, ok",
    [
        ({"low": 0, "closed": "neither"}, 0, False),
        ({"low": 0, "closed": "both"}, 0, True),
        ({"low": 1, "integer": True}, 2.0, True),
        ({"low": 1, "integer": True}, 2.5, False),
        ({"high": 1, "closed": "left"}, 1, False),
        ({}, float("inf"), False),
        ({}, True, False),
    ],
)
def test_number_bounds(kwargs, value, ok):
    if ok:
        check_number(value, name="x", **kwargs)
    else:
        with pytest.raises(InputError, match="The 'x' parameter must be"):
            check_number(value, name="x", **kwargs)


def test_frame_is_copied_and_columns_named():
    data = pd.DataFrame({"unit": [1, 2], "y": [1.0, 2.0]})
    copy = check_frame(data, columns=["unit"], func="did_2x2")
    copy.loc[0, "y"] = 99
    assert data.loc[0, "y"] == 1.0
    expected = r"The 'data' parameter of did_2x2 has no column 'time'; its columns are 'unit', 'y'"
    with pytest.raises(InputError, match=expected):
        check_frame(data, columns=["time"], func="did_2x2")
    with pytest.raises(InputError, match="must be a pandas DataFrame; got list"):
        check_frame([1, 2])


def test_an_unbounded_side_is_shown_open():
    with pytest.raises(InputError, match=r"in \[1, inf\); got 0 instead"):
        check_number(0, name="n_boot", low=1, integer=True)
    with pytest.raises(InputError, match=r"in \(-inf, 0\]; got 1 instead"):
        check_number(1, name="x", high=0)

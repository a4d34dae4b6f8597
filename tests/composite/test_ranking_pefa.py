"""PEFA indicator scores by the M1 (weakest link) method, PEFA 2016 Framework §2.2: rules, invariants, bad input."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.composite import PEFAScoreResult, pefa_indicator_scores
from perfmethods.errors import InputError

VALUE = {"D": 1, "C": 2, "B": 3, "A": 4}
ORDER = ["D", "D+", "C", "C+", "B", "B+", "A"]


# --- M1 and the rules around the table ---------------------------------------------------------------------
@pytest.mark.parametrize("dims, score", [("BCA", "C+"), ("CC", "C"), ("AAD", "D+"), ("BBBB", "B"), ("DA", "D+")])
def test_m1_weakest_link(dims, score):
    assert pefa_indicator_scores({"PI": list(dims)}).scores.iloc[0] == score


def test_d_star_na_and_single_dimensions():
    frame = pd.DataFrame({"1": ["D*", "NA", "B", "NA"], "2": ["A", "C", None, "nu"], "3": [np.nan, "A", "", "NA"]},
                         index=["PI-6", "PI-7", "PI-8", "PI-9"])
    res = pefa_indicator_scores(frame)
    assert res.scores.tolist() == ["D+", "C+", "B", "NA"]  # D*+A → D, A; NA dropped; one dimension; nothing counted
    assert res.table["n_dimensions"].tolist() == [2, 2, 1, 0]
    assert res.table.loc["PI-6", "dimensions"] == "D* A"


@pytest.mark.property
@settings(max_examples=100)
@given(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_m1_is_the_minimum_with_a_plus_and_ignores_order(dims, rnd):
    m1 = pefa_indicator_scores({"PI": dims}).scores.iloc[0]
    low = min(dims, key=VALUE.get)
    high = max(dims, key=VALUE.get)
    assert m1[0] == low and m1.endswith("+") == (low != high)
    shuffled = list(dims)
    rnd.shuffle(shuffled)
    assert pefa_indicator_scores({"PI": shuffled}).scores.iloc[0] == m1


# --- bad input and the result ------------------------------------------------------------------------------
def test_bad_input_is_named():
    frame = pd.DataFrame({"dim 1": ["B", "A"], "dim 2": ["C", "E"]}, index=["PI-1", "PI-2"])
    with pytest.raises(InputError, match="must be A, B, C, D or D\\*") as err:
        pefa_indicator_scores(frame)
    assert err.value.location == {"indicator": "PI-2", "dimension": "dim 2"}
    with pytest.raises(InputError, match="list of dimension scores"):
        pefa_indicator_scores({"PI-1": "AB"})


def test_result_protocol():
    res = pefa_indicator_scores({"PI-1": ["A"], "PI-2": ["B", "C", "A"], "PI-3": ["NA"]})
    assert isinstance(res, PEFAScoreResult)
    assert res.summary().columns.tolist() == ["indicator", "method", "dimensions", "n_dimensions", "score"]
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert res.plot(ax=ax, language=language) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ORDER
    plt.close(fig)

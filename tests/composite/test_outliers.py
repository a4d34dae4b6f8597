"""Outlier treatment: the JRC/COINr skewness-kurtosis rule (coinr_treatment_rule), its report, and properties."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from perfmethods.composite import kurtosis, skewness, treat_outliers
from perfmethods.errors import InputError

# coinr_treatment_rule -- source: bluefoxr/COINr@b9682034 R/treat.R (skew, kurt, check_SkewKurt, winsorise,
# log_CT). A formula-level case: the formulas below are typed from the case's "expected" strings, independently of
# the library, and the library must agree with them.


def _case_skew(x):
    d = x - x.mean()
    n = x.size
    g = np.sqrt(n) * (d**3).sum() / (d**2).sum() ** 1.5
    return g * np.sqrt(n * (n - 1)) / (n - 2)


def _case_kurt(x):
    d = x - x.mean()
    n = x.size
    r = n * (d**4).sum() / (d**2).sum() ** 2
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


COINR_EXAMPLE = np.r_[np.arange(1.0, 11.0), 30.0, 100.0]  # R/treat.R Treat.numeric example: c(1:10, 30, 100)


@pytest.mark.reference
def test_skew_and_kurtosis_are_e1071_type_2(cases):
    case = cases["coinr_treatment_rule"]
    assert "e1071 type 2" in case["expected"]["skew"]
    rng = np.random.default_rng(3)
    for x in (COINR_EXAMPLE, rng.lognormal(size=40), rng.normal(size=9)):
        assert skewness(x) == pytest.approx(_case_skew(x), rel=1e-12)
        assert kurtosis(x) == pytest.approx(_case_kurt(x), rel=1e-12)
        # and scipy's bias-corrected (Fisher) estimators are the same G1 and G2
        assert skewness(x) == pytest.approx(stats.skew(x, bias=False), rel=1e-10)
        assert kurtosis(x) == pytest.approx(stats.kurtosis(x, bias=False), rel=1e-10)


@pytest.mark.reference
def test_pass_rule_and_one_step_winsorisation(cases):
    case = cases["coinr_treatment_rule"]
    assert case["expected"]["pass_rule"].startswith("(|skew| < 2) OR (kurt < 3.5)")
    x = COINR_EXAMPLE
    assert _case_skew(x) >= 2 and _case_kurt(x) >= 3.5  # fails the rule
    res = treat_outliers(pd.DataFrame({"x": x}), winmax=5)
    row = res.table.iloc[0]
    # positive skew: the maximum (100) takes the next-largest value (30); then |skew| = 1.71 < 2 passes
    assert bool(row["fails"]) and row["action"] == "winsorised"
    assert (row["winsorised_high"], row["winsorised_low"]) == (1, 0)
    assert res.data["x"].tolist() == list(x[:-1]) + [30.0]
    assert row["skew_after"] == pytest.approx(_case_skew(res.data["x"].to_numpy()))
    assert bool(row["passes_after"])
    assert res.points.to_dict("records") == [{"unit": "11", "indicator": "x", "treatment": "winsorised_high",
                                              "before": 100.0, "after": 30.0}]


@pytest.mark.reference
def test_log_fallback_when_winsorising_is_not_enough(cases):
    case = cases["coinr_treatment_rule"]
    assert case["expected"]["log_CT"] == "log(x - min + 0.01*(max-min))"
    x = COINR_EXAMPLE
    res = treat_outliers(pd.DataFrame({"x": x}), winmax=0)
    assert res.table.loc[0, "action"] == "log"
    np.testing.assert_allclose(res.data["x"], np.log(x - x.min() + 0.01 * (x.max() - x.min())))
    assert len(res.points) == x.size


def test_winsorising_counts_tied_extremes_and_stops_at_winmax():
    # two tied maxima are winsorised together (COINr: x[imax] <- max(x[-imax])) and count as 2 points
    x = np.r_[np.arange(1.0, 31.0), 500.0, 500.0]
    res = treat_outliers(pd.DataFrame({"x": x}), winmax=5)
    row = res.table.iloc[0]
    assert row["winsorised_high"] >= 2
    assert (res.data["x"] == 500.0).sum() == 0


def test_negative_skew_winsorises_the_low_end_and_mirrors_the_log():
    x = -COINR_EXAMPLE
    res = treat_outliers(pd.DataFrame({"x": x}))
    assert res.table.loc[0, "winsorised_low"] == 1 and res.data["x"].min() == -30.0
    logged = treat_outliers(pd.DataFrame({"x": x}), winmax=0).data["x"].to_numpy()
    np.testing.assert_allclose(logged, -np.log(x.max() - x + 0.01 * (x.max() - x.min())))
    assert (np.argsort(logged) == np.argsort(x)).all()  # the order of the units is kept
    assert abs(skewness(logged)) < abs(skewness(x))


def test_untreated_indicators_and_small_samples():
    data = pd.DataFrame({"ok": [1.0, 2, 3, 4, 5, 6], "few": [1.0, 2, 100, np.nan, np.nan, np.nan]})
    res = treat_outliers(data)
    assert res.table.set_index("indicator")["action"].to_dict() == {"ok": "none", "few": "too_few_values"}
    np.testing.assert_array_equal(res.data.to_numpy(), data.to_numpy())
    assert res.n_treated == 0
    json.dumps(res.to_dict(), allow_nan=False)
    shown = res.report_table("zh")
    assert list(shown.columns)[:5] == ["指标", "有效单位数（个）", "偏度", "峰度", "处理方式"]
    assert shown["处理方式"].tolist() == ["无需处理", "数据不足（少于 4 个单位），未处理"]
    assert treat_outliers(pd.DataFrame({"x": COINR_EXAMPLE})).report_table("en")["Treatment"].item() == "Winsorised"


def test_bad_options():
    with pytest.raises(InputError, match="'winmax' parameter of treat_outliers must be an integer"):
        treat_outliers(pd.DataFrame({"x": COINR_EXAMPLE}), winmax=1.5)
    with pytest.raises(InputError, match="skew_threshold"):
        treat_outliers(pd.DataFrame({"x": COINR_EXAMPLE}), skew_threshold=0)


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(x=arrays(np.float64, st.integers(8, 40), elements=st.floats(-1e3, 1e3, allow_nan=False, width=32)))
def test_treatment_keeps_the_order_of_the_units(x):
    """Winsorising and the (mirrored) log never reverse two units' order; treated data pass or say they do not."""
    res = treat_outliers(pd.DataFrame({"x": x}))
    y = res.data["x"].to_numpy()
    i, j = np.triu_indices(x.size, 1)
    assert not np.any((x[i] < x[j]) & (y[i] > y[j]))
    row = res.table.iloc[0]
    if row["action"] == "none":
        np.testing.assert_array_equal(y, x)

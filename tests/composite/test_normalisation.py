"""Normalisation: COINr's reference cases, the direction and scale invariances, and located errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from perfmethods.composite import NORMALISATIONS, normalise
from perfmethods.errors import InputError

DATA = Path(__file__).resolve().parent / "data"


def _one(x, method, **kw):
    return normalise(pd.DataFrame({"x": x}), method, **kw)["x"].to_numpy()


# --- coinr_normalisation_functions ---------------------------------------------------------------------------
# Source: bluefoxr/COINr@b9682034 tests/testthat/test-normalise.R ('norm_num' l.1, 'n_funcs' l.87, 'dist2targ'
# l.127) and vignettes/normalise.Rmd.


@pytest.mark.reference
def test_coinr_distance_to_target(cases):
    case = cases["coinr_normalisation_functions"]
    inp, exp = case["input"], case["expected"]
    tol = case["tolerance"]["abs"]
    one, two = inp["dist2targ_1"], inp["dist2targ_2"]
    d1, d2 = one["direction"], two["direction"]
    assert _one(one["x"], "target", target=one["targ"], directions=[d1]) == pytest.approx(exp["dist2targ_1_nocap"],
                                                                                          abs=tol)
    assert _one(one["x"], "target", target=one["targ"], cap=True, directions=[d1]) == pytest.approx(
        exp["dist2targ_1_cap"], abs=tol)
    assert _one(two["x"], "target", target=two["targ"], directions=[d2]) == pytest.approx(exp["dist2targ_2_nocap"],
                                                                                          abs=tol)
    assert _one(two["x"], "target", target=two["targ"], cap=True, directions=[d2]) == pytest.approx(
        exp["dist2targ_2_cap"], abs=tol)


@pytest.mark.reference
def test_coinr_goalposts(cases):
    case = cases["coinr_normalisation_functions"]
    lower, upper, scale = case["input"]["goalposts"]["gposts_(lower,upper,scale)"]
    expected = case["expected"]["goalposts"]
    for key, value in expected.items():
        x = float(key.split(",")[0].split("=")[1])
        direction = -1 if "dir=-1" in key else 1
        got = _one([x, 5.0], "goalposts", lower=lower, upper=upper, scale=scale, directions=[direction])[0]
        assert got == pytest.approx(value, abs=case["tolerance"]["abs"]), key


@pytest.mark.reference
def test_coinr_minmax_and_zscore_parameters(cases):
    exp = cases["coinr_normalisation_functions"]["expected"]
    assert exp["minmax l_u=c(2,7) on 1:10"] == "min 2, max 7"
    y = _one(np.arange(1, 11), "minmax", range=(2, 7))
    assert (y.min(), y.max()) == pytest.approx((2.0, 7.0))
    assert exp["zscore m_sd=c(5,2) on 1:10"] == "mean 5, sd 2 (sample sd)"
    z = _one(np.arange(1, 11), "zscore", mean=5, sd=2)
    assert z.mean() == pytest.approx(5.0) and z.std(ddof=1) == pytest.approx(2.0)


@pytest.mark.reference
def test_coinr_iris_default_minmax(cases):
    case = cases["coinr_normalisation_functions"]
    iris = pd.read_csv(DATA / "iris.csv").drop(columns="species_code")
    first6 = np.array(case["input"]["iris_first6_(Sepal.Length,Sepal.Width,Petal.Length,Petal.Width)"])
    np.testing.assert_allclose(iris.to_numpy()[:6], first6)  # the copied data are R's iris
    got = normalise(iris).to_numpy()[:6]  # COINr's default: min-max onto 0-100
    np.testing.assert_allclose(got, case["expected"]["Normalise(iris) default minmax 0-100, first 6 rows"],
                               atol=1e-5)


@pytest.mark.reference
def test_coinr_mtcars_distance_to_best(cases):
    case = cases["coinr_normalisation_functions"]
    cars = pd.read_csv(DATA / "mtcars_extremes.csv", index_col="car")
    got = normalise(cars, "best").iloc[0].to_numpy()
    key = "mtcars n_dist2max first row (mpg,cyl,disp,hp,drat,wt,qsec,vs,am,gear,carb)"
    np.testing.assert_allclose(got, case["expected"][key], atol=case["tolerance"]["abs"])


@pytest.mark.reference
def test_coinr_issue_19_neet_cost_indicator(cases):
    # coinr_normalisation_functions notes: COINr issue #19, example-coin NEET (direction -1): raw 6.2 / 15.0 / 0.6
    # -> 86.50602 / 65.30120 / 100.0, with treated min 0.6 and max 42.1.
    assert "86.50602/65.30120/100.0" in cases["coinr_normalisation_functions"]["notes"]
    got = _one([6.2, 15.0, 0.6, 42.1], "minmax", directions=["cost"])
    assert got[:3] == pytest.approx([86.50602, 65.30120, 100.0], abs=1e-5)


@pytest.mark.reference
def test_coinr_distance_to_reference_guards_the_minimum(cases):
    # the case notes: n_dist2ref returns Inf/NaN when the reference is the minimum -- guard that edge case
    assert "n_dist2ref" in cases["coinr_normalisation_functions"]["notes"]
    data = pd.DataFrame({"x": [1.0, 4.0, 2.0]}, index=["甲", "乙", "丙"])
    assert normalise(data, "reference", reference="乙")["x"].tolist() == pytest.approx([0.0, 1.0, 1 / 3])
    with pytest.raises(InputError, match="reference unit '甲'.*indicator 'x'|indicator 'x'.*reference unit '甲'"):
        normalise(data, "reference", reference="甲")
    with pytest.raises(InputError, match=r"indicator 'x'.*reference unit '丁' has the worst \(or a missing\) value"):
        normalise(pd.concat([data, pd.DataFrame({"x": [np.nan]}, index=["丁"])]), "reference", reference="丁")


def test_rank_percentile_fracmax_log_boxcox():
    x = [3.0, 1.0, 3.0, 10.0]
    assert _one(x, "rank").tolist() == [2.0, 1.0, 2.0, 4.0]  # ties share the lowest rank (R's ties.method "min")
    assert _one(x, "percentile").tolist() == pytest.approx([1 / 3, 0.0, 1 / 3, 1.0])
    assert _one(x, "fracmax").tolist() == pytest.approx([0.3, 0.1, 0.3, 1.0])
    assert _one(x, "fracmax", directions=[-1]).tolist() == pytest.approx([1 / 3, 1.0, 1 / 3, 0.1])
    assert _one(x, "log").tolist() == pytest.approx(np.log(x))
    assert _one(x, "log", directions=[-1]).tolist() == pytest.approx(-np.log(x))
    bc, lam = stats.boxcox(np.array(x))
    assert _one(x, "boxcox") == pytest.approx(bc)
    assert _one(x, "boxcox", lmbda=0.5) == pytest.approx(stats.boxcox(np.array(x), lmbda=0.5))


def test_missing_values_stay_missing_and_are_ignored():
    got = _one([1.0, np.nan, 3.0, 2.0], "minmax")
    assert np.isnan(got[1]) and got[[0, 2, 3]].tolist() == [0.0, 100.0, 50.0]


def test_per_indicator_targets_and_directions_by_id():
    data = pd.DataFrame({"students": [100, 150, 200], "cost": [8.0, 5.0, 4.0]})
    out = normalise(data, "target", target={"students": 200, "cost": 4.0}, directions={"cost": "反向"})
    assert out["students"].tolist() == pytest.approx([0.0, 0.5, 1.0])
    assert out["cost"].tolist() == pytest.approx([0.0, 0.75, 1.0])


@pytest.mark.parametrize(
    "method, kwargs, data, message",
    [
        ("minmax", {}, {"a": [1.0, 1.0, 1.0]}, "indicator 'a'.*same value for every unit"),
        ("zscore", {}, {"a": [2.0, 2.0, 2.0]}, "indicator 'a'.*same value"),
        ("log", {}, {"a": [1.0, 0.0, 2.0]}, "indicator 'a', unit '1'.*needs values > 0"),
        ("boxcox", {}, {"a": [1.0, -2.0, 2.0]}, "indicator 'a', unit '1'.*needs values > 0"),
        ("target", {}, {"a": [1.0, 2.0]}, "'target' parameter of normalise is required"),
        ("target", {"target": {"b": 3}}, {"a": [1.0, 2.0]}, "no value for indicator"),
        ("minmax", {"range": (5, 1)}, {"a": [1.0, 2.0]}, "low < high"),
        ("minmax", {"target": 3}, {"a": [1.0, 2.0]}, "has no option \\['target'\\]"),
        ("cubic", {}, {"a": [1.0, 2.0]}, "'method' parameter of normalise must be one of"),
        ("minmax", {}, {"a": [1.0, "x"]}, "indicator 'a', unit '1'.*not a number"),
        ("minmax", {}, {"a": [np.nan, np.nan]}, "indicator 'a'.*no value for any unit"),
    ],
)
def test_bad_input_is_located(method, kwargs, data, message):
    with pytest.raises(InputError, match=message):
        normalise(pd.DataFrame(data), method, **kwargs)


def test_bad_directions():
    with pytest.raises(InputError, match="indicator 'a'.*区间|indicator 'a'.*range"):
        normalise(pd.DataFrame({"a": [1.0, 2.0]}), directions={"a": "区间"})
    with pytest.raises(InputError, match="one direction per indicator"):
        normalise(pd.DataFrame({"a": [1.0, 2.0]}), directions=[1, -1])
    with pytest.raises(InputError, match="not in the data"):
        normalise(pd.DataFrame({"a": [1.0, 2.0]}), directions={"b": -1})


def test_every_method_has_options_listed():
    assert set(NORMALISATIONS) == {"minmax", "zscore", "goalposts", "target", "reference", "best", "fracmax", "rank",
                                   "percentile", "log", "boxcox"}


# --- properties ----------------------------------------------------------------------------------------------
_columns = arrays(np.float64, st.tuples(st.integers(3, 12), st.integers(1, 4)),
                  elements=st.floats(-1e3, 1e3, allow_nan=False, width=32))


def _spread(x: np.ndarray) -> bool:
    return bool((np.ptp(x, axis=0) > 1e-3 * np.maximum(1.0, np.abs(x).max(axis=0))).all())


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(x=_columns, a=st.floats(0.01, 100), b=st.floats(-1e3, 1e3), method=st.sampled_from(["minmax", "zscore",
                                                                                          "rank", "best"]))
def test_scale_and_shift_invariance(x, a, b, method):
    """min-max, z-score, rank and distance-to-best give the same values (hence ranks) after x -> a x + b, a > 0.

    Ranks are compared only where distinct values stay distinct in floating point: two values 1e-12 apart may
    round to one after a x + b, and a tie is then a correct rank of the transformed data."""
    if not _spread(x):
        return
    if method == "rank":
        gaps = np.diff(np.sort(x, axis=0), axis=0)
        if ((gaps > 0) & (gaps < 1e-6 * max(1.0, float(np.abs(x).max())))).any():
            return
    np.testing.assert_allclose(normalise(a * x + b, method).to_numpy(), normalise(x, method).to_numpy(),
                               atol=1e-6 * (100 if method == "minmax" else 1))


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(x=_columns, method=st.sampled_from(["minmax", "zscore", "rank", "best", "percentile"]))
def test_direction_reversal(x, method):
    """A cost indicator is the benefit indicator of -x; reversing it reverses the order of the units."""
    if not _spread(x):
        return
    cost = normalise(x, method, directions=[-1] * x.shape[1]).to_numpy()
    np.testing.assert_allclose(cost, normalise(-x, method).to_numpy(), atol=1e-9)
    if method == "minmax":
        np.testing.assert_allclose(cost + normalise(x, method).to_numpy(), 100.0, atol=1e-9)

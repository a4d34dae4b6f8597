"""Aggregation over a framework tree: COINr's reference case, the tree and its weights, and the mean's properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perfmethods.composite import AGGREGATIONS, FrameworkTree, aggregate, generalised_mean
from perfmethods.composite.aggregation import aggregate_batch, effective_weights, index_batch
from perfmethods.errors import InputError
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework

# --- coinr_aggregation_functions -----------------------------------------------------------------------------
# Source: bluefoxr/COINr@b9682034 tests/testthat/test-aggregate.R (test_that 'agg_functions' l.124);
# vignettes/aggregate.Rmd ('Data availability limits'). (The outranking / Copeland part of the case belongs to the
# ranking methods.)


@pytest.mark.reference
def test_coinr_geometric_mean(cases):
    case = cases["coinr_aggregation_functions"]
    x, w = case["input"]["gmean"]["x"], case["input"]["gmean"]["w"]
    assert case["expected"]["a_gmean(x)"] == "(1*2*3)^(1/3)"
    assert generalised_mean(x, p=0) == pytest.approx((1 * 2 * 3) ** (1 / 3), abs=1e-12)
    assert case["expected"]["a_gmean(x,w)"] == "(1*2*3^2)^(1/4)"
    assert generalised_mean(x, w, p=0) == pytest.approx((1 * 2 * 3**2) ** (1 / 4), abs=1e-12)
    assert case["expected"]["a_gmean_error_on"] == "any x<=0"
    with pytest.raises(InputError, match="geometric mean needs values > 0"):
        generalised_mean([1, 0, 3], p=0)
    with pytest.raises(InputError, match="indicator 'b', unit '乙'.*geometric mean needs"):
        aggregate(pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, -1.0]}, index=["甲", "乙"]), method="geometric")


@pytest.mark.reference
def test_coinr_harmonic_and_generalised_means(cases):
    case = cases["coinr_aggregation_functions"]
    tol = case["tolerance"]["abs"]
    h = case["input"]["hmean"]
    assert generalised_mean(h["x"], h["w"], p=-1) == pytest.approx(1.4117647, abs=tol)  # 4/(2/1+1/2+1/3)
    g = case["input"]["genmean"]
    assert generalised_mean(g["x"], h["w"], p=g["p"][0]) == pytest.approx(generalised_mean(h["x"], h["w"], p=-1))
    assert generalised_mean(g["x"], p=g["p"][1]) == pytest.approx(case["expected"]["a_genmean(p=1,equal w)"])
    frame = pd.DataFrame([h["x"]], columns=["a", "b", "c"])
    assert aggregate(frame, weights=h["w"], method="harmonic")["index"].iloc[0] == pytest.approx(1.4117647, abs=tol)
    assert aggregate(frame, weights=h["w"], method="generalised", p=-1)["index"].iloc[0] == pytest.approx(
        1.4117647, abs=tol)


@pytest.mark.reference
def test_coinr_data_availability_threshold(cases):
    case = cases["coinr_aggregation_functions"]
    spec = case["input"]["dat_thresh_df"]
    data = pd.DataFrame({k: spec[k] for k in ("i1", "i2", "i3")}, dtype=float)
    got = aggregate(data, weights=spec["w"], threshold=spec["dat_thresh"])["index"].to_numpy()
    expected = np.array(case["expected"]["Aggregate(df, a_amean, w=c(1,1,1), dat_thresh=2/3)"], dtype=float)
    np.testing.assert_allclose(got, expected, atol=case["tolerance"]["abs"])
    # without a threshold the present values are averaged (weights rescaled to the members present)
    assert aggregate(data)["index"].tolist() == pytest.approx([5 / 3, 2.0, 2.0])


@pytest.mark.reference
def test_coinr_weights_are_relative_within_groups(cases):
    assert "rescaled to sum to 1 within each aggregation group" in cases["coinr_aggregation_functions"]["notes"]
    data = pd.DataFrame({"a": [1.0, 4.0], "b": [3.0, 2.0], "c": [5.0, 1.0]})
    tree = {"a": "P", "b": "P", "c": "Q"}
    one = aggregate(data, tree, weights={"a": 1, "b": 3, "c": 1, "P": 1, "Q": 1})
    scaled = aggregate(data, tree, weights={"a": 10, "b": 30, "c": 7, "P": 2, "Q": 2})
    pd.testing.assert_frame_equal(one, scaled)
    assert one["P"].tolist() == pytest.approx([(1 + 9) / 4, (4 + 6) / 4])
    assert one["index"].tolist() == pytest.approx([(2.5 + 5) / 2, (2.5 + 1) / 2])


def _framework() -> IndicatorFramework:
    rows = [("C1", "产出", "产出数量", 20, "≥"), ("C2", "产出", "产出数量", 10, "≥"),
            ("C3", "产出", "产出质量", 20, "≥"), ("D1", "效益", "社会效益", 30, "≥"), ("D2", "效益", "满意度", 20, "≤")]
    return IndicatorFramework(tuple(Indicator(id=i, name=i, level1=l1, level2=l2, points=p,
                                              direction=Direction.parse(d)) for i, l1, l2, p, d in rows))


def test_indicator_framework_points_weigh_every_level():
    fw = _framework()
    tree = FrameworkTree.build(fw.ids, fw)
    assert tree.levels[1] == ("产出数量", "产出质量", "社会效益", "满意度")
    assert tree.levels[2] == ("产出", "效益")
    assert tree.weights["产出"] == 50 and tree.weights["产出数量"] == 30
    rng = np.random.default_rng(0)
    data = pd.DataFrame(rng.uniform(1, 100, size=(6, 5)), columns=list(fw.ids))
    out = aggregate(data, fw)
    # with points at every level the arithmetic tree is the points-weighted mean of the indicators
    flat = data.to_numpy() @ fw.weights().to_numpy()
    assert out["index"].to_numpy() == pytest.approx(flat)
    assert list(out.columns) == ["产出数量", "产出质量", "社会效益", "满意度", "产出", "效益", "index"]


def test_framework_as_a_table_of_ancestors():
    data = pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 4.0], "c": [3.0, 3.0]})
    table = pd.DataFrame({"dim": ["P", "P", "Q"], "pillar": ["X", "X", "X"]}, index=["a", "b", "c"])
    out = aggregate(data, table)
    assert list(out.columns) == ["P", "Q", "X", "index"]
    assert out["X"].tolist() == pytest.approx([(1.5 + 3) / 2, (3 + 3) / 2])


@pytest.mark.parametrize(
    "framework, weights, message",
    [
        ({"a": "P"}, None, "the data's indicators \\['b'\\] are not in the framework"),
        ({"a": "P", "b": "Q", "z": "Q"}, None, "the framework's indicators \\['z'\\] are not in the data"),
        ({"a": "P", "b": ["Q", "R"]}, None, "same depth"),
        ({"a": ["P", "X"], "b": ["P", "Y"]}, None, "group 'P' sits under both"),
        (None, [1.0], "one weight per indicator \\(2\\)"),
        (None, {"a": 1, "zz": 2}, "not in the framework: \\['zz'\\]"),
        (None, {"a": -1}, "indicator 'a'.*'weights' parameter must hold numbers >= 0; got -1"),
        ({"a": "P", "b": "P"}, {"a": 0, "b": 0}, "every weight in group 'P' is zero"),
        ({"a": "a", "b": "Q"}, None, "sits under both|used at two levels"),
        ("P", None, "'framework' parameter must be"),
    ],
)
def test_framework_and_weight_errors(framework, weights, message):
    with pytest.raises(InputError, match=message):
        aggregate(pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 3.0]}), framework, weights=weights)


def test_method_options():
    assert AGGREGATIONS == {"arithmetic": 1.0, "geometric": 0.0, "harmonic": -1.0, "generalised": None}
    data = pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 3.0]})
    with pytest.raises(InputError, match="needs the power 'p'"):
        aggregate(data, method="generalised")
    with pytest.raises(InputError, match="applies to method 'generalised' only"):
        aggregate(data, method="geometric", p=2)
    with pytest.raises(InputError, match="'threshold' parameter of aggregate"):
        aggregate(data, threshold=1.5)


def test_batch_equals_one_by_one_and_flat_equals_tree():
    rng = np.random.default_rng(5)
    data = rng.uniform(1, 100, size=(7, 6))
    tree = FrameworkTree.build([f"x{j}" for j in range(6)], {f"x{j}": ["P", "Q", "R"][j % 3] for j in range(6)})
    W = rng.uniform(0.1, 2, size=(4, len(tree.weights)))
    for p in (1.0, 0.0, -1.0, 0.5):
        batch = aggregate_batch(data, tree, W, p)
        for r in range(4):
            single = aggregate(pd.DataFrame(data, columns=tree.indicators), tree,
                               weights=dict(zip(tree.weights.index, W[r], strict=True)), method="generalised", p=p)
            np.testing.assert_allclose(batch[r], single.to_numpy(), rtol=1e-12)
        np.testing.assert_allclose(index_batch(data, tree, W, p), batch[:, :, -1], rtol=1e-10)
    assert effective_weights(tree, W).sum(axis=1) == pytest.approx(np.ones(4))


# --- properties ----------------------------------------------------------------------------------------------
_positive = arrays(np.float64, st.integers(1, 8), elements=st.floats(0.0625, 1e3, allow_nan=False, width=32))


@pytest.mark.property
@settings(max_examples=50, deadline=None)
@given(x=_positive, p1=st.floats(-5, 5), p2=st.floats(-5, 5), seed=st.integers(0, 1000))
def test_power_mean_is_monotone_in_p(x, p1, p2, seed):
    """M_p ≤ M_q for p ≤ q (Hardy, Littlewood & Pólya 1952, theorem 16); equality for equal values."""
    w = np.random.default_rng(seed).uniform(0.1, 1.0, x.size)
    lo, hi = sorted((p1, p2))
    a, b = generalised_mean(x, w, p=lo), generalised_mean(x, w, p=hi)
    assert a <= b * (1 + 1e-9) + 1e-12
    assert x.min() * (1 - 1e-9) <= a and b <= x.max() * (1 + 1e-9)


@pytest.mark.property
@settings(max_examples=30, deadline=None)
@given(x=arrays(np.float64, st.tuples(st.integers(2, 6), st.integers(2, 6)),
                elements=st.floats(0.5, 100, allow_nan=False, width=32)),
       j=st.integers(0, 5), bump=st.floats(0.01, 50), method=st.sampled_from(["arithmetic", "geometric",
                                                                                "harmonic"]))
def test_aggregation_is_monotone_in_each_indicator(x, j, bump, method):
    """Raising one indicator of one unit never lowers any of its aggregates."""
    j = j % x.shape[1]
    groups = {f"x{k + 1}": f"g{k % 2}" for k in range(x.shape[1])}
    if len(set(groups.values())) == 1:
        groups = None
    before = aggregate(x, groups, method=method).to_numpy()
    y = x.copy()
    y[0, j] += bump
    after = aggregate(y, groups, method=method).to_numpy()
    assert (after[0] >= before[0] * (1 - 1e-12)).all()
    np.testing.assert_allclose(after[1:], before[1:])


@pytest.mark.property
@settings(max_examples=30, deadline=None)
@given(x=arrays(np.float64, st.tuples(st.integers(2, 5), st.integers(2, 6)),
                elements=st.floats(0.5, 100, allow_nan=False, width=32)),
       seed=st.integers(0, 10_000), method=st.sampled_from(["arithmetic", "geometric", "harmonic"]))
def test_weights_permutation_equivariance(x, seed, method):
    """Permuting the indicators together with their weights leaves every score unchanged."""
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.1, 3, x.shape[1])
    perm = rng.permutation(x.shape[1])
    cols = [f"i{k}" for k in range(x.shape[1])]
    frame = pd.DataFrame(x, columns=cols)
    base = aggregate(frame, weights=dict(zip(cols, w, strict=True)), method=method)["index"]
    moved = aggregate(frame.iloc[:, perm], weights=w[perm], method=method)["index"]
    np.testing.assert_allclose(moved.to_numpy(), base.to_numpy(), rtol=1e-12)

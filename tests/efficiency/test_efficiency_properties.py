"""Invariants of DEA, super-efficiency, scale efficiency and the Malmquist index (hypothesis), and planted
effects recovered from simulated data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from efficiency_helpers import quiet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from perfmethods.efficiency import dea, malmquist, scale_efficiency, super_efficiency

pytestmark = pytest.mark.property

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
values = st.floats(1.0, 100.0, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 2))


@st.composite
def cross_sections(draw, min_units: int = 3, max_units: int = 12):
    n = draw(st.integers(min_units, max_units))
    m = draw(st.integers(1, 3))
    s = draw(st.integers(1, 3))
    x = draw(arrays(float, (n, m), elements=values))
    y = draw(arrays(float, (n, s), elements=values))
    units = [f"u{i}" for i in range(n)]
    return (pd.DataFrame(x, index=units, columns=[f"x{j}" for j in range(m)]),
            pd.DataFrame(y, index=units, columns=[f"y{j}" for j in range(s)]))


@SETTINGS
@given(cross_sections(), st.sampled_from(["ccr", "bcc"]), st.sampled_from(["input", "output"]))
def test_efficiency_lies_in_0_1_and_someone_is_efficient(data, model, orientation):
    x, y = data
    res = quiet(dea, x, y, model=model, orientation=orientation)
    eff = res.efficiency.to_numpy()
    assert (eff > 0).all() and (eff <= 1 + 1e-12).all()
    assert (res.status == "efficient").any()
    assert (res.slacks.to_numpy() >= 0).all()
    # the unit with the best single ratio of (first output / first input) is on the CCR frontier
    if model == "ccr":
        best = (y.iloc[:, 0] / x.iloc[:, 0]).idxmax()
        if x.shape[1] == 1 and y.shape[1] == 1:
            assert res.efficiency[best] == pytest.approx(1.0)


@SETTINGS
@given(cross_sections(), st.sampled_from(["input", "output"]))
def test_ccr_is_at_most_bcc_and_te_is_pte_times_se(data, orientation):
    x, y = data
    res = quiet(scale_efficiency, x, y, orientation=orientation)
    te, pte = res.ccr.efficiency.to_numpy(), res.bcc.efficiency.to_numpy()
    assert (te <= pte + 1e-8).all()
    assert_allclose(te, pte * res.scale.to_numpy(), rtol=1e-8)
    assert ((res.scale > 0) & (res.scale <= 1)).all()
    constant = res.returns_to_scale == "constant"
    assert_allclose(res.scale[constant].to_numpy(), 1.0, atol=1e-6)


@SETTINGS
@given(cross_sections())
def test_ccr_output_efficiency_is_the_reciprocal_of_phi_and_equals_input_efficiency(data):
    x, y = data
    theta = quiet(dea, x, y, "ccr", "input")
    out = quiet(dea, x, y, "ccr", "output")
    assert_allclose(theta.score.to_numpy(), 1 / out.score.to_numpy(), rtol=1e-7)
    assert_allclose(out.efficiency.to_numpy(), 1 / out.score.to_numpy(), rtol=1e-12)


@SETTINGS
@given(cross_sections(), st.sampled_from(["ccr", "bcc"]), st.sampled_from(["input", "output"]),
       st.lists(st.sampled_from([1e-3, 0.1, 10.0, 1e4]), min_size=6, max_size=6))
def test_efficiency_does_not_depend_on_the_units_of_measure(data, model, orientation, factors):
    x, y = data
    base = quiet(dea, x, y, model=model, orientation=orientation)
    rescaled = quiet(dea, x * factors[: x.shape[1]], y * factors[3: 3 + y.shape[1]], model=model,
                     orientation=orientation)
    assert_allclose(rescaled.efficiency.to_numpy(), base.efficiency.to_numpy(), rtol=1e-6)


@SETTINGS
@given(cross_sections(), st.sampled_from(["ccr", "bcc"]), st.sampled_from(["input", "output"]),
       st.integers(0, 100), st.floats(1.1, 3.0), st.floats(0.3, 0.9))
def test_adding_a_dominated_unit_changes_nothing(data, model, orientation, pick, more, less):
    x, y = data
    base = quiet(dea, x, y, model=model, orientation=orientation)
    j = x.index[pick % len(x)]
    x2 = pd.concat([x, (x.loc[[j]] * more).rename(index={j: "dominated"})])
    y2 = pd.concat([y, (y.loc[[j]] * less).rename(index={j: "dominated"})])
    res = quiet(dea, x2, y2, model=model, orientation=orientation)
    assert_allclose(res.efficiency.drop("dominated").to_numpy(), base.efficiency.to_numpy(), rtol=1e-7)
    assert res.efficiency["dominated"] < 1
    assert res.lambdas["dominated"].abs().max() < 1e-9  # never a peer


@SETTINGS
@given(cross_sections(), st.sampled_from(["ccr", "bcc"]), st.sampled_from(["input", "output"]))
def test_every_target_is_efficient(data, model, orientation):
    x, y = data
    res = quiet(dea, x, y, model=model, orientation=orientation)
    tx = res.targets[list(res.inputs)].rename(index=lambda u: f"t_{u}")
    ty = res.targets[list(res.outputs)].rename(index=lambda u: f"t_{u}")
    both = quiet(dea, pd.concat([x, tx]), pd.concat([y, ty]), model=model, orientation=orientation)
    assert_allclose(both.efficiency[tx.index].to_numpy(), 1.0, atol=1e-6)
    gaps = res.improvements
    assert_allclose(gaps[list(res.inputs)].to_numpy(), np.maximum(x.to_numpy() - tx.to_numpy(), 0), atol=1e-9)
    assert_allclose(gaps[list(res.outputs)].to_numpy(), np.maximum(ty.to_numpy() - y.to_numpy(), 0), atol=1e-9)
    assert (gaps.to_numpy() >= -1e-9).all()
    assert_allclose(gaps[res.status == "efficient"].to_numpy(), 0.0, atol=1e-6)
    # and the projections leave the original units' scores unchanged (they lie on the same frontier)
    assert_allclose(both.efficiency[x.index].to_numpy(), res.efficiency.to_numpy(), rtol=1e-6)


@SETTINGS
@given(cross_sections(min_units=4), st.sampled_from(["ccr", "bcc"]), st.sampled_from(["input", "output"]))
def test_super_efficiency_separates_efficient_units(data, model, orientation):
    x, y = data
    sup = quiet(super_efficiency, x, y, model=model, orientation=orientation)
    base = quiet(dea, x, y, model=model, orientation=orientation)
    inefficient = base.efficiency < 1 - 1e-6
    assert_allclose(sup.efficiency[inefficient].to_numpy(), base.efficiency[inefficient].to_numpy(), rtol=1e-6)
    assert sup.feasible[inefficient].all()
    assert (sup.efficiency[~inefficient & sup.feasible] >= 1 - 1e-7).all()
    if model == "ccr":
        assert sup.feasible.all()  # positive data: always feasible under constant returns


@st.composite
def panels(draw):
    n = draw(st.integers(3, 8))
    t = draw(st.integers(2, 4))
    m = draw(st.integers(1, 2))
    s = draw(st.integers(1, 2))
    x = draw(arrays(float, (t, n, m), elements=values))
    y = draw(arrays(float, (t, n, s), elements=values))
    rows = []
    for p in range(t):
        for j in range(n):
            rows.append({"unit": f"u{j}", "year": 2018 + p, **{f"x{k}": x[p, j, k] for k in range(m)},
                         **{f"y{k}": y[p, j, k] for k in range(s)}})
    return pd.DataFrame(rows), [f"x{k}" for k in range(m)], [f"y{k}" for k in range(s)]


@SETTINGS
@given(panels(), st.sampled_from(["input", "output"]))
def test_malmquist_is_efficiency_change_times_technical_change(panel, orientation):
    frame, xs, ys = panel
    res = quiet(malmquist, frame, unit="unit", period="year", inputs=xs, outputs=ys, orientation=orientation)
    t = res.indices
    assert_allclose(t["malmquist"], t["efficiency_change"] * t["technical_change"], rtol=1e-10)
    assert_allclose(t["efficiency_change"], t["pure_efficiency_change"] * t["scale_efficiency_change"], rtol=1e-10)
    assert (t[["malmquist", "efficiency_change", "technical_change"]] > 0).all().all()
    # the index compares the frontiers of adjacent years: reversing time inverts it
    back = frame.assign(year=-frame["year"])
    rev = quiet(malmquist, back, unit="unit", period="year", inputs=xs, outputs=ys, orientation=orientation)
    first = t[t["base"] == 2018].set_index("unit")["malmquist"]
    last = rev.indices[rev.indices["comparison"] == -2018].set_index("unit")["malmquist"]
    assert_allclose(last[first.index].to_numpy(), 1 / first.to_numpy(), rtol=1e-7)


# ---- planted effects ---------------------------------------------------------------------------------------


def test_planted_inefficiency_is_recovered_exactly_with_one_input_and_one_output():
    # y = 2 x e^{-u}: under constant returns the CCR score is e^{-u} / max e^{-u}, the planted inefficiency
    rng = np.random.default_rng(20240601)
    x = rng.uniform(10, 200, 60)
    u = rng.exponential(0.3, 60)
    u[7] = 0.0  # one unit on the true frontier
    y = 2 * x * np.exp(-u)
    res = quiet(dea, x, y)
    assert_allclose(res.efficiency.to_numpy(), np.exp(-u), rtol=1e-8)


def test_planted_inefficiency_is_bracketed_and_ranked_with_two_inputs():
    # Cobb-Douglas frontier y = x1^0.4 x2^0.6 (constant returns) with half-normal inefficiency: DEA's frontier
    # lies inside the true one, so DEA efficiency >= true efficiency, and it ranks the units almost as planted.
    rng = np.random.default_rng(7)
    n = 300
    x = rng.uniform(1, 100, (n, 2))
    true = np.exp(-np.abs(rng.normal(0, 0.25, n)))
    y = x[:, 0] ** 0.4 * x[:, 1] ** 0.6 * true
    res = quiet(dea, x, y)
    eff = res.efficiency.to_numpy()
    assert (eff >= true - 1e-8).all()
    assert np.corrcoef(np.argsort(np.argsort(eff)), np.argsort(np.argsort(true)))[0, 1] > 0.95
    assert np.median(eff - true) < 0.05


def test_planted_productivity_growth_is_technical_change():
    # every unit produces 10 % more output with the same inputs in 2021: the frontier shifts, nobody catches up
    rng = np.random.default_rng(3)
    n = 40
    x = rng.uniform(10, 100, (n, 2))
    y = rng.uniform(10, 100, (n, 2))
    units = [f"区县{i}" for i in range(n)]
    base = pd.DataFrame({"district": units, "year": 2020, "x0": x[:, 0], "x1": x[:, 1], "y0": y[:, 0],
                         "y1": y[:, 1]})
    grown = base.assign(year=2021, y0=base["y0"] * 1.1, y1=base["y1"] * 1.1)
    res = quiet(malmquist, pd.concat([base, grown]), unit="district", period="year", inputs=["x0", "x1"],
                outputs=["y0", "y1"])
    assert_allclose(res.indices["malmquist"], 1.1, rtol=1e-7)
    assert_allclose(res.indices["technical_change"], 1.1, rtol=1e-7)
    assert_allclose(res.indices["efficiency_change"], 1.0, rtol=1e-7)
    assert_allclose(res.indices["pure_efficiency_change"], 1.0, rtol=1e-7)


def test_planted_catching_up_is_efficiency_change():
    # one input, one output; in 2021 the laggard u1 reaches the frontier unit's productivity, nothing else moves
    panel = pd.DataFrame({"unit": ["u0", "u1", "u2"] * 2, "year": [2020] * 3 + [2021] * 3,
                          "x": [10.0, 10, 20] * 2, "y": [20.0, 10, 30, 20, 20, 30]})
    res = quiet(malmquist, panel, unit="unit", period="year", inputs="x", outputs="y").to_frame()
    assert res.loc["u1", "efficiency_change"] == pytest.approx(2.0)
    assert res.loc["u1", "technical_change"] == pytest.approx(1.0)
    assert res.loc[["u0", "u2"], "malmquist"].to_numpy() == pytest.approx([1.0, 1.0])

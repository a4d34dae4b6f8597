"""Monte Carlo after the speed-up: the same draws and NPVs as before, blocks and progress bars change nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import ndtri

import perfmethods.cba.model as model_module
import perfmethods.cba.montecarlo as mc
import perfmethods.progress as progress
from perfmethods.cba import CashFlows
from perfmethods.cba.discounting import discount_factors
from perfmethods.cba.model import FunctionModel, NPVModel
from perfmethods.cba.montecarlo import PERT, Triangular, Uniform, iman_conover, monte_carlo, sample_inputs


def green_book(timing: str = "end") -> NPVModel:
    """HM Treasury Green Book (2003) Box 15: £1m now, £150k a year for 10 years, 3.5 %."""
    t = pd.DataFrame({"cost": [1e6] + [0.0] * 10, "savings": [0.0] + [150e3] * 10}, index=range(2003, 2014))
    cf = CashFlows.from_wide(t, kinds={"cost": "cost", "savings": "benefit"}, price_base=2003)
    return NPVModel(cf, {"savings": "savings", "cost": "cost"}, rate=0.035, rate_variable="rate", timing=timing)


INPUTS = {"savings": PERT(0.7, 1.0, 1.2), "cost": Triangular(0.9, 1.0, 1.5), "rate": Uniform(0.02, 0.06)}

# Pinned with the code before the speed-up (perfmethods commit 7eda59e, src/perfmethods/cba/montecarlo.py):
# monte_carlo(green_book(), INPUTS, n_draws=2000, seed=7). The random stream of independent inputs is unchanged
# (a run of one chunk draws from the caller's generator), so the draws are bit-identical; the NPVs differ only by
# the rounding of reordered sums.
PINNED = {"expected_npv": 55818.975058293574, "sd": 193386.88181070413, "p_negative": 0.376,
          "p5": -272192.91984809, "p95": 359788.7515600119,
          "rows": [[1.010150831420946, 1.2300739589252956, 0.04242322458587932],
                   [1.0381635560672358, 0.9612087811186176, 0.055651429110662495],
                   [0.9857342903555552, 1.195676011867356, 0.024899941913012907]],
          "npv": [-15782.146564107854, 208925.46736054192, 99074.75443477067]}


@pytest.fixture
def bar_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown bars appear at once (however quick the call), so that the shown path really runs."""
    monkeypatch.setattr(progress, "DELAY", 0.0)


def test_same_seed_same_numbers_as_before_the_speed_up():
    res = monte_carlo(green_book(), INPUTS, n_draws=2000, seed=7)
    pin = PINNED
    np.testing.assert_array_equal(res.inputs.to_numpy()[[0, 999, 1999]], pin["rows"])
    np.testing.assert_allclose(res.npv[[0, 999, 1999]], pin["npv"], rtol=1e-13)
    assert res.expected_npv == pytest.approx(pin["expected_npv"], rel=1e-12)
    assert res.sd == pytest.approx(pin["sd"], rel=1e-12)
    assert res.p_negative == pin["p_negative"]
    assert res.percentiles[5] == pytest.approx(pin["p5"], rel=1e-12)
    assert res.percentiles[95] == pytest.approx(pin["p95"], rel=1e-12)


@pytest.mark.parametrize("rho", [None, 0.7])
def test_progress_on_or_off_gives_the_same_result(capsys, bar_at_once, rho):
    corr = None if rho is None else {("savings", "cost"): rho}
    shown = monte_carlo(green_book(), INPUTS, n_draws=3000, rank_correlation=corr, seed=3, progress=True)
    assert "蒙特卡洛 Monte Carlo" in capsys.readouterr().err
    quiet = monte_carlo(green_book(), INPUTS, n_draws=3000, rank_correlation=corr, seed=3, progress=False)
    default = monte_carlo(green_book(), INPUTS, n_draws=3000, rank_correlation=corr, seed=3)
    assert capsys.readouterr().err == ""  # not a terminal under pytest: the default shows nothing
    for other in (quiet, default):
        np.testing.assert_array_equal(shown.npv, other.npv)
        pd.testing.assert_frame_equal(shown.inputs, other.inputs)
        assert shown.to_dict() == other.to_dict()
    drawn = sample_inputs(INPUTS, n_draws=3000, rank_correlation=corr, seed=3, progress=True)
    assert "抽样 sampling" in capsys.readouterr().err
    pd.testing.assert_frame_equal(drawn, shown.inputs)


def test_discount_factor_blocks_change_nothing(monkeypatch):
    m = green_book()
    x = sample_inputs(INPUTS, n_draws=5000, seed=11)
    whole = monte_carlo(m, INPUTS, n_draws=5000, seed=11)
    monkeypatch.setattr(model_module, "_BLOCK_ELEMENTS", 50)  # many discount-factor blocks
    blocked = monte_carlo(m, INPUTS, n_draws=5000, seed=11)
    np.testing.assert_allclose(blocked.npv, whole.npv, rtol=1e-13, atol=1e-7)
    direct = m.evaluate({k: x[k].to_numpy() for k in INPUTS})
    np.testing.assert_allclose(direct, whole.npv, rtol=1e-13, atol=1e-7)


@pytest.mark.parametrize("rho", [None, -0.6])
def test_a_run_of_several_chunks_draws_each_from_its_spawned_generator(monkeypatch, rho):
    """Chunks of 700 draws: chunk i holds what a one-chunk run seeded with the i-th spawned generator draws, the
    model is evaluated on exactly those draws, and sample_inputs gives the same draws."""
    monkeypatch.setattr(mc, "CHUNK_DRAWS", 700)
    corr = None if rho is None else {("savings", "cost"): rho}
    m = green_book()
    res = monte_carlo(m, INPUTS, n_draws=2000, rank_correlation=corr, seed=11)
    children = np.random.default_rng(11).spawn(3)
    for i, (start, size) in enumerate([(0, 700), (700, 700), (1400, 600)]):
        monkeypatch.setattr(mc, "CHUNK_DRAWS", 1 << 17)
        alone = sample_inputs(INPUTS, n_draws=max(size, 100), rank_correlation=corr, seed=children[i])
        pd.testing.assert_frame_equal(res.inputs.iloc[start:start + size].reset_index(drop=True),
                                      alone.iloc[:size].reset_index(drop=True))
        children = np.random.default_rng(11).spawn(3)  # fresh copies: the check above advanced child i
    np.testing.assert_allclose(res.npv, m.evaluate({k: res.inputs[k].to_numpy() for k in INPUTS}), rtol=1e-13,
                               atol=1e-7)
    monkeypatch.setattr(mc, "CHUNK_DRAWS", 700)
    pd.testing.assert_frame_equal(sample_inputs(INPUTS, n_draws=2000, rank_correlation=corr, seed=11), res.inputs)


@settings(max_examples=40, deadline=None)
@given(rates=st.lists(st.floats(-0.5, 0.5), min_size=1, max_size=30),
       mult=st.floats(0.0, 3.0), timing=st.sampled_from(["end", "mid"]))
def test_uncertain_rate_npv_is_the_schedule_npv_of_each_draw(rates, mult, timing):
    # one draw at a time through discount_factors (a constant-rate Schedule) against all draws at once
    m = green_book(timing)
    signed = m.cashflows.signed()
    flows = mult * signed[m.cashflows.amounts.index == "savings"].sum(axis=0) + signed[
        m.cashflows.amounts.index == "cost"].sum(axis=0)
    expected = [flows @ discount_factors(flows.size, r, timing=timing) for r in rates]
    got = m.evaluate({"rate": np.array(rates), "savings": mult})
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-6)


@pytest.mark.reference
def test_green_book_box_15_through_the_uncertain_rate_path():
    # HM Treasury Green Book (2003) Box 15: NPV £247,000 at 3.5 %, -£168,000 when the saving falls to £100k a year
    # (to the thousand; 247,490.80 and -168,339.47 exactly, as the fixed-rate path in test_cba_risk.py)
    npv = green_book().evaluate({"rate": np.array([0.035, 0.035]), "savings": np.array([1.0, 100 / 150])})
    np.testing.assert_allclose(npv, [247_490.80, -168_339.47], atol=0.01)
    assert [round(float(v), -3) for v in npv] == [247_000, -168_000]


def test_a_function_model_sees_every_draw_once_across_blocks(monkeypatch):
    monkeypatch.setattr(mc, "CHUNK_DRAWS", 300)
    seen = []

    def npv(a, b):
        seen.append(a.size)
        return a - 2 * b

    res = monte_carlo(FunctionModel(npv, {"a": 1.0, "b": 0.0}), {"a": Uniform(0, 1), "b": Uniform(0, 1)},
                      n_draws=1000, seed=0)
    assert seen == [300, 300, 300, 100]
    np.testing.assert_allclose(res.npv, res.inputs["a"] - 2 * res.inputs["b"])


def _iman_conover_by_the_book(x: np.ndarray, c: np.ndarray, seed: int) -> np.ndarray:
    """Iman & Conover (1982), steps as printed: every column reordered by the ranks of its row of T."""
    n, k = x.shape
    rng = np.random.default_rng(seed)
    idx = np.tile(np.arange(n), (k, 1))
    rng.permuted(idx, axis=1, out=idx)
    s = ndtri(np.arange(1, n + 1) / (n + 1))[idx]
    p = np.linalg.cholesky(2 * np.sin(np.pi * c / 6))
    t = (p @ np.linalg.inv(np.linalg.cholesky(np.corrcoef(s)))) @ s
    out = np.empty((k, n))
    for j in range(k):
        out[j, np.argsort(t[j])] = np.sort(x[:, j])
    return out.T


@settings(max_examples=25, deadline=None)
@given(n=st.integers(20, 400), rho=st.floats(-0.9, 0.9), rho2=st.floats(-0.4, 0.4), seed=st.integers(0, 2**31))
def test_iman_conover_first_column_shortcut_is_the_textbook_reordering(n, rho, rho2, seed):
    c = np.array([[1.0, rho, rho2], [rho, 1.0, 0.0], [rho2, 0.0, 1.0]])
    if np.linalg.eigvalsh(2 * np.sin(np.pi * c / 6)).min() < 1e-6:
        return
    x = np.random.default_rng(seed + 1).gamma(2.0, size=(n, 3))
    np.testing.assert_array_equal(iman_conover(x, c, seed), _iman_conover_by_the_book(x, c, seed))


def test_switching_values_and_option_decisions_same_with_and_without_a_bar(capsys, bar_at_once):
    from perfmethods.cba.decision import decide_options
    from perfmethods.cba.risk import one_way_sensitivity, switching_values

    m = green_book()
    shown = switching_values(m, progress=True)
    assert "临界值 switching values" in capsys.readouterr().err
    pd.testing.assert_frame_equal(shown.table, switching_values(m).table)
    pd.testing.assert_frame_equal(one_way_sensitivity(m, progress=True).table, one_way_sensitivity(m).table)
    capsys.readouterr()
    cf = m.cashflows
    kw = dict(requested="a", rate=0.05, n_draws=2000, seed=4,
              rank_correlation={("savings", "cost"): 0.5})
    options, variables = {"a": cf}, {"savings": "savings", "cost": "cost"}
    uncertainty = {"savings": PERT(0.7, 1.0, 1.2), "cost": Triangular(0.9, 1.0, 1.5)}
    shown_d = decide_options(options, variables, uncertainty, progress=True, **kw)
    assert "抽样 sampling" in capsys.readouterr().err
    quiet_d = decide_options(options, variables, uncertainty, **kw)
    pd.testing.assert_frame_equal(shown_d.table, quiet_d.table)
    np.testing.assert_array_equal(shown_d.draws, quiet_d.draws)

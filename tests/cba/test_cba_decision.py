"""The governing NPV and the choice among options (perfmethods.cba.decision).

What is proved:

* the three NPVs reconcile exactly: governing = deterministic + risk adjustment + optimism adjustment;
* the expected NPV of the linear appraisal model equals Σ_k E[x_k]·PV_k + PV_0 with the distribution means of
  Vose (2008), *Risk Analysis*, 3rd ed., §9.1.2 (PERT mean (a + λm + b)/(λ + 2)) and the triangular, normal,
  log-normal and uniform means, within the Monte Carlo error;
* the optimism adjustment is −uplift · E[PV of the uplifted capital lines], with the uplift of HM Treasury (2003)
  Supplementary Green Book Guidance: Optimism Bias, Table 2 (standard civil engineering, 44 %, mitigated 80 % → 8.8 %);
* a planted risk is recovered: with one normal input, P(NPV < 0) = Φ(−μ/σ) within the binomial 99.9 % interval;
* every option is evaluated on the same draws (common random numbers), the decision rule gives each status, and the
  result is seeded.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

from perfmethods.cba import (
    MAX_P_WORSE,
    PERT,
    CashFlows,
    LogNormal,
    Normal,
    NPVModel,
    OptionDecision,
    Triangular,
    Uniform,
    decide_options,
    optimism_bias,
    sample_inputs,
)
from perfmethods.cba.case_file import read_appraisal
from perfmethods.errors import InputError
from perfmethods.provenance import Provenance

ROOT = Path(__file__).resolve().parents[2]
ENV = ROOT / "data" / "examples" / "environment_project"


@pytest.fixture(scope="module")
def env():
    case = read_appraisal(ENV)
    options = {k: case.economic(v) for k, v in case.option_flows().items()}
    ob = optimism_bias(case.optimism_bias["project_type"], mitigation=case.optimism_bias["mitigation"])
    decision = decide_options(options, case.variables, case.uncertainty, requested="budget", baseline="stop",
                              rate="china_2006", rank_correlation=case.rank_correlation, optimism=ob,
                              n_draws=20_000, seed=1)
    return case, options, ob, decision


def _mean(dist) -> float:
    if isinstance(dist, PERT):
        return (dist.low + dist.lamb * dist.mode + dist.high) / (dist.lamb + 2)      # Vose 2008 §9.1.2
    if isinstance(dist, Triangular):
        return (dist.low + dist.mode + dist.high) / 3
    if isinstance(dist, Uniform):
        return (dist.low + dist.high) / 2
    if isinstance(dist, LogNormal):
        return float(np.exp(dist.mu + dist.sigma ** 2 / 2))
    return dist.mean


def test_three_npvs_reconcile_exactly(env):
    _, _, _, d = env
    t = d.table
    np.testing.assert_allclose(t["governing_npv"], t["deterministic_npv"] + t["risk_adjustment"]
                               + t["optimism_adjustment"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(t["governing_npv"], d.draws.mean(axis=1), rtol=1e-12)
    assert d.governing_npv == pytest.approx(t.set_index("option").loc[d.option, "governing_npv"])


def test_expected_npv_matches_the_distribution_means(env):
    case, options, _, d = env
    model = NPVModel(options["budget"], case.variables, rate="china_2006")
    pv = model.components
    analytic = sum(_mean(case.uncertainty[v]) * pv[v] for v in case.variables) + pv["other"]
    row = d.table.set_index("option").loc["budget"]
    draws = model.evaluate({c: v.to_numpy() for c, v in sample_inputs(
        case.uncertainty, n_draws=20_000, rank_correlation=case.rank_correlation, seed=1).items()})
    se = draws.std(ddof=1) / np.sqrt(draws.size)
    assert row["expected_npv"] == pytest.approx(draws.mean(), rel=1e-12)
    assert abs(row["expected_npv"] - analytic) < 4 * se
    assert row["deterministic_npv"] == pytest.approx(options["budget"].npv("china_2006"))


def test_optimism_adjustment_is_the_uplift_on_expected_capital_cost(env):
    case, options, ob, d = env
    assert ob.uplift == pytest.approx(0.44 * (1 - 0.8))                     # Table 2: 44 % upper bound, 80 % mitigated
    x = sample_inputs(case.uncertainty, n_draws=20_000, rank_correlation=case.rank_correlation, seed=1)
    flows = options["budget"]
    capital = flows.select("capital")
    owner = {flows.select(key)[0]: var for var, key in case.variables.items()}
    df = (1.08) ** -np.arange(flows.amounts.shape[1])
    pv_capital = sum(float(flows.amounts.loc[line].to_numpy() @ df)
                     * (x[owner[line]].mean() if line in owner else 1.0) for line in capital)
    row = d.table.set_index("option").loc["budget"]
    assert row["optimism_adjustment"] == pytest.approx(-ob.uplift * pv_capital, rel=1e-9)
    stop = d.table.set_index("option").loc["stop"]
    assert stop["optimism_adjustment"] == 0 and stop["governing_npv"] == pytest.approx(-case.closure_cost)


def test_environment_project_decision(env):
    _, _, _, d = env
    t = d.table.set_index("option")
    assert d.option == "budget" and t.loc["budget", "rank"] == 1
    assert t.loc["budget", "increment"] == pytest.approx(t.loc["budget", "governing_npv"] - t.loc["stop",
                                                                                               "governing_npv"])
    assert np.isnan(t.loc["stop", "p_worse"]) and t.loc["stop", "p_negative"] == 1.0
    expected = "fund_conditional" if t.loc["budget", "p_worse"] > MAX_P_WORSE.value else "fund_requested"
    assert d.status == expected and d.verdict == ("adjust" if expected == "fund_conditional" else "pass")
    payload = d.to_dict()
    json.dumps(payload, allow_nan=False)
    assert payload["table"][2]["p_worse"] is None


def test_the_decision_statement_names_the_governing_npv_and_reconciles(env):
    _, _, _, d = env
    row = d.table.set_index("option").loc[d.option]
    text = d.statement("zh", labels={"budget": "追加预算", "stop": "终止项目"})
    for value in ("deterministic_npv", "expected_npv", "governing_npv", "increment"):
        assert f"{row[value]:,.0f}万元" in text, value
    assert "“追加预算”最优" in text and "不投入资金时的“终止项目”" in text and "决策净现值" in text
    assert f"{row['risk_adjustment']:+,.0f}万元" in text and f"{row['optimism_adjustment']:+,.0f}万元" in text
    assert "governing NPV" in d.statement("en")
    alone = decide_options({"a": _simple(150.0)}, {"x": "收益"}, {"x": Uniform(0.8, 1.2)}, requested="a", rate=0.05,
                           n_draws=200, seed=0)
    assert "不投入资金（净现值为零）" in alone.statement() and alone.max_p_worse == MAX_P_WORSE.value


def test_the_risk_limit_is_a_sourced_local_choice():
    assert MAX_P_WORSE.value == 0.2 and MAX_P_WORSE.provenance is Provenance.UNVERIFIED
    assert "local choice" in MAX_P_WORSE.source


def _simple(benefit: float, cost: float = 100.0, extra_cost: float = 0.0) -> CashFlows:
    table = pd.DataFrame({"投资": [cost + extra_cost, 0.0], "收益": [0.0, benefit]}, index=[2025, 2026])
    return CashFlows.from_wide(table, kinds={"投资": "cost", "收益": "benefit"},
                               categories={"投资": "capital", "收益": "benefit"}, price_base=2025, unit="万元")


def test_planted_risk_is_recovered():
    # NPV = -100 + 110 x / 1.1 = 100 (x - 1) + ... with x ~ Normal(1.05, 0.1): P(NPV < 0) = Φ(-0.5)
    options = {"do": _simple(110.0), "none": _simple(0.0, cost=0.0)}
    n = 40_000
    d = decide_options(options, {"x": "收益"}, {"x": Normal(1.05, 0.1)}, requested="do", baseline="none",
                       rate=0.1, n_draws=n, seed=7)
    p_true = norm.cdf(-0.05 / 0.1)
    p_hat = d.table.set_index("option").loc["do", "p_worse"]
    half = 3.29 * np.sqrt(p_true * (1 - p_true) / n)
    assert abs(p_hat - p_true) < half
    assert d.table.set_index("option").loc["do", "expected_npv"] == pytest.approx(5.0, abs=3.29 * 10 / np.sqrt(n))


def test_every_option_sees_the_same_draws():
    base = _simple(130.0)
    dearer = _simple(130.0, extra_cost=20.0)
    d = decide_options({"a": base, "b": dearer}, {"x": "收益"}, {"x": Triangular(0.5, 1.0, 1.2)}, requested="a",
                       rate=0.05, n_draws=500, seed=3)
    np.testing.assert_allclose(d.draws[0] - d.draws[1], 20.0)               # draw by draw, not just on average


@pytest.mark.parametrize(("benefits", "limit", "status"), [
    ({"a": 200.0, "b": 150.0}, 1.0, "fund_requested"),
    ({"a": 110.0, "b": 100.0}, 0.1, "fund_conditional"),
    ({"a": 150.0, "b": 200.0}, 1.0, "fund_other"),
    ({"a": 90.0, "b": 95.0}, 1.0, "fund_none"),
])
def test_each_status(benefits, limit, status):
    options = {name: _simple(b) for name, b in benefits.items()}
    options["none"] = _simple(0.0, cost=0.0)
    d = decide_options(options, {"x": "收益"}, {"x": Uniform(0.8, 1.2)}, requested="a", baseline="none", rate=0.0,
                       max_p_worse=limit, n_draws=1000, seed=0)
    assert d.status == status
    assert isinstance(d, OptionDecision) and len(repr(d).splitlines()) <= 20


def test_seeded_and_checked():
    options = {"a": _simple(150.0), "b": _simple(140.0)}
    kw = {"variables": {"x": "收益"}, "uncertainty": {"x": Uniform(0.8, 1.2)}, "requested": "a", "rate": 0.05,
          "n_draws": 300}
    pd.testing.assert_frame_equal(decide_options(options, seed=4, **kw).table, decide_options(options, seed=4,
                                                                                             **kw).table)
    with pytest.raises(InputError, match="requested"):
        decide_options(options, **{**kw, "requested": "c"})
    with pytest.raises(InputError, match="baseline"):
        decide_options(options, baseline="a", **kw)
    with pytest.raises(InputError, match="max_p_worse"):
        decide_options(options, max_p_worse=1.5, **kw)
    with pytest.raises(InputError, match="duration"):
        decide_options(options, optimism=optimism_bias("standard_buildings", measure="duration"), **kw)
    with pytest.raises(InputError, match="not variables"):
        decide_options(options, **{**kw, "uncertainty": {"y": Uniform(0.8, 1.2)}})


@given(extra=st.floats(0, 500), limit=st.floats(0, 1), seed=st.integers(0, 2**16))
def test_a_dearer_option_never_ranks_higher_and_a_looser_limit_never_hurts(extra, limit, seed):
    options = {"a": _simple(160.0), "b": _simple(160.0, extra_cost=extra), "none": _simple(0.0, cost=0.0)}
    kw = {"variables": {"x": "收益"}, "uncertainty": {"x": PERT(0.6, 1.0, 1.3)}, "requested": "a",
          "baseline": "none", "rate": 0.05, "n_draws": 200, "seed": seed}
    tight = decide_options(options, max_p_worse=limit, **kw)
    loose = decide_options(options, max_p_worse=min(1.0, limit + 0.1), **kw)
    t = tight.table.set_index("option")
    assert t.loc["b", "governing_npv"] == pytest.approx(t.loc["a", "governing_npv"] - extra)
    assert tight.option == "a"
    order = {"fund_requested": 0, "fund_conditional": 1, "fund_other": 1, "fund_none": 2}
    assert order[loose.status] <= order[tight.status]


def test_charts_show_the_unit_and_the_options(env):
    import matplotlib.pyplot as plt

    case, options, _, d = env
    labels = {"budget": "追加预算", "target": "调减目标", "stop": "终止项目"}
    ax = d.plot(labels=labels)
    assert ax.get_xlabel() == "净现值（万元）"
    top_first = sorted(ax.get_yticklabels(), key=lambda label: -label.get_position()[1])
    assert [label.get_text() for label in top_first] == ["追加预算", "调减目标", "终止项目"]   # table order, top down
    assert ax.get_legend() is not None
    ax = d.plot(kind="bridge", language="en")
    assert ax.get_ylabel() == "NPV (万元)" and len(ax.texts) == 4
    assert [t.get_text() for t in ax.texts][-1] == f"{d.governing_npv:,.0f}"
    from perfmethods.cba import one_way_sensitivity

    ax = one_way_sensitivity(NPVModel(options["budget"], case.variables, rate="china_2006")).plot(unit="万元")
    assert ax.get_xlabel() == "净现值（万元）"
    plt.close("all")

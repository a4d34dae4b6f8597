"""Year-end outlook on series with known trends (drift method and seasonal profile)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from montest_helpers import FRAMEWORK, spending_report

from perfmethods.errors import InputError
from perfmethods.monitoring import outlook


def test_exact_linear_trend_is_projected_exactly_with_zero_width():
    rep = spending_report([25.0, 50.0, 75.0], [3, 6, 9], budget=120.0)
    row = outlook(rep).table.iloc[0]
    assert row["item"] == "spending" and row["method"] == "drift"
    assert row["forecast"] == pytest.approx(100.0)
    assert row["lower"] == pytest.approx(100.0) and row["upper"] == pytest.approx(100.0)
    assert row["completion"] == pytest.approx(100.0 / 120.0)


def test_drift_interval_by_hand():
    # increments 20, 40 over 3 months each: μ = 60/6 = 10; residuals (20−30)²/3 + (40−30)²/3 = 200/3; k − 1 = 1
    rep = spending_report([20.0, 60.0], [3, 6])
    row = outlook(rep, alpha=0.10).table.iloc[0]
    sigma = np.sqrt(200 / 3)
    se = sigma * np.sqrt(6 * (1 + 6 / 6))
    half = 6.313751514675041 * se  # t(0.95, 1)
    assert row["forecast"] == pytest.approx(120.0)
    assert row["upper"] == pytest.approx(120.0 + half)
    assert row["lower"] == pytest.approx(max(120.0 - half, 60.0))


def test_one_period_has_no_interval():
    row = outlook(spending_report([30.0], [6])).table.iloc[0]
    assert row["forecast"] == pytest.approx(60.0) and np.isnan(row["upper"])


@pytest.mark.property
def test_drift_interval_covers_known_trend_at_its_level():
    # 300 simulated projects (one call): monthly increments N(8, 2²), quarterly reports to month 9
    rng = np.random.default_rng(7)
    reps, truth = [], []
    for j in range(300):
        monthly = rng.normal(8.0, 2.0, 12)
        cum = np.cumsum(monthly)
        reps.append(spending_report(list(cum[[2, 5, 8]]), [3, 6, 9], budget=200.0, project=f"P{j}"))
        truth.append(cum[11])
    table = outlook(reps, alpha=0.10).table
    assert list(table["project"]) == [f"P{j}" for j in range(300)]
    covered = (table["lower"] <= np.array(truth)) & (np.array(truth) <= table["upper"])
    assert 0.84 <= covered.mean() <= 0.96
    assert abs((table["forecast"] - np.array(truth)).mean()) < 1.0  # unbiased for a linear trend


def test_indicators_are_projected_too():
    prog = pd.DataFrame({"indicator_id": ["A", "A", "B"], "month": [3, 6, 6], "value": [20.0, 40.0, 90.0]})
    rep = spending_report([20.0, 45.0], [3, 6], framework=FRAMEWORK, progress=prog)
    table = outlook(rep).table.set_index("item")
    assert set(table.index) == {"spending", "A"}  # ≤ indicators are levels, not cumulative
    assert table.loc["A", "forecast"] == pytest.approx(80.0) and table.loc["A", "target"] == 120.0


def test_seasonal_profile_from_history():
    # two past years spent 20 % by June and the whole budget by December; this year 30 by June → 150
    hist = pd.DataFrame({"project": "P1", "item": "spending", "year": [2023, 2023, 2024, 2024],
                         "month": [6, 12, 6, 12], "value": [20.0, 100.0, 24.0, 120.0]})
    rep = spending_report([30.0], [6], budget=150.0)
    row = outlook(rep, history=hist).table.iloc[0]
    assert row["method"] == "seasonal"
    assert row["forecast"] == pytest.approx(150.0)  # shares 0.2 and 0.2 → sd 0 → zero-width interval
    assert row["upper"] == pytest.approx(150.0)
    # the drift method would have said 60
    assert outlook(rep).table.iloc[0]["forecast"] == pytest.approx(60.0)
    hist2 = hist.copy()
    hist2.loc[2, "value"] = 36.0  # 2024: 30 % by June
    row2 = outlook(rep, history=hist2).table.iloc[0]
    assert row2["forecast"] == pytest.approx(30.0 / 0.25)
    assert row2["lower"] < row2["forecast"] < row2["upper"]


def test_history_needs_annual_values_and_result_contract():
    import matplotlib.pyplot as plt

    hist = pd.DataFrame({"project": "P1", "item": "spending", "year": [2023], "month": [6], "value": [20.0]})
    rep = spending_report([30.0], [6])
    with pytest.raises(InputError, match="month-12"):
        outlook(rep, history=hist)
    with pytest.raises(InputError, match="alpha"):
        outlook(rep, alpha=1.5)
    res = outlook([rep, spending_report([10.0, 80.0], [3, 6], project="P2")])
    json.dumps(res.to_dict(), allow_nan=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert res.plot(ax=ax, language=language) is ax
    plt.close(fig)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.95, "0.1", True])
def test_alpha_is_checked_in_the_shared_form(alpha):
    rep = spending_report([20.0, 60.0], [3, 6])
    with pytest.raises(InputError, match=r"The 'alpha' parameter of outlook must be a number in \(0, 0.5\)"):
        outlook(rep, alpha=alpha)

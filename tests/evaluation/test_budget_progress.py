"""execution_progress(): cumulative execution against time progress (month / 12, the budget system's bgttracewarn
default; secondary)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.evaluation import Budget, execution_progress


def _budget(cum: list[float], months: list[int] | None = None, original: float = 600, adjusted: float = 580):
    months = months or [3, 6, 9, 12][: len(cum)]
    periods = pd.DataFrame({"period": [f"Q{i + 1}" for i in range(len(cum))], "month": months, "executed_cum": cum})
    return Budget(original, adjusted, cum[-1], periods=periods)


def test_exact_progress_against_adjusted_and_original():
    b = _budget([96.5, 238.4, 402.7, 548.6])
    p = execution_progress(b)
    t = p.table
    assert t["time_progress"].tolist() == [0.25, 0.5, 0.75, 1.0]
    assert t["execution_progress"].iloc[-1] == pytest.approx(548.6 / 580)
    assert t["executed_in_period"].tolist() == pytest.approx([96.5, 141.9, 164.3, 145.9])
    assert t["gap"].iloc[0] == pytest.approx(96.5 / 580 - 0.25)
    q = execution_progress(b, basis="original")
    assert q.table["execution_progress"].iloc[-1] == pytest.approx(548.6 / 600)
    assert q.budget_amount == 600 and p.budget_amount == 580


def test_errors_name_the_problem():
    b = Budget(600, 580, 500)
    with pytest.raises(InputError, match="no in-year execution periods"):
        execution_progress(b)
    with pytest.raises(InputError, match="'basis'"):
        execution_progress(_budget([1.0]), basis="planned")  # type: ignore[arg-type]


def test_plot_returns_axes():
    ax = execution_progress(_budget([96.5, 238.4, 402.7, 548.6])).plot(language="en")
    assert ax.get_title() == "Budget execution against time progress"
    assert len(ax.lines) == 2


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=1, max_size=12))
def test_in_period_spending_adds_up_to_the_cumulative(increments):
    cum = np.cumsum(increments).tolist()
    months = sorted(set(range(1, 13)))[: len(cum)]
    p = execution_progress(_budget(cum, months=months, adjusted=1000))
    assert p.table["executed_in_period"].sum() == pytest.approx(cum[-1])
    assert (p.table["time_progress"].diff().dropna() > 0).all()


def test_periods_out_of_order_or_repeated_name_the_period():
    def periods(months):
        return pd.DataFrame({"period": [f"Q{i + 1}" for i in range(len(months))], "month": months,
                             "executed_cum": [10.0 * (i + 1) for i in range(len(months))]})

    with pytest.raises(InputError, match=r"period 'Q3' \(month 6\) repeats the month") as err:
        Budget(100, 100, 30, periods=periods([3, 6, 6]))
    assert err.value.location["row"] == 4
    with pytest.raises(InputError, match=r"period 'Q2' \(month 3\) comes before it"):
        Budget(100, 100, 20, periods=periods([6, 3]))

"""Plausibility of monitoring and budget inputs (issue 11, deliverable 3 and 4): finite amounts in range,
cumulative spending that falls only by a declared refund, months 1–12, integer progress."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from montest_helpers import FRAMEWORK

from perfmethods.errors import InputError
from perfmethods.model.inputs import AMOUNT_MAX, Budget, check_amount, first_undeclared_fall
from perfmethods.monitoring import ProjectReport, monitor, time_progress


@pytest.mark.parametrize("amount", [1.0e308, math.inf, -math.inf, math.nan, -1.0, AMOUNT_MAX * 10, True, "x"])
def test_budget_amounts_must_be_finite_and_in_range(amount: object) -> None:
    match = r"the budget field 'adjusted' must be a finite amount in \[0, 1e\+15\]"
    with pytest.raises(InputError, match=match):
        Budget(100.0, amount, 50.0)  # type: ignore[arg-type]


def test_budget_amount_message_shows_the_value() -> None:
    with pytest.raises(InputError) as err:
        Budget(100.0, np.float64(1e308), 50.0)
    text = str(err.value)
    assert "got 1e+308 instead" in text and "np." not in text and "inf" not in text
    assert err.value.location == {"key": "budget.adjusted"}


def test_check_amount_accepts_integers_and_the_bounds() -> None:
    assert check_amount(0, name="x") == 0.0
    assert check_amount(np.int64(600), name="x") == 600.0
    assert check_amount(AMOUNT_MAX, name="x") == AMOUNT_MAX


def _periods(cum: list[float], refund: list[object] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"period": [f"Q{k + 1}" for k in range(len(cum))],
                          "month": [3 * (k + 1) for k in range(len(cum))], "executed_cum": cum})
    if refund is not None:
        frame["refund"] = refund
    return frame


def test_falling_cumulative_spending_without_a_refund_names_period_and_row() -> None:
    with pytest.raises(InputError) as err:
        Budget(100.0, 100.0, 30.0, periods=_periods([50.0, 70.0, 30.0]), source="budget.csv")
    assert err.value.location == {"file": "budget.csv", "row": 4, "column": "executed_cum"}
    assert "falls from 70 to 30" in str(err.value) and "'Q3'" in str(err.value) and "refund" in str(err.value)


def test_a_declared_refund_allows_the_fall() -> None:
    budget = Budget(100.0, 100.0, 30.0, periods=_periods([50.0, 70.0, 30.0], [None, "", 40]))
    assert budget.periods["refund"].tolist() == [0.0, 0.0, 40.0]
    assert budget.periods["executed_cum"].tolist() == [50.0, 70.0, 30.0]


def test_a_refund_smaller_than_the_fall_is_refused() -> None:
    with pytest.raises(InputError, match="by more than the refund of 10 declared there"):
        Budget(100.0, 100.0, 30.0, periods=_periods([50.0, 70.0, 30.0], [0, 0, 10]))


def test_a_refund_must_be_an_amount() -> None:
    with pytest.raises(InputError, match=r"the refund \(退款\) must be a finite amount") as err:
        Budget(100.0, 100.0, 30.0, periods=_periods([50.0, 70.0, 30.0], [0, -5, 40]))
    assert err.value.location["row"] == 3 and err.value.location["column"] == "refund"


def test_periods_without_refund_keep_their_columns() -> None:
    budget = Budget(100.0, 100.0, 70.0, periods=_periods([50.0, 70.0]))
    assert list(budget.periods.columns) == ["period", "month", "executed_cum"]


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=12))
def test_first_undeclared_fall_property(cum: list[float]) -> None:
    values = np.asarray(cum)
    k = first_undeclared_fall(values)
    rising = np.maximum.accumulate(values)
    assert (k is None) == bool(np.all(np.diff(values) >= -1e-9 * np.maximum(1.0, np.abs(values[1:]))))
    # declaring each fall as a refund always makes the series acceptable
    refund = np.concatenate([[0.0], np.maximum(values[:-1] - values[1:], 0.0)])
    assert first_undeclared_fall(values, refund) is None
    assert first_undeclared_fall(rising) is None


def test_monitoring_spending_with_a_refund() -> None:
    spending = _periods([50.0, 70.0, 30.0], [0, 0, 40])
    report = ProjectReport.from_tables("P1", budget=100.0, spending=spending)
    assert report.budget.executed == 30.0
    with pytest.raises(InputError, match="falls from 70 to 30") as err:
        ProjectReport.from_tables("P1", budget=100.0, spending=_periods([50.0, 70.0, 30.0]))
    assert err.value.location["period"] == "Q3"


def test_integer_progress_is_accepted() -> None:
    progress = pd.DataFrame({"indicator_id": ["A", "A", "A"], "month": [3, 6, 9], "value": [10, 25, 88]})
    spending = _periods([20.0, 40.0, 60.0])
    report = ProjectReport.from_tables("P1", budget=100.0, spending=spending, framework=FRAMEWORK,
                                       progress=progress)
    assert report.progress["value"].tolist() == [10.0, 25.0, 88.0]
    floats = ProjectReport.from_tables("P1", budget=100.0, spending=spending, framework=FRAMEWORK,
                                       progress=progress.astype({"value": float}))
    assert monitor(report).to_dict() == monitor(floats).to_dict()


@pytest.mark.parametrize("month", [13, 0, -1, 3.5, math.nan, True, "3", np.array([3, 13])])
def test_time_progress_refuses_months_outside_1_to_12(month: object) -> None:
    with pytest.raises(InputError, match="must be a whole month 1–12"):
        time_progress(month)  # type: ignore[arg-type]


def test_time_progress_of_valid_months() -> None:
    assert time_progress(12) == 1.0
    np.testing.assert_allclose(time_progress(np.array([3, 6.0])), [0.25, 0.5])
    assert time_progress(np.int64(3)) == 0.25


def test_monitoring_messages_show_numbers_not_numpy_reprs() -> None:
    progress = pd.DataFrame({"indicator_id": ["A"], "month": [np.float64(13.0)], "value": [10.0]})
    with pytest.raises(InputError) as err:
        ProjectReport.from_tables("P1", budget=100.0, spending=_periods([20.0]), framework=FRAMEWORK,
                                  progress=progress)
    assert "got 13" in str(err.value) and "np." not in str(err.value)
    with pytest.raises(InputError) as err:
        time_progress(3, spending_curve=np.linspace(0.5, 0.9, 12))
    assert "0.5" in str(err.value) and "np." not in str(err.value)


@pytest.mark.parametrize("month", ["x", None, 3.5])
def test_budget_period_month_that_is_not_a_month(month: object) -> None:
    periods = pd.DataFrame({"period": ["Q1", "Q2"], "month": [3, month], "executed_cum": [10.0, 20.0]})
    with pytest.raises(InputError, match="must be a whole month 1–12") as err:
        Budget(100.0, 100.0, 20.0, periods=periods, source="budget.csv")
    assert err.value.location == {"file": "budget.csv", "row": 3, "column": "month"}

"""Bad monitoring input → InputError naming the project and the record."""

from __future__ import annotations

import pandas as pd
import pytest
from montest_helpers import FRAMEWORK, spending_report

from perfmethods.errors import InputError
from perfmethods.model.inputs import Budget
from perfmethods.monitoring import monitor_portfolio


def test_repeated_period_is_named():
    with pytest.raises(InputError) as info:
        spending_report([10.0, 20.0], [3, 3])
    assert info.value.location["period"] == "M3" and info.value.location["project"] == "P1"
    assert "repeated" in str(info.value)


def test_period_out_of_order_is_named():
    with pytest.raises(InputError) as info:
        spending_report([10.0, 20.0, 30.0], [3, 9, 6])
    assert info.value.location["period"] == "M6" and "out of calendar order" in str(info.value)


def test_repeated_period_in_a_budget_object_is_caught_too():
    # Budget itself now refuses a repeated month, naming the period and its row
    periods = pd.DataFrame({"period": ["Q1", "Q1b"], "month": [3, 3], "executed_cum": [10.0, 12.0]})
    with pytest.raises(InputError, match="'Q1b' \\(month 3\\) repeats the month") as info:
        Budget(original=100, adjusted=100, executed=12, periods=periods)
    assert info.value.location["row"] == 3


def test_spending_above_budget_is_named():
    with pytest.raises(InputError) as info:
        spending_report([50.0, 100.5], [6, 12])
    assert info.value.location["period"] == "M12" and "exceeds the full-year budget" in str(info.value)


def test_cumulative_spending_that_falls():
    with pytest.raises(InputError, match="falls from 50 to 40"):
        spending_report([50.0, 40.0], [6, 9])


def test_progress_for_unknown_indicator_names_row_and_indicator():
    prog = pd.DataFrame({"indicator_id": ["A", "Z9"], "month": [6, 6], "value": [10.0, 1.0]})
    with pytest.raises(InputError) as info:
        spending_report([50.0], [6], framework=FRAMEWORK, progress=prog)
    assert info.value.location["indicator"] == "Z9" and info.value.location["row"] == 3


def test_progress_given_twice_for_a_month():
    prog = pd.DataFrame({"indicator_id": ["A", "A"], "month": [6, 6], "value": [10.0, 11.0]})
    with pytest.raises(InputError, match="given twice") as info:
        spending_report([50.0], [6], framework=FRAMEWORK, progress=prog)
    assert info.value.location["indicator"] == "A"


@pytest.mark.parametrize(("value", "month", "match"), [(-1.0, 6, "number >= 0"), ("很多", 6, "number >= 0"),
                                                       (1.0, 13, "integer 1–12")])
def test_bad_progress_values(value, month, match):
    prog = pd.DataFrame({"indicator_id": ["A"], "month": [month], "value": [value]})
    with pytest.raises(InputError, match=match):
        spending_report([50.0], [6], framework=FRAMEWORK, progress=prog)


def test_qualitative_progress_needs_a_tier():
    prog = pd.DataFrame({"indicator_id": ["C"], "month": [6], "value": [None], "tier": [None]})
    with pytest.raises(InputError, match="needs a tier"):
        spending_report([50.0], [6], framework=FRAMEWORK, progress=prog)


def test_project_reported_twice_and_bad_month():
    a = spending_report([10.0], [3])
    with pytest.raises(InputError, match="reported twice"):
        monitor_portfolio([a, a])
    with pytest.raises(InputError, match="no period ending at or before month 2"):
        monitor_portfolio([a], month=2)
    with pytest.raises(InputError, match=r"'month' parameter of monitor_portfolio must be an integer in \[1"):
        monitor_portfolio([a], month=13)

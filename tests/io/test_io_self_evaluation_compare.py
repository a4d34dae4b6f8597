"""compare_printed(): the printed points beside a re-score."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from iotest_helpers import FIXTURES

from perfmethods.errors import InputError
from perfmethods.evaluation import compare_printed, evaluate
from perfmethods.evaluation.pipeline import BUDGET_ROW_ID
from perfmethods.io import read_self_evaluation_table


@pytest.fixture(scope="module")
def table():
    return read_self_evaluation_table(FIXTURES / "self_evaluation.xlsx")


def test_compare_printed_and_recomputed(table):
    result = evaluate(table.framework, table.actuals, budget=table.budget, mode="self")
    frame = compare_printed(table, result)
    assert frame["id"].tolist() == list(result.indicators["id"])
    assert frame["printed"].tolist() == table.printed_points.tolist()
    assert frame["recomputed"].tolist() == result.indicators["points"].tolist()
    by = frame.set_index("id")
    assert by.loc["B01", "row"] == table.rows["B01"] and by.loc["I04", "row"] == table.rows["I04"]
    assert by.loc["I04", "name"] == "活动按计划完成率" and by.loc["I04", "target_text"] == "100%"
    assert by.loc["I04", "actual_text"] == "96%"
    # 96 % of 100 % on 5 points is 4.8; the table printed 4.5
    assert by.loc["I04", "recomputed"] == 4.8 and by.loc["I04", "printed"] == 4.5
    assert by.loc["I04", "difference"] == pytest.approx(0.3) and not by.loc["I04", "agrees"]
    # 达成 without a score is full points; the table printed 14 of 15
    assert by.loc["I06", "method"] == "qualitative" and by.loc["I06", "difference"] == pytest.approx(1)
    # "有效" against the target "有效" states the target met (issue 12): 达成, full points as printed
    assert by.loc["I07", "method"] == "qualitative" and by.loc["I07", "difference"] == pytest.approx(0)
    assert by.loc["B01", "agrees"] and by.loc["I01", "agrees"]
    assert frame["agrees"].sum() == 7
    assert frame["recomputed"].sum() == pytest.approx(result.total)
    assert frame["printed"].sum() == pytest.approx(table.printed_total)


def test_compare_with_a_row_the_table_does_not_have(table):
    # A framework without its own budget indicator gets the profile's budget row: no printed counterpart.
    from perfmethods.model.framework import IndicatorFramework

    fw = IndicatorFramework(tuple(i for i in table.framework.indicators if i.id != "B01"), name="x")
    result = evaluate(fw, table.actuals, budget=table.budget, mode="self")
    frame = compare_printed(table, result)
    assert frame["id"].tolist()[0] == BUDGET_ROW_ID and frame["id"].tolist()[-1] == "B01"
    first, last = frame.iloc[0], frame.iloc[-1]
    assert math.isnan(first["printed"]) and first["row"] is pd.NA and not first["agrees"]
    assert math.isnan(last["recomputed"]) and last["printed"] == 9.85 and last["name"] == "预算执行率"


def test_compare_tolerance(table):
    result = evaluate(table.framework, table.actuals, budget=table.budget, mode="self")
    assert compare_printed(table, result, tolerance=1.0)["agrees"].sum() == 9
    with pytest.raises(InputError, match="tolerance"):
        compare_printed(table, result, tolerance=-1)

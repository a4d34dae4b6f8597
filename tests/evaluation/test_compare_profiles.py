"""compare_profiles(): one project under every locality profile; grade_bands_frame(): the bands as a table."""

from __future__ import annotations

import math

import pytest

from perfmethods.errors import InputError
from perfmethods.evaluation import Budget, compare_profiles, evaluate, grade, grade_bands_frame
from perfmethods.indicators.profiles import get_profile, list_profiles
from perfmethods.io import framework_from_records
from perfmethods.model.framework import IndicatorFramework


def _framework() -> IndicatorFramework:
    # A 附件2-style block on 100 points without its own 预算执行率 indicator.
    return framework_from_records(
        [
            {"id": "C1", "level1": "产出指标", "name": "活动场次", "weight": 40, "target": "≥50场"},
            {"id": "C2", "level1": "产出指标", "name": "参与人次", "weight": 30, "target": "≥5万人次"},
            {"id": "C3", "level1": "效益指标", "name": "完成率", "weight": 20, "target": "≥90%"},
            {"id": "C4", "level1": "满意度指标", "name": "场均成本", "weight": 10, "target": "≤9万元"},
        ]
    )


ACTUALS = {"C1": "70场", "C2": "4.12万人次", "C3": "89.3%", "C4": "8.57万元"}
BUDGET = Budget(600, 580, 561.8)


def test_one_row_per_profile_matching_evaluate():
    table = compare_profiles(_framework(), ACTUALS, budget=BUDGET, mode="self")
    assert table["profile"].tolist() == list_profiles()
    for row in table.itertuples():
        result = evaluate(_framework(), ACTUALS, budget=BUDGET, profile=row.profile, mode="self")
        assert row.total == result.total and row.grade == result.grade and row.grade_en == result.grade_en
        prof = get_profile(row.profile)
        assert row.rounding == prof.rounding.value and row.decimals == prof.decimals.value
    by = table.set_index("profile")
    # the budget row: 10 points (central), 20 (budget_20_80), none (no_budget_row)
    assert by.loc["central", "budget_row_points_available"] == 10
    assert by.loc["central", "budget_row_points"] == pytest.approx(9.69)  # 561.8 / 580 × 10
    assert by.loc["budget_20_80", "budget_row_points_available"] == 20
    assert math.isnan(by.loc["no_budget_row", "budget_points"])
    assert math.isnan(by.loc["no_budget_row", "budget_row_points"])
    # the layout moves the total across the 良/优 boundary
    assert by.loc["no_budget_row", "total"] == pytest.approx(40 + 24.72 + 19.84 + 10)
    assert by.loc["no_budget_row", "grade"] == "优"


def test_budget_scored_inside_the_framework_adds_no_row():
    records = [
        {"id": "C1", "level1": "产出", "name": "活动场次", "weight": 90, "target": "≥50场"},
        {"id": "B1", "level1": "过程", "name": "预算执行率", "weight": 10, "target": "100%",
         "computed": "budget_execution"},
    ]
    table = compare_profiles(framework_from_records(records), {"C1": "50场"}, budget=BUDGET)
    assert table["budget_row_points_available"].isna().all()
    # only the rounding differs: the profiles that round alike give the same total
    by = table.set_index("profile")["total"]
    assert by["central"] == by["budget_20_80"] == by["no_budget_row"] == pytest.approx(99.69)


def test_chosen_profiles_in_order_and_errors():
    custom = get_profile("central").replace(rounding="down", decimals=0)
    table = compare_profiles(_framework(), ACTUALS, budget=BUDGET, profiles=["no_budget_row", custom])
    assert table["profile"].tolist() == ["no_budget_row", "central+custom"]
    assert table.loc[1, "rounding"] == "down"
    assert evaluate(_framework(), ACTUALS, budget=BUDGET, profile=custom).total == table.loc[1, "total"]
    with pytest.raises(InputError, match="unknown locality profile"):
        compare_profiles(_framework(), ACTUALS, profiles=["nowhere"])
    with pytest.raises(InputError, match="at least one"):
        compare_profiles(_framework(), ACTUALS, profiles=[])


def test_grade_bands_frame_default():
    frame = grade_bands_frame()
    assert frame["grade"].tolist() == ["优", "良", "中", "差"]
    assert frame["grade_en"].tolist() == ["excellent", "good", "fair", "poor"]
    assert frame["interval"].tolist() == ["[90, 100]", "[80, 90)", "[60, 80)", "[0, 60)"]
    assert frame["upper_inclusive"].tolist() == [True, False, False, False]
    # the table says what grade() does at the boundaries
    for row in frame.itertuples():
        assert grade(row.lower) == row.grade
        if not row.upper_inclusive:
            assert grade(row.upper) != row.grade and grade(row.upper - 0.001) == row.grade


def test_grade_bands_frame_custom_and_errors():
    frame = grade_bands_frame([(0, "差"), (75, "良"), (60, "中"), (92.5, "优")])
    assert frame["interval"].tolist() == ["[92.5, 100]", "[75, 92.5)", "[60, 75)", "[0, 60)"]
    assert grade_bands_frame(get_profile("central").grade_bands)["lower"].tolist() == [90, 80, 60, 0]
    with pytest.raises(InputError, match="cover 0"):
        grade_bands_frame([(10, "差"), (90, "优")])
    with pytest.raises(InputError, match="maximum"):
        grade_bands_frame(maximum=90)


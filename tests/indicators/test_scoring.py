"""Scoring rules of 财预〔2020〕10号 as the budget systems implement them (the 财政预算绩效管理系统 (pmkpi)
自评自动计算得分规则, the 广西 configuration) and as the published 项目支出绩效自评表 (2016–2023) apply them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.indicators.scoring import (
    completion,
    deduct_overachievement,
    execution_rate,
    flag_overachievement,
    round_points,
    score_budget_execution,
    score_equal,
    score_positive,
    score_qualitative,
    score_range,
    score_reverse,
    total_points,
)


# -- positive (≥): selfpositiveindex of the pmkpi system --------------------------------------------------
def test_positive_proportional_below_target():
    # 49 of 50 → 49/50 × 10 = 9.8 (10号 "按照完成值与指标值的比例记分")
    assert score_positive(49, 50, 10) == pytest.approx(9.8)


def test_positive_full_at_and_above_target():
    assert score_positive(50, 50, 10) == 10.0
    # published 自评表: 3061 against ≥ 2000 scores full points (no deduction for over-achievement)
    assert score_positive(3061, 2000, 20) == 20.0
    # published 自评表: 100 % against ≥ 95 % scores full points
    assert score_positive(100, 95, 10) == 10.0


def test_positive_zero_target_gives_full_points():
    assert score_positive(0, 0, 5) == 5.0
    assert score_positive(7, 0, 5) == 5.0


def test_positive_vectorised_and_missing():
    out = score_positive([0, 25, 50, np.nan], [50, 50, 50, 50], [10, 10, 10, 10])
    np.testing.assert_allclose(out[:3], [0.0, 5.0, 10.0])
    assert np.isnan(out[3])
    assert isinstance(out, np.ndarray)
    assert isinstance(score_positive(1, 2, 3), float)


@pytest.mark.parametrize("actual,target", [(-1, 5), (5, -1)])
def test_negative_values_are_errors(actual, target):
    with pytest.raises(InputError, match="must be >= 0") as info:
        score_positive([1, actual], [1, target], 10, ids=["A1", "B2"])
    assert "B2" in str(info.value)


def test_bad_points_are_errors():
    with pytest.raises(InputError, match="'points'"):
        score_positive(1, 1, -3)
    with pytest.raises(InputError, match="same length"):
        score_positive([1, 2, 3], [1, 2], 10)


# -- reverse (≤): selfreverseindex of the pmkpi system ---------------------------------------------------
def test_reverse_boundaries():
    # ≤ target → full; 1.5 × target → half; exactly 2 × target → 0; beyond → 0
    np.testing.assert_allclose(score_reverse([50, 100, 150, 200, 300], 100, 10), [10, 10, 5, 0, 0])


def test_reverse_zero_target():
    # target 0: actual ≤ 0 → full, else 0
    np.testing.assert_allclose(score_reverse([0, 0.1], 0, 10), [10, 0])


# -- equal (=): selfequalindex of the pmkpi system -------------------------------------------------------
def test_equal_zero_target_and_positive_rule():
    np.testing.assert_allclose(score_equal([0, 1], 0, 10), [10, 0])
    # target > 0: the positive rule (the system does not penalise exceeding an "=" target)
    np.testing.assert_allclose(score_equal([40, 50, 60], 50, 10), [8, 10, 10])


# -- range (package extension: 101号 and the pmkpi system know only ≥ / ≤ / = / 定性) ----------------------
def test_range_inside_below_above():
    out = score_range([80, 85, 90, 40, 135, 180], 80, 90, 10)
    np.testing.assert_allclose(out, [10, 10, 10, 5, 5, 0])


def test_range_bounds_in_order():
    with pytest.raises(InputError, match="must not exceed 'upper'"):
        score_range(5, 10, 8, 10, ids="R1")


# -- qualitative: selfqualscorecheck of the pmkpi system -------------------------------------------------
def test_qualitative_scores_inside_tiers():
    out = score_qualitative(
        ["达成", "达成", "部分达成", "部分达成", "未达成", "未达成"], [10, 8, 7.99, 6, 5.99, 0], 10
    )
    np.testing.assert_allclose(out, [10, 8, 7.99, 6, 5.99, 0])


@pytest.mark.parametrize("tier,score", [("达成", 7.99), ("部分达成", 8), ("部分达成", 5.9), ("未达成", 6)])
def test_qualitative_score_outside_tier_is_error(tier, score):
    with pytest.raises(InputError, match="outside the tier") as info:
        score_qualitative([tier], [score], [10], ids=["Q7"])
    assert "Q7" in str(info.value)


def test_qualitative_default_shares_and_aliases():
    # package default: 达成 1.0, 部分达成 0.7, 未达成 0.3 (unverified, documented)
    out = score_qualitative(["达成", "partly achieved", "未达成年度指标且效果较差", None], None, 20)
    np.testing.assert_allclose(out[:3], [20, 14, 6])
    assert np.isnan(out[3])
    custom = score_qualitative(
        "部分达成", None, 10, default_shares={"达成": 0.9, "部分达成": 0.6, "未达成": 0.0}
    )
    assert custom == pytest.approx(6.0)


def test_qualitative_unknown_tier_and_too_high():
    with pytest.raises(InputError, match="unknown qualitative tier"):
        score_qualitative(["很好"], None, 10, ids=["Q1"])
    with pytest.raises(InputError, match="exceeds the indicator's points"):
        score_qualitative(["达成"], [11], 10, ids=["Q1"])


# -- budget execution: 10号 附件2 自评表 and the published 自评表 ----------------------------------------------
def test_budget_execution_mid_year_cut():
    # published 自评表: 202.64 → 132.912, all of it spent: 65.6 % of the original, 100 % of the adjusted budget
    assert execution_rate(132.912, 202.64) == pytest.approx(0.6559, abs=5e-5)
    assert round(execution_rate(132.912, 202.64) * 100, 1) == 65.6
    assert score_budget_execution(132.912, 132.912, 10) == 10.0
    assert score_budget_execution(132.912, 202.64, 10) == pytest.approx(6.559, abs=1e-3)


def test_budget_execution_capped_and_zero_budget():
    assert (
        score_budget_execution(102.59, 100, 10) == 10.0
    )  # published 自评表: 102.59 % scores full, finding elsewhere
    with pytest.raises(InputError, match="budget row of zeros"):
        score_budget_execution(89.974, 0, 10)


# -- over-achievement: 广西 configuration of the budget system ----------------------------------------------------
def test_overachievement_flag():
    flags = flag_overachievement([3061, 2600, 2599.9, 30, 29.9], [2000, 2000, 2000, 0, 0])
    assert flags.tolist() == [True, True, False, True, False]
    assert flag_overachievement(125, 100, ratio=1.2) is True


def test_overachievement_deduction_optional():
    assert deduct_overachievement(20, True, 20, 0.0) == 20.0
    np.testing.assert_allclose(deduct_overachievement([20, 20], [True, False], 20, 0.1), [18, 20])


# -- rounding: as the published 自评表 round ------------------------------------------------------------------
@pytest.mark.parametrize("value,expected", [(9.78, 9), (9.91, 9), (9.999999, 9), (10, 10)])
def test_round_down_integer(value, expected):
    assert round_points(value, "down", 0) == expected


@pytest.mark.parametrize("value,expected", [(8.62, 9), (4.99, 5), (2.5, 3), (3.5, 4), (0.49, 0)])
def test_round_nearest_half_up_integer(value, expected):
    assert round_points(value, "nearest", 0) == expected


def test_round_decimal_safe():
    # 0.285 is 0.28499999999999998 in binary: a person rounds it to 0.29
    assert round_points(0.285, "nearest", 2) == 0.29
    assert round_points(1.005, "nearest", 2) == 1.01
    assert round_points(0.29, "down", 2) == 0.29  # 0.29 * 100 = 28.999999999999996
    assert round_points(14.865, "nearest", 2) == 14.87
    np.testing.assert_allclose(round_points([1.234, np.nan], "none", 2), [1.234, np.nan])


def test_round_bad_mode():
    with pytest.raises(InputError, match="'mode'"):
        round_points(1.0, "up", 0)


def test_total_rounded_rows_vs_rounded_total():
    rows = [9.78, 9.91, 4.6]
    assert total_points(rows, "down", 0, from_rounded_rows=True) == 22  # 9 + 9 + 4
    assert total_points(rows, "down", 0, from_rounded_rows=False) == 24  # floor(24.29)
    assert total_points(rows, "none") == pytest.approx(24.29)
    assert total_points([0.1, 0.2], "nearest", 2) == 0.3


def test_completion_by_direction():
    out = completion(
        ["≥", "≤", "=", "区间", "区间", "定性"],
        [49, 150, 10, 85, 45, 1],
        [50, 100, 10, 80, 50, 1],
        [np.nan, np.nan, np.nan, 90, 60, np.nan],
    )
    np.testing.assert_allclose(out[:5], [0.98, 100 / 150, 1.0, 1.0, 0.9])
    assert np.isnan(out[5])


# -- properties -----------------------------------------------------------------------------------------------
values = st.floats(min_value=0, max_value=1e6, allow_nan=False)
points = st.floats(min_value=0, max_value=100, allow_nan=False)


@pytest.mark.property
@settings(max_examples=200, deadline=None)
@given(values, values, values, points)
def test_points_within_weight(a, t, u, w):
    lo, hi = min(t, u), max(t, u)
    for s in (
        score_positive(a, t, w),
        score_reverse(a, t, w),
        score_equal(a, t, w),
        score_range(a, lo, hi, w),
    ):
        assert 0.0 <= s <= w


@pytest.mark.property
@settings(max_examples=200, deadline=None)
@given(values, values, values, points)
def test_positive_monotone_reverse_antitone(a1, a2, t, w):
    lo, hi = min(a1, a2), max(a1, a2)
    assert score_positive(lo, t, w) <= score_positive(hi, t, w)
    assert score_reverse(lo, t, w) >= score_reverse(hi, t, w)


@pytest.mark.property
@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["达成", "部分达成", "未达成"]), st.floats(0, 1), st.floats(0.01, 100))
def test_qualitative_within_weight(tier, u, w):
    lo, hi = {"达成": (0.8, 1.0), "部分达成": (0.6, 0.8), "未达成": (0.0, 0.6)}[tier]
    score = (lo + u * (hi - lo) * (0.999 if hi < 1 else 1.0)) * w
    s = score_qualitative(tier, score, w)
    assert 0.0 <= s <= w
    assert 0.0 <= score_qualitative(tier, None, w) <= w

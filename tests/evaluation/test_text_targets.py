"""Issue 12, items 2–4: text targets scored as practice does, date targets, scoring as printed.

The frameworks here are synthetic (made up for the tests), written as county self-evaluation tables
print them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.evaluation import evaluate
from perfmethods.indicators.profiles import get_profile, list_profiles
from perfmethods.indicators.scoring import (
    LATE_SCHEDULE,
    MET_VOCABULARY,
    MetVocabulary,
    days_late,
    score_deadline,
)
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals, ActualValue
from perfmethods.model.values import ParsedValue


def pv(text: str, value: float | None = None, op: str | None = None, unit: str = "") -> ParsedValue:
    return ParsedValue(text, op, value, None, unit)


def ind(id_: str, weight: float, direction: str, target: ParsedValue, level1: str = "产出指标") -> Indicator:
    return Indicator(id_, f"指标{id_}", level1, "二级", weight, Direction.parse(direction), target)


def act(id_: str, text: str, value: float | None = None) -> ActualValue:
    return ActualValue(id_, pv(text, value))


def _evaluate(indicators, actuals, profile="no_budget_row"):
    fw = IndicatorFramework(tuple(indicators), name="合成自评表")
    return evaluate(fw, Actuals(tuple(actuals)), profile=profile, mode="self")


# -- the vocabulary ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actual", "target", "direction", "reason"),
    [
        ("明显改善", "明显改善", "定性", "same_wording"),
        ("明显 改善。", "明显改善", "定性", "same_wording"),
        ("已完成", "完成主体工程建设", "定性", "met_word"),
        ("100%", "按期完成", "定性", "time_full"),
        ("１００％", "按时完成", "定性", "time_full"),
        ("无", "少于3起", "≤", "none_against_reverse"),
        ("0", "小于3件", "≤", "none_against_reverse"),
    ],
)
def test_vocabulary_reads_published_wordings_as_met(actual, target, direction, reason) -> None:
    assert MET_VOCABULARY.states_met(actual, target, direction)
    assert MET_VOCABULARY.reason(actual, target, direction) == reason


@pytest.mark.parametrize(
    ("actual", "target", "direction"),
    [
        ("较好", "明显改善", "定性"),
        ("100%", "明显改善", "定性"),  # 100 % states a time target met, not any target
        ("无", "≥3场", "≥"),  # none against a positive target is not met
        ("", "明显改善", "定性"),
        ("基本完成", "完成验收", "定性"),
    ],
)
def test_vocabulary_does_not_guess(actual, target, direction) -> None:
    assert not MET_VOCABULARY.states_met(actual, target, direction)
    assert MET_VOCABULARY.reason(actual, target, direction) == ""


@given(st.text(min_size=1, max_size=12).filter(lambda s: s.strip(" \t\u3000\r\n。．.；;，,！!")))
def test_same_wording_is_met_and_can_be_switched_off(text: str) -> None:
    assert MET_VOCABULARY.states_met(text, text)
    strict = MetVocabulary(same_wording=False, met=("已完成",), time_words=("按期",), full=("100%",), none=("无",))
    assert strict.states_met(text, text) == (strict.reason(text, text) != "")


def test_vocabulary_rejects_bad_words() -> None:
    with pytest.raises(InputError, match="'met' setting"):
        MetVocabulary(met="已完成")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="same_wording"):
        MetVocabulary(same_wording="yes")  # type: ignore[arg-type]


# -- evaluate(): qualitative and text rows -------------------------------------------------------------------
def _text_rows():
    return (
        [
            ind("Q1", 30, "定性", pv("明显改善")),
            ind("Q2", 20, "定性", pv("按期完成")),
            ind("Q3", 20, "≤", pv("少于3起", 3, "≤", "起")),
            ind("Q4", 20, "≥", pv("≥95%", 95, "≥", "%")),
            ind("Q5", 10, "定性", pv("规范")),
        ],
        [act("Q1", "明显改善"), act("Q2", "100%"), act("Q3", "无"), act("Q4", "已完成"), act("Q5", "较好")],
    )


def test_text_actuals_that_state_the_target_met_score_full_points() -> None:
    result = _evaluate(*_text_rows())
    by = result.indicators.set_index("id")
    assert by.loc[["Q1", "Q2", "Q3", "Q4"], "points"].tolist() == [30.0, 20.0, 20.0, 20.0]
    assert by.loc["Q3", "method"] == "reverse" and by.loc["Q3", "actual_value"] == 0.0
    assert by.loc["Q1", "method"] == "qualitative" and by.loc["Q4", "method"] == "qualitative"
    met = [f.indicator_id for f in result.findings if f.code == "met_by_wording"]
    assert met == ["Q1", "Q2", "Q3", "Q4"]


def test_an_unmapped_qualitative_actual_asks_for_the_tier() -> None:
    result = _evaluate(*_text_rows())
    by = result.indicators.set_index("id")
    assert by.loc["Q5", "points"] == 0.0 and by.loc["Q5", "method"] == "missing"
    (finding,) = [f for f in result.findings if f.indicator_id == "Q5"]
    assert finding.code == "tier_needed"
    assert "较好" in finding.message_zh and "档次" in finding.suggestion_zh
    assert result.total == 90.0


def test_the_vocabulary_is_a_profile_setting() -> None:
    silent = MetVocabulary(same_wording=False, met=(), time_words=(), full=(), none=())
    assert not silent.states_met("明显改善", "明显改善") and not silent.states_met("已完成", "x")
    profile = get_profile("no_budget_row").replace(
        met_wording=MetVocabulary(same_wording=False, met=("圆满完成",), time_words=("按期",), full=("100%",),
                                  none=("无",))
    )
    result = _evaluate(*_text_rows(), profile=profile)
    by = result.indicators.set_index("id")
    assert by.loc["Q1", "points"] == 0.0 and by.loc["Q2", "points"] == 20.0
    assert by.loc["Q4", "method"] == "missing"  # 已完成 is not in this locality's words


def test_a_tier_given_by_the_evaluator_wins_over_the_wording() -> None:
    rows, _ = _text_rows()
    actuals = [ActualValue("Q1", pv("明显改善"), tier="部分达成")]
    result = _evaluate(rows[:1], actuals)
    assert result.indicators["points"].iloc[0] == pytest.approx(0.7 * 100)


# -- date targets --------------------------------------------------------------------------------------------
def test_days_late_counts_calendar_days_and_never_goes_negative() -> None:
    late = days_late(["2026-06-30", "2026-06-30", "2026-06-30"], ["2026-05-01", "2026-07-10", None])
    assert late[:2].tolist() == [0.0, 10.0] and math.isnan(late[2])
    assert days_late(dt.date(2026, 12, 31), dt.date(2027, 1, 1)).tolist() == [1.0]


def test_score_deadline_follows_the_schedule() -> None:
    done = ["2026-06-30", "2026-07-01", "2026-07-30", "2026-07-31", "2026-09-28", "2026-09-29", None]
    points = score_deadline("2026-06-30", done, 10.0)
    np.testing.assert_allclose(points[:6], [10.0, 8.0, 8.0, 6.0, 6.0, 0.0])
    assert math.isnan(points[6])
    custom = score_deadline("2026-06-30", "2026-07-05", 10.0, schedule=((0, 1.0), (7, 0.5)))
    assert custom.tolist() == [5.0]


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_score_deadline_never_rewards_finishing_later(a: int, b: int) -> None:
    deadline = np.datetime64("2026-06-30")
    earlier, later = sorted((a, b))
    s = score_deadline(deadline, [deadline + earlier, deadline + later], 12.0)
    assert s[0] >= s[1] and 0.0 <= s[1] <= 12.0


@pytest.mark.parametrize("schedule", [(), ((1, 1.0),), ((0, 0.5), (30, 0.8)), ((0, 1.0), (0, 0.8)), "x"])
def test_score_deadline_refuses_a_malformed_schedule(schedule) -> None:
    with pytest.raises(InputError, match="'schedule' parameter of score_deadline"):
        score_deadline("2026-06-30", "2026-07-01", 10.0, schedule=schedule)


def test_score_deadline_refuses_unreadable_dates() -> None:
    with pytest.raises(InputError, match="'completed' parameter of days_late"):
        score_deadline("2026-06-30", "六月底", 10.0)


def test_late_schedule_is_a_profile_setting() -> None:
    assert get_profile("central").late_schedule.value == LATE_SCHEDULE
    with pytest.raises(InputError, match="late_schedule"):
        get_profile("central").replace(late_schedule=((0, 1.0), (30, 1.2)))


# -- score as printed ----------------------------------------------------------------------------------------
def _table_of_110():
    return (
        [
            ind("P1", 40, "≥", pv("≥100", 100, "≥")),
            ind("P2", 40, "≥", pv("≥100", 100, "≥"), level1="效益指标"),
            ind("P3", 20, "≥", pv("≥100", 100, "≥"), level1="满意度指标"),
            ind("P4", 10, "≥", pv("≥100", 100, "≥"), level1="满意度指标"),
        ],
        [act("P1", "100", 100), act("P2", "50", 50), act("P3", "100", 100), act("P4", "100", 100)],
    )


def test_as_printed_keeps_the_printed_points_and_flags_the_table() -> None:
    assert "as_printed" in list_profiles()
    printed = _evaluate(*_table_of_110(), profile=get_profile("as_printed").replace(budget_points=None))
    by = printed.indicators.set_index("id")
    assert by["points_available"].tolist() == [40.0, 40.0, 20.0, 10.0]
    assert by["points"].tolist() == [40.0, 20.0, 20.0, 10.0]
    codes = [f.code for f in printed.findings]
    assert "points_as_printed" in codes and "points_rescaled" not in codes
    rescaled = _evaluate(*_table_of_110())
    assert rescaled.indicators.set_index("id").loc["P3", "points"] == pytest.approx(18.18, abs=0.005)
    assert {"weights_total", "points_rescaled"} & {f.code for f in rescaled.findings}


def test_as_printed_is_silent_on_a_consistent_table() -> None:
    rows, actuals = _table_of_110()
    rows[0] = ind("P1", 30, "≥", pv("≥100", 100, "≥"))
    profile = get_profile("as_printed").replace(budget_points=None)
    result = _evaluate(rows, actuals, profile=profile)
    assert not {"points_as_printed", "points_rescaled"} & {f.code for f in result.findings}
    assert result.total == 80.0


def test_rescale_points_must_be_a_bool() -> None:
    with pytest.raises(InputError, match="rescale_points"):
        get_profile("central").replace(rescale_points="no")


# -- date targets inside evaluate() ------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class DatedValue(ParsedValue):
    """A value with a date, as the readers give it (ParsedValue.kind "date", ParsedValue.date)."""

    date: dt.date | None = None

    @property
    def kind(self) -> str:
        return "date" if self.date is not None or "前" in self.text or "按期" in self.text else "text"


def _dated_rows(completed: dt.date | None, text: str = ""):
    target = DatedValue("2026年6月底前完成竣工验收", date=dt.date(2026, 6, 30))
    actual = DatedValue(text or (f"{completed:%Y年%m月%d日}完成" if completed else ""), date=completed)
    rows = [ind("D1", 10, "定性", target), ind("D2", 90, "≥", pv("≥10", 10, "≥"))]
    return rows, [ActualValue("D1", actual), act("D2", "10", 10)]


@pytest.mark.parametrize(
    ("completed", "points"),
    [(dt.date(2026, 6, 20), 10.0), (dt.date(2026, 7, 20), 8.0), (dt.date(2026, 9, 1), 6.0),
     (dt.date(2026, 12, 1), 0.0)],
)
def test_a_date_target_is_scored_by_days_late(completed: dt.date, points: float) -> None:
    result = _evaluate(*_dated_rows(completed))
    row = result.indicators.set_index("id").loc["D1"]
    assert row["method"] == "deadline" and row["points"] == points
    unmet = [f for f in result.findings if f.indicator_id == "D1" and f.code == "unmet_target"]
    assert bool(unmet) == (points < 10.0)
    if unmet:
        assert f"逾期 {(completed - dt.date(2026, 6, 30)).days} 天" in unmet[0].message_zh


def test_a_date_target_met_in_words_or_graded_by_tier() -> None:
    by = _evaluate(*_dated_rows(None, "100%")).indicators.set_index("id")
    assert by.loc["D1", "points"] == 10.0 and by.loc["D1", "method"] == "qualitative"
    rows, actuals = _dated_rows(None, "部分完成")
    result = _evaluate(rows, actuals)
    assert result.indicators.set_index("id").loc["D1", "points"] == 0.0
    assert "tier_needed" in [f.code for f in result.findings if f.indicator_id == "D1"]
    actuals[0] = ActualValue("D1", DatedValue("2026年7月20日完成", date=dt.date(2026, 7, 20)), tier="达成")
    assert _evaluate(rows, actuals).indicators.set_index("id").loc["D1", "method"] == "qualitative"


def test_the_late_schedule_of_the_profile_applies() -> None:
    profile = get_profile("no_budget_row").replace(late_schedule=((0, 1.0), (60, 0.5)))
    result = _evaluate(*_dated_rows(dt.date(2026, 7, 20)), profile=profile)
    assert result.indicators.set_index("id").loc["D1", "points"] == 5.0


def test_dates_read_from_text_score_by_days_late() -> None:
    from perfmethods.model.values import parse_value

    rows = [ind("D1", 10, "定性", parse_value("2026年6月底前完成竣工验收")), ind("D2", 90, "≥", pv("≥10", 10, "≥"))]
    for text, points in (("2026年6月28日完成", 10.0), ("2026年7月20日完成", 8.0), ("按期完成", 10.0)):
        actuals = [ActualValue("D1", parse_value(text)), act("D2", "10", 10)]
        row = _evaluate(rows, actuals).indicators.set_index("id").loc["D1"]
        assert row["points"] == points, text


def test_review_of_the_published_layouts_finds_the_over_achievement_in_the_target_unit() -> None:
    from pathlib import Path

    from perfmethods.evaluation import review_folder

    folder = Path(__file__).resolve().parents[2] / "data" / "examples" / "self_evaluation_tables"
    review = review_folder(folder, progress=False)
    assert (review.tables["recomputed_total"] == review.tables["printed_total"]).all()
    over = review.issues[review.issues["code"] == "review_overachievement"]["message"].tolist()
    assert over == ["第 11 行“采购资金节约额”实际完成值 8万元 超过指标值 5万元 较多，未说明原因。"]

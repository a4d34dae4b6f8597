"""Lesson 06 (绩效运行监控): answers rounded as the questions ask are accepted, each typical slip is recognised by
the wrong answer it produces, and answers in the wrong form are refused.

The reference answers are perfmethods.monitoring's (time progress m / 12 and the budget-system bands, validated in
tests/monitoring); these tests check the checking, and that the hand computations the lesson teaches give the
library's numbers.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import pandas as pd
import pytest
from course_support import FormTable, MistakeTable, solution

from perfmethods import course
from perfmethods.course.monitoring_exercises import LIGHT_CHOICES, goal_light, portfolio

LESSON = course.list_exercises("06")["id"].tolist()


def test_the_lesson_has_five_exercises_of_the_announced_forms() -> None:
    assert LESSON == ["06.1", "06.2", "06.3", "06.4", "06.5"]
    assert course.list_exercises("06")["kind"].tolist() == ["number", "number", "choice", "number", "choice"]


def test_answers_rounded_as_the_questions_ask_are_accepted() -> None:
    assert course.check("06.1", round(solution("06.1"), 4)).correct
    assert course.check("06.2", round(solution("06.2"), 1)).correct
    assert course.check("06.4", round(solution("06.4"), 1)).correct


def test_the_hand_computations_of_the_lesson_give_the_library_answers() -> None:
    # 06.2: P04's execution progress over the adjusted budget, minus 9/12, in points: (453.6 / 780 − 0.75) × 100
    assert solution("06.2") == pytest.approx((453.6 / 780 - 0.75) * 100)
    # 06.4: drift projection of P13 (no history): 39.7 + 39.7 / 9 × 3
    assert solution("06.4") == pytest.approx(39.7 + 39.7 / 9 * 3)
    # 06.3: the lesson's hand grading agrees with the library's light
    assert goal_light(course.exercise_data("06.3")) == solution("06.3") == "绿灯"


def _gap(budget: float) -> float:
    return (453.6 / budget - 0.75) * 100


# -- typical mistakes are named ----------------------------------------------------------------------------------
MISTAKES = [
    ("06.1", 75, "percent"),
    ("06.1", 0.25, "remaining"),
    ("06.1", 8 / 12, "month_start"),
    ("06.2", round(_gap(860), 1), "original_budget"),
    ("06.2", round((453.6 / 780 / 0.75 - 1) * 100, 1), "relative_percent"),
    ("06.2", round(453.6 / 780 / 0.75 * 100, 1), "ratio"),
    ("06.2", round(_gap(780) / 100, 4), "fraction"),
    ("06.2", round(-_gap(780), 1), "sign"),
    ("06.3", "黄灯", "yearly_target"),
    ("06.3", "蓝灯", "level_as_cumulative"),
    ("06.4", round(39.7 / 9 * 3, 1), "remaining_only"),
    ("06.4", 39.7 + (39.7 - 27.1), "last_quarter"),
    ("06.4", 45, "assumed_budget"),
    ("06.4", round((39.7 + 39.7 / 3) / 45 * 100, 1), "rate"),
    ("06.5", "申请调整后的目标", "pending_is_approved"),
    ("06.5", "不计分", "dropped_indicator"),
]


class TestMistakes(MistakeTable):
    lesson = "06"
    table = MISTAKES


def test_the_light_slips_give_other_lights_than_the_right_one() -> None:
    data = course.exercise_data("06.3")
    assert goal_light(data, yearly=True) == "黄灯" and goal_light(data, level_as_cumulative=True) == "蓝灯"
    assert set(LIGHT_CHOICES) == set(course.exercise("06.3").choices)


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("06.4", 100.0)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "平均月支出" in feedback.message_zh


FORMS = [
    ("06.1", "9/12", "一个数"),
    ("06.2", True, "真假值"),
    ("06.3", "绿", "请从以下选项中选择一个"),
    ("06.3", "green", "请从以下选项中选择一个"),
    ("06.5", 100, "请从以下选项中选择一个"),
]


class TestForms(FormTable):
    table = FORMS


def test_the_portfolio_is_the_bundled_example() -> None:
    assert len(portfolio()) == 20 and isinstance(portfolio().projects, pd.DataFrame)



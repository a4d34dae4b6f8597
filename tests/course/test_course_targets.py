"""Lesson 01 (目标设定与四要求): answers written as the questions ask are accepted, each typical mistake is named
from a wrong answer, an unrecognised answer gets the hint and a malformed one the form it expects.

The reference answers are the library's (perfmethods.indicators: lint, convert_unit, propose_target, tested
against their sources in tests/indicators); these tests check the checking, and re-derive each reference answer
by hand (numpy) from the bundled data so that a change in the data or the library shows here too.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from course_support import FormTable, MistakeTable, solution
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods import course
from perfmethods.course.targets_exercises import (
    CANDIDATES,
    COMPLAINTS,
    PERIOD,
    REQUIREMENTS,
    candidate_principles,
    draft_framework,
    history,
    peers,
)
from perfmethods.indicators import LINT_CHECKS, lint
from perfmethods.io import framework_from_records
from perfmethods.model.values import parse_value

IDS = [f"01.{k}" for k in range(1, 7)]


def numbers(values) -> np.ndarray:
    return np.asarray([parse_value(v).value for v in values], dtype=float)


def test_the_lesson_registers_six_exercises() -> None:
    table = course.list_exercises("01")
    assert table["id"].tolist() == IDS
    assert set(table["kind"]) == {"choice", "number"}


# -- the reference answers, re-derived by hand from the bundled data --------------------------------------------
def test_reference_answers_match_a_hand_computation() -> None:
    # 01.1: a complaint rate (less is better) scored as ≥: the direction contradicts the name, 指向明确
    framework = framework_from_records([{**COMPLAINTS, "weight": 100}], name=PERIOD)
    assert [f.code for f in lint(framework, period=PERIOD)] == ["direction_wording"]
    assert solution("01.1") == "指向明确"
    # ... and it is not one of the draft's rows, whose findings the worked example shows
    assert COMPLAINTS["id"] not in draft_framework().ids
    # 01.2: 5万人次 in 人次
    assert solution("01.2") == 50000
    # 01.3: only the trend-based target (≥5.7万人次) passes; the seed's ≥5万人次 is below the 2024 actual (5.3万人次)
    assert solution("01.3") == "D" and CANDIDATES["D"][1] == "≥5.7万人次"
    assert candidate_principles("C") == ("合理可行",)
    # 01.4: least-squares line through 46, 48, 53, 56 → 59.5 in 2025 → 60 events (≥ rounds up)
    c11 = numbers(history("C11")["实际值"])
    slope, intercept = np.polyfit(np.arange(4), c11, 1)
    assert math.isclose(intercept + 4 * slope, 59.5) and solution("01.4") == 60
    # 01.5: 75th percentile (linear) of the eight peers → 91.95 % → 92.0 % (≥ rounds up)
    rates = numbers(peers("E11")["实际值"])
    assert math.isclose(np.percentile(rates, 75), 91.95) and math.isclose(solution("01.5"), 92.0)
    # 01.6: mean of 81, 80, 82 = 81 % < the 2024 actual 82 % → the target is raised to 82 %
    d21 = numbers(history("D21")["实际值"])
    assert math.isclose(d21[-3:].mean(), 81.0) and math.isclose(solution("01.6"), d21[-1])


# -- every solution is accepted, also as the question asks to write it -------------------------------------------
@pytest.mark.parametrize("exercise_id, answer", [
    ("01.1", " 指向明确 "),
    ("01.2", 50000),
    ("01.2", "50000"),
    ("01.3", "D"),
    ("01.4", 60),
    ("01.5", 92.0),
    ("01.5", 91.95),  # the unrounded percentile is within the stated tolerance
    ("01.6", 82),
    ("01.6", np.float64(82.0)),
])
def test_answers_written_as_the_question_asks_are_accepted(exercise_id: str, answer) -> None:
    assert course.check(exercise_id, answer).correct


# -- typical mistakes are named --------------------------------------------------------------------------------
MISTAKES = [
    ("01.1", "细化量化", "specific_not_clear"),
    ("01.1", "合理可行", "feasible_not_clear"),
    ("01.1", "相应匹配", "matching_not_clear"),
    ("01.2", 5, "kept_wan"),
    ("01.2", 500000, "wrong_magnitude"),
    ("01.2", 5000, "wrong_magnitude"),
    ("01.3", "A", "vague"),
    ("01.3", "B", "no_unit"),
    ("01.3", "C", "below_history"),
    ("01.4", 59.5, "not_rounded_up"),
    ("01.4", 59, "not_rounded_up"),
    ("01.4", 56, "recent"),
    ("01.4", 53, "mean"),
    ("01.4", 50.75, "mean"),
    ("01.4", 50, "plan"),
    ("01.5", 90.3, "median"),
    ("01.5", 90.4, "mean"),
    ("01.5", 89.4, "lower_quartile"),
    ("01.5", 93.2, "maximum"),
    ("01.5", 92.25, "other_percentile_definition"),
    ("01.5", 91.8, "other_percentile_definition"),
    ("01.5", 91.9, "rounded_down"),
    ("01.6", 81, "no_floor"),
    ("01.6", 80.25, "four_year_mean"),
    ("01.6", 83, "trend"),
]


class TestMistakes(MistakeTable):
    lesson = "01"
    table = MISTAKES


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("01.4", 75)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "最小二乘" in feedback.message_zh


def test_the_requirement_choices_are_the_88_document_four() -> None:
    assert course.exercise("01.1").choices == REQUIREMENTS
    assert set(REQUIREMENTS) <= {c.principle_zh for c in LINT_CHECKS.values()}


# -- the answer's form -------------------------------------------------------------------------------------------
FORMS = [
    ("01.1", "细化", "请从以下选项中选择一个"),
    ("01.3", "E", "请从以下选项中选择一个"),
    ("01.2", "五万", "一个数"),
    ("01.4", [59, 60], "一个数"),
    ("01.5", True, "真假值"),
    ("01.6", float("nan"), "有限的数"),
]


class TestForms(FormTable):
    table = FORMS


# -- properties of the checking ------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(10, 200), min_size=3, max_size=6))
def test_the_trend_rule_never_sets_a_target_below_the_latest_actual(actuals: list[int]) -> None:
    """The 绩效改进 principle behind 01.4 and 01.6, on any history: the proposed ≥ target is a whole number of
    events, not below the latest actual and not below the (rounded-up) trend."""
    from perfmethods.indicators import propose_target

    proposal = propose_target(basis="history", history=[f"{v}场" for v in actuals], method="trend", direction="≥",
                              unit="场")
    assert proposal.value >= actuals[-1]
    assert proposal.value == math.floor(proposal.value)
    assert proposal.value >= proposal.computed_value - 1e-9



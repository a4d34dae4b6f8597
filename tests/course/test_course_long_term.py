"""Lesson 08 (科技项目的长期绩效): answers rounded as the questions ask are accepted, each typical slip is
recognised by the wrong answer it produces, answers in the wrong form are refused, and the exercises recover the
effects planted in the synthetic data.

The reference answers are perfmethods.impact's (did_2x2, event_study, rdd: validated against published examples
and rdrobust in tests/impact); these tests check the checking, and that the answers sit where the data's planted
effects (data/examples/science_programme/truth.json: R&D effect 30 + 10·min(e, 2) a year after funding, fuzzy RD
effect 40 at the cut-off) say they should.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import json

import pytest
from course_support import FormTable, MistakeTable, solution

from perfmethods import course
from perfmethods.course.long_term_exercises import PRETREND_CHOICES, SURROGATE_CANDIDATES, did_sample, pretrend_reading
from perfmethods.datasets import data_root
from perfmethods.impact import did_2x2, rdd, read_variables

LESSON = course.list_exercises("08")["id"].tolist()


def _means() -> tuple[float, float, float, float]:
    m = course.exercise_data("08.1").to_numpy(float)
    return m[0, 0], m[0, 1], m[1, 0], m[1, 1]


def _apps():
    return course.exercise_data("08.3")


def test_the_lesson_has_four_exercises_of_the_announced_forms() -> None:
    assert LESSON == ["08.1", "08.2", "08.3", "08.4"]
    assert course.list_exercises("08")["kind"].tolist() == ["number", "choice", "number", "choice"]


def test_answers_rounded_as_the_questions_ask_are_accepted() -> None:
    assert course.check("08.1", round(solution("08.1"), 1)).correct
    assert course.check("08.1", f"{solution('08.1'):.1f}").correct  # a number typed as text is read as the number
    assert course.check("08.3", round(solution("08.3"), 1)).correct


def test_the_hand_did_of_four_means_is_the_library_did() -> None:
    tb, ta, cb, ca = _means()
    assert solution("08.1") == pytest.approx((ta - tb) - (ca - cb), abs=1e-9)


def test_the_answers_recover_the_planted_effects() -> None:
    truth = json.loads((data_root() / "examples" / "science_programme" / "truth.json").read_text(encoding="utf-8"))
    planted_did = next(r["att"] for r in truth["rd_spending"]["att_gt"]
                       if r["cohort"] == 2018 and r["event_time"] == 1)  # 30 + 10 · min(1, 2) = 40 万元
    assert planted_did == 40.0
    did = did_2x2(did_sample(), outcome="rd_spending", treated="funded", post="post", unit="firm_id")
    assert did.ci[0] < planted_did < did.ci[1]
    # fuzzy RD at the cut-off: planted 40 万元, inside the robust interval
    fit = rdd(_apps(), outcome="rd_post3", running="score", cutoff=60, fuzzy="funded")
    assert fit.ci_robust[0] < truth["rdd"]["fuzzy_effect"] < fit.ci_robust[1]
    # no pre-trend is planted: the right reading of the event study is "no evidence against parallel trends"
    assert solution("08.2") == "A"


# -- typical mistakes are named ----------------------------------------------------------------------------------
MISTAKES = [
    ("08.1", lambda: _means()[1] - _means()[0], "before_after"),
    ("08.1", lambda: _means()[1] - _means()[3], "after_only"),
    ("08.1", lambda: _means()[0] - _means()[2], "before_only"),
    ("08.1", lambda: -round(solution("08.1"), 1), "sign"),
    ("08.2", lambda: "B", "misread_test"),
    ("08.2", lambda: "C", "post_coefficients"),
    ("08.2", lambda: "D", "proof"),
    ("08.3", lambda: rdd(_apps(), outcome="rd_post3", running="score", cutoff=60).estimate, "sharp_not_fuzzy"),
    ("08.3", lambda: round(rdd(_apps(), outcome="rd_post3", running="score", cutoff=60, fuzzy="funded")
                           .first_stage["estimate"], 2), "first_stage"),
    ("08.3", lambda: _apps().groupby("funded")["rd_post3"].mean().diff().iloc[-1], "naive_difference"),
    ("08.3", lambda: rdd(_apps(), outcome="rd_post3", running="score", cutoff=60, fuzzy="funded").estimate_bc,
     "bias_corrected"),
    ("08.4", lambda: "评审得分", "pre_funding_score"),
    ("08.4", lambda: "申请前两年年均研发投入", "pre_funding_outcome"),
    ("08.4", lambda: "企业成立年限", "pre_funding_covariate"),
]


class TestMistakes(MistakeTable):
    lesson = "08"
    table = MISTAKES


def test_the_pretrend_reading_follows_the_p_value() -> None:
    result = course.exercise_data("08.2")
    p = result.pretrend["p_value"]
    assert pretrend_reading(result) == ("A" if p >= 0.05 else "B")
    assert pretrend_reading(result, alpha=min(0.5, p + 0.01)) == "B"
    assert set(PRETREND_CHOICES) == set(course.exercise("08.2").choices)


def test_the_surrogate_choices_are_the_data_dictionary_names_and_only_one_is_measured_after_funding() -> None:
    variables = read_variables(data_root() / "examples" / "science_programme" / "variables.yaml")
    assert {variables[c].name("zh") for c in SURROGATE_CANDIDATES} == set(SURROGATE_CANDIDATES.values())
    after = [c for c in SURROGATE_CANDIDATES if not variables[c].pre_treatment]
    assert after == ["rd_post3"] and solution("08.4") == SURROGATE_CANDIDATES["rd_post3"]


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("08.1", 0.0)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "双重差分" in feedback.message_zh


FORMS = [
    ("08.1", [1, 2], "一个数"),
    ("08.2", "a", "请从以下选项中选择一个"),
    ("08.4", "score", "请从以下选项中选择一个"),
]


class TestForms(FormTable):
    table = FORMS



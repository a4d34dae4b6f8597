"""Lesson 05 (成本效益分析与事前评估): each reference answer is the quantity the question asks for, rounded answers
are accepted, the typical mistakes are named from concrete wrong answers, a malformed answer gets the form it
expects; the lesson notebook has the course's shape.

The reference answers are the library's (perfmethods.cba, validated against numpy-financial and the published
optimism-bias table in tests/cba); these tests check the checking, and that each reference answer is the quantity
the question asks for.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from course_support import FormTable, MistakeTable, solution
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods import course
from perfmethods.cba import appraise, discount_factors, optimism_bias
from perfmethods.course import cba_exercises as lesson

LESSON = Path(__file__).resolve().parents[2] / "notebooks" / "course" / "05_cba_ex_ante.ipynb"


def data(exercise_id: str):
    return course.exercise_data(exercise_id)


# -- the reference answers are what the questions ask ---------------------------------------------------------------
def test_the_discount_factor_matches_the_published_present_value_table() -> None:
    # Present value of 1 at 8 %: 0.926 (1 year), 0.681 (5), 0.463 (10), 0.215 (20) — Brealey, Myers & Allen,
    # Principles of Corporate Finance (any edition), Appendix Table 1 "Discount factors: present value of $1".
    factors = discount_factors([0, 1, 5, 10, 20], lesson.RATE)
    assert np.round(factors, 3).tolist() == [1.0, 0.926, 0.681, 0.463, 0.215]
    d = data("05.1")
    assert d["年份"] - d["基准年"] == 5 and d["折现率"] == 0.08
    assert solution("05.1") == pytest.approx(d["金额"] * 0.680583, abs=1e-4)


def test_the_short_stream_npv_is_the_cumulative_discounted_net_flow_of_the_appraisal() -> None:
    full = appraise(lesson.environment_case().economic(lesson.environment_case().option_flows("revised")["target"]),
                    lesson.RATE)
    assert solution("05.2") == pytest.approx(sum(full.discounted_net[:6]), abs=0.2)  # data rounded to 0.1 万元


def test_the_bcr_is_the_appraisal_bcr() -> None:
    flows = lesson.environment_case().option_flows("revised")["target"]
    assert solution("05.3") == pytest.approx(appraise(lesson.environment_case().economic(flows), lesson.RATE).bcr,
                                             abs=1e-4)


def test_the_financial_view_counts_the_cash_benefit_only() -> None:
    assert lesson.BENEFIT_CHOICES[solution("05.4")] == {k for k, v in lesson.environment_case().benefits.items()
                                                        if v == "cash"}


def test_the_governing_npv_is_expected_minus_the_optimism_on_capital() -> None:
    g = data("05.5")
    # HM Treasury (2003) optimism bias, Table 2: equipment development capex 200 % upper, 10 % lower
    ob = optimism_bias("equipment_development", mitigation=0.8)
    assert (g["乐观偏差上限"], g["乐观偏差下限"]) == (2.0, 0.1) and ob.uplift == pytest.approx(0.4)
    assert solution("05.5") == pytest.approx(g["期望净现值"] - ob.uplift * g["建设投资现值期望"], abs=0.1)
    row = lesson.science_decision().table.iloc[0]
    assert row["governing_npv"] == pytest.approx(row["deterministic_npv"] + row["risk_adjustment"]
                                                 + row["optimism_adjustment"])


def test_the_ex_ante_variant_fails_on_funding_and_is_rejected() -> None:
    appraisal = lesson.variant_appraisal()
    assert appraisal.verdicts()["funding"] == "fail" and appraisal.tier == "reject"
    assert solution("05.6") == "不予支持"
    shown = data("05.6")
    assert "budget" not in " ".join(shown["依据"]) and "stop" not in " ".join(shown["依据"])  # reader's names


# -- every solution is accepted, also rounded as the question asks ------------------------------------------------
@pytest.mark.parametrize("exercise_id, digits", [("05.1", 1), ("05.2", 0), ("05.3", 2), ("05.5", 0)])
def test_the_solution_rounded_as_asked_is_accepted(exercise_id: str, digits: int) -> None:
    assert course.check(exercise_id, round(solution(exercise_id), digits)).correct
    assert course.check(exercise_id, np.float64(round(solution(exercise_id), digits))).correct


# -- typical mistakes are named ------------------------------------------------------------------------------------
def _d1() -> tuple[float, int, float]:
    d = data("05.1")
    return float(d["金额"]), int(d["年份"] - d["基准年"]), float(d["折现率"])


def _net2() -> np.ndarray:
    d = data("05.2")
    return (d["效益"] - d["费用"]).to_numpy()


def _pv3(column: str) -> float:
    d = data("05.3")
    return float((d[column] / 1.08 ** d["t"]).sum())


def _g(key: str) -> float:
    return float(data("05.5")[key])


MISTAKES = [
    ("05.1", lambda: (lambda a, t, r: a / (1 + r) ** (t + 1))(*_d1()), "counted_from_one"),
    ("05.1", lambda: (lambda a, t, r: a / (1 + r) ** (t - 1))(*_d1()), "counted_one_short"),
    ("05.1", lambda: (lambda a, t, r: a / (1 + 8) ** t)(*_d1()), "rate_as_percent"),
    ("05.1", lambda: (lambda a, t, r: a / 1.8 ** t)(*_d1()), "rate_as_percent"),
    ("05.1", lambda: (lambda a, t, r: a * (1 + r) ** t)(*_d1()), "compounded"),
    ("05.1", lambda: (lambda a, t, r: a / (1 + r * t))(*_d1()), "simple_interest"),
    ("05.2", lambda: float((_net2()[1:] / 1.08 ** np.arange(1, 6)).sum()), "forgot_year_zero"),
    ("05.2", lambda: float(_net2().sum()), "undiscounted"),
    ("05.2", lambda: float((_net2() / 1.08 ** np.arange(1, 7)).sum()), "discounted_year_zero"),
    ("05.2", lambda: -float((_net2() / 1.08 ** np.arange(6)).sum()), "signs_reversed"),
    ("05.3", lambda: (_pv3("效益") - _pv3("运行维护")) / _pv3("建设投资"), "netted_costs"),
    ("05.3", lambda: (_pv3("效益") - _pv3("建设投资") - _pv3("运行维护")) / (_pv3("建设投资") + _pv3("运行维护")),
     "npv_over_costs"),
    ("05.3", lambda: (lambda d: d["效益"].sum() / (d["建设投资"].sum() + d["运行维护"].sum()))(data("05.3")),
     "undiscounted"),
    ("05.3", lambda: (_pv3("建设投资") + _pv3("运行维护")) / _pv3("效益"), "inverted"),
    ("05.3", lambda: _pv3("效益") / _pv3("建设投资"), "capital_only"),
    ("05.4", lambda: "B", "counted_non_cash"),
    ("05.4", lambda: "C", "views_swapped"),
    ("05.4", lambda: "D", "recreation_is_cash"),
    ("05.5", lambda: round(_g("确定性净现值")), "deterministic"),
    ("05.5", lambda: round(_g("期望净现值")), "no_optimism"),
    ("05.5", lambda: _g("期望净现值") - 0.4 * _g("效益现值期望"), "optimism_on_benefits"),
    ("05.5", lambda: _g("期望净现值") + 0.4 * _g("效益现值期望"), "optimism_on_benefits"),
    ("05.5", lambda: _g("期望净现值") - 2.0 * _g("建设投资现值期望"), "not_mitigated"),
    ("05.5", lambda: _g("期望净现值") - 1.6 * _g("建设投资现值期望"), "not_mitigated"),
    ("05.5", lambda: _g("确定性净现值") - 0.4 * _g("建设投资现值期望"), "skipped_risk"),
    ("05.5", lambda: _g("期望净现值") + 0.4 * _g("建设投资现值期望"), "wrong_sign"),
    ("05.6", lambda: "调整后支持", "fail_adjusted"),
    ("05.6", lambda: "予以支持", "majority"),
]


class TestMistakes(MistakeTable):
    lesson = "05"
    table = MISTAKES


@pytest.mark.parametrize("exercise_id, answer", [("05.1", 100.0), ("05.2", 123.0), ("05.3", 0.5), ("05.5", 0.0)])
def test_an_unrecognised_wrong_answer_gets_the_hint(exercise_id: str, answer: float) -> None:
    feedback = course.check(exercise_id, answer)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and feedback.message_zh.startswith("答案不对")


# -- the answer's form -----------------------------------------------------------------------------------------------
FORMS = [
    ("05.1", "272.2万元", "一个数"),
    ("05.2", True, "真假值"),
    ("05.3", [1.1, 1.2], "一个数"),
    ("05.5", float("nan"), "有限"),
    ("05.4", "E", "请从以下选项中选择一个：A、B、C、D"),
    ("05.4", "财务分析只计收费", "请从以下选项中选择一个"),
    ("05.6", "支持", "予以支持、调整后支持、不予支持"),
]


class TestForms(FormTable):
    table = FORMS


# -- properties of the checking --------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.floats(1.0, 1e5), st.integers(1, 40))
def test_the_pv_of_one_flow_follows_the_year_zero_convention(amount: float, years: int) -> None:
    d = data("05.1")
    d["金额"], d["年份"] = amount, int(d["基准年"]) + years
    pv = course.exercise("05.1").solve(d)
    assert pv == pytest.approx(amount / 1.08 ** years, rel=1e-12)
    assert pv < amount  # a later flow is worth less today (r > 0)


# -- the lesson notebook -------------------------------------------------------------------------------------------
def test_the_lesson_has_the_course_shape() -> None:
    nb = nbformat.read(LESSON, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "perfmethods" and nb.metadata["title"].startswith("第 5 课")
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0].source.strip().startswith('language: str = "zh"')
    assert params[0].source.count("\n") == 0
    sources = [c.source for c in nb.cells]
    for k in range(1, 7):
        assert any(f'exercise_data("05.{k}")' in s for s in sources)
        answer = [s for s in sources if s.startswith(f"answer_{k} = None")]
        assert len(answer) == 1 and f'check("05.{k}", answer_{k}, language=language)' in answer[0]
    solutions = [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) == 6 and all("check(\"05." in s for s in solutions)
    assert any("trainer" in c.metadata.get("tags", []) for c in nb.cells)
    text = "\n".join(s for c, s in zip(nb.cells, sources, strict=True) if c.cell_type == "markdown")
    for needle in ("学习目标", "中发〔2018〕34号", "财预〔2020〕10号", "《建设项目经济评价方法与参数》", "延伸阅读"):
        assert needle in text
    assert "/work/" not in "\n".join(sources) and "../" not in "\n".join(sources)


def test_the_worked_example_reads_bundled_data_through_the_library() -> None:
    nb = nbformat.read(LESSON, as_version=4)
    setup = next(c.source for c in nb.cells if "remove-input" in c.metadata.get("tags", []))
    assert "resolve_path(river_dir)" in setup and 'river_dir = "data/examples/environment_project"' in setup
    assert 'facility_dir = "data/examples/science_facility"' in setup
    frame = lesson.environment_case().cashflows["revised"].amounts
    assert isinstance(frame, pd.DataFrame) and not frame.empty

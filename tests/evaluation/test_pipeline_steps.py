"""The steps of evaluate() and the finding templates they build from (issue 10: one core, no cycles)."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.evaluation import evaluate
from perfmethods.evaluation.finding_templates import FINDING_TEMPLATES, PHRASES, build_finding
from perfmethods.evaluation.steps import (
    apply_overrides,
    indicator_table,
    level_totals,
    resolve_actuals,
    round_rows,
    score_by_method,
)
from perfmethods.findings import Bilingual, Phrase, Severity
from perfmethods.indicators.profiles import get_profile
from perfmethods.indicators.scoring import score_positive, score_reverse
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals, ActualValue
from perfmethods.model.values import ParsedValue


def pv(text: str, value: float | None = None, unit: str = "") -> ParsedValue:
    return ParsedValue(text, None, value, None, unit)


def leaf(id_: str, points: float, direction: str = "≥", target: ParsedValue | None = None,
         name: str | None = None, level1: str = "产出") -> Indicator:
    return Indicator(id_, name or f"指标{id_}", level1, "二级", points, Direction.parse(direction),
                     target if target is not None else pv("≥10", 10.0))


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# -- the template table ------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", sorted(FINDING_TEMPLATES))
def test_every_template_fills_from_the_same_fields_in_both_languages(code: str) -> None:
    # English may leave a detail out (overspending does not name the basis); it never needs a field zh lacks.
    tpl = FINDING_TEMPLATES[code]
    assert tpl.message_zh and tpl.message_en
    assert _fields(tpl.message_en) <= _fields(tpl.message_zh)
    assert _fields(tpl.suggestion_zh) == _fields(tpl.suggestion_en)


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_has_the_same_fields_in_both_languages(key: str) -> None:
    zh, en = PHRASES[key]
    assert _fields(zh) == _fields(en)


def test_build_finding_fills_plain_bilingual_and_phrase_fields() -> None:
    f = build_finding("missing_actual", "C1", name="场次", why=Phrase("why.actual"),
                      consequence=Phrase("consequence.reviewer", {"points": "7.5"}))
    assert f.message_zh == "“场次”未填报实际完成值，已采用复核得分 7.5 分。"
    assert f.message_en == "'场次': no actual value was reported, so the reviewer's score 7.5 is used."
    zero = build_finding("missing_actual", "C1", name="场次", why=Phrase("why.actual"),
                         consequence=Phrase("consequence.zero"))
    assert zero.message_en == "'场次': no actual value was reported, so it scores 0."
    assert f.indicator_id == "C1" and f.severity is Severity.ERROR
    g = build_finding("panel_unused", unused=Bilingual("甲", "A"), suggest=False)
    assert "甲" in g.message_zh and "A" in g.message_en and g.suggestion_zh == g.suggestion_en == ""


def test_build_finding_rejects_an_unknown_code_or_phrase() -> None:
    with pytest.raises(InputError, match="no finding template for the code 'nope'"):
        build_finding("nope")
    with pytest.raises(InputError, match="no finding phrase 'why.nope'"):
        build_finding("missing_actual", name="x", why=Phrase("why.nope"),
                      consequence=Phrase("consequence.zero"))


# -- reviewer overrides are decided by code, not by message text ------------------------------------
def test_reviewer_override_rewrites_the_problem_by_field_not_by_text() -> None:
    # The name contains the words the old code searched for ("记 0 分。"); only the consequence may change.
    fw = IndicatorFramework((leaf("A", 50, name="记 0 分。场次"), leaf("B", 50)))
    acts = Actuals((ActualValue("A", pv("不详"), reviewer_score=20, reviewer_reason="现场核实"),
                    ActualValue("B", pv("12", 12.0))))
    res = evaluate(fw, acts, profile="no_budget_row", mode="self")
    problem = next(f for f in res.findings if f.code == "actual_not_numeric")
    assert problem.severity is Severity.WARNING
    assert problem.message_zh.startswith("定量指标“记 0 分。场次”")
    assert problem.message_zh.endswith("已采用复核得分 20 分。")
    assert problem.message_en.endswith("the reviewer's score 20 is used.")
    row = res.indicators.set_index("id").loc["A"]
    assert row["points"] == 20 and row["flags"] == ("actual_not_numeric", "reviewer_override")
    # a row the formula cannot score has no formula score to show beside the reviewer's (not "公式得分 0 分")
    override = next(f for f in res.findings if f.code == "reviewer_override")
    assert override.message_zh == "“记 0 分。场次”复核得分 20 分，此行无法按公式计分；复核说明：现场核实"
    assert override.message_en == (
        "'记 0 分。场次': the reviewer's score 20 is used, as the row cannot be scored by formula; reason: 现场核实"
    )


def test_an_override_of_a_scored_row_shows_both_scores() -> None:
    fw = IndicatorFramework((leaf("A", 50), leaf("B", 50)))
    acts = Actuals((ActualValue("A", pv("8", 8.0), reviewer_score=45, reviewer_reason="资料补齐"),
                    ActualValue("B", pv("12", 12.0))))
    override = next(f for f in evaluate(fw, acts, profile="no_budget_row", mode="self").findings
                    if f.code == "reviewer_override")
    assert override.message_zh == "“指标A”复核得分 45 分，公式得分 40 分；复核说明：资料补齐"
    assert override.message_en == "'指标A': the reviewer's score 45 is used, not the formula score 40; reason: 资料补齐"


def test_without_a_reviewer_the_problem_scores_zero_as_an_error() -> None:
    fw = IndicatorFramework((leaf("A", 50), leaf("B", 50)))
    res = evaluate(fw, {"A": "不详", "B": "12"}, profile="no_budget_row", mode="self")
    problem = next(f for f in res.findings if f.code == "actual_not_numeric")
    assert problem.severity is Severity.ERROR and problem.message_zh.endswith("记 0 分。")


# -- the steps -----------------------------------------------------------------------------------------------
def _scored(fw: IndicatorFramework, acts: Actuals, profile: str = "no_budget_row") -> pd.DataFrame:
    prof = get_profile(profile)
    factor = prof.indicator_points / float(fw.points().sum())
    table = indicator_table(fw, factor)
    table = resolve_actuals(table, fw, acts, rate=np.nan, has_budget=False, survey=None,
                            panel=pd.Series(dtype=float))
    return round_rows(apply_overrides(score_by_method(table, prof), factor), prof)


@settings(max_examples=40, deadline=None)
@given(actual=st.lists(st.floats(0, 300), min_size=2, max_size=8), reverse=st.booleans())
def test_score_by_method_matches_the_scalar_rules(actual: list[float], reverse: bool) -> None:
    direction = "≤" if reverse else "≥"
    fw = IndicatorFramework(tuple(leaf(f"I{k}", 10, direction, pv("100", 100.0)) for k in range(len(actual))))
    acts = Actuals(tuple(ActualValue(f"I{k}", pv(f"{a}", a)) for k, a in enumerate(actual)))
    table = _scored(fw, acts)
    rule = score_reverse if reverse else score_positive
    expected = [float(rule(a, 100.0, 1.0)) for a in actual]
    assert table["formula_share"].to_numpy() == pytest.approx(expected)
    assert (table["method"] == ("reverse" if reverse else "positive")).all()


def test_resolve_actuals_names_the_problem_and_its_finding_fields() -> None:
    far = pv("≥5公里", 5.0, "公里")
    fw = IndicatorFramework((leaf("A", 30), leaf("B", 30, target=pv("较多")), leaf("C", 40, target=far)))
    acts = Actuals((ActualValue("C", pv("3人", 3.0, "人")),))
    table = _scored(fw, acts)
    assert table["problem"].tolist() == ["missing_actual", "target_not_numeric", "unit_mismatch"]
    assert table["method"].tolist() == ["missing"] * 3
    assert table["problem_fields"].iloc[0] == {"why": Phrase("why.actual")}
    assert table["problem_fields"].iloc[2] == {"actual": "3人", "target": "≥5公里"}


def test_apply_overrides_replaces_only_rows_with_a_reviewer_score() -> None:
    table = pd.DataFrame({"reviewer_score": [np.nan, 4.0], "formula": [3.0, 9.0]})
    out = apply_overrides(table, 0.5)
    assert out["final"].tolist() == [3.0, 2.0]
    assert out["overridden"].tolist() == [False, True]


def test_level_totals_sums_by_level_and_caps_the_total() -> None:
    table = pd.DataFrame({"level1": ["a", "a", "b"], "points_available": [40.0, 40.0, 20.0],
                          "final": [40.0, 30.0, 10.0]})
    total, levels, found = level_totals(table, get_profile("no_budget_row"))
    assert total == 80.0 and found == []
    assert levels["points"].tolist() == [70.0, 10.0] and levels["n_indicators"].tolist() == [2, 1]
    assert levels["score_share"].tolist() == pytest.approx([70 / 80, 0.5])
    over = table.assign(final=[50.0, 50.0, 20.0])
    total, _, found = level_totals(over, get_profile("no_budget_row"))
    assert total == 100.0 and [f.code for f in found] == ["total_capped"]

"""evaluate(): the project evaluation end to end (财预〔2020〕10号 单位自评 and 附件2, the 预算司 grade bands, the
pmkpi budget-system scoring rules, the 达州 results application, satisfaction-survey practice and the published
项目支出绩效自评表 of 2016–2023)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.evaluation import evaluate
from perfmethods.evaluation.panel import PanelResult
from perfmethods.evaluation.pipeline import BUDGET_ROW_ID, EvaluationResult
from perfmethods.evaluation.survey import SurveyResult
from perfmethods.indicators.profiles import get_profile
from perfmethods.model.framework import Computed, Direction, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals, ActualValue, Budget, PanelScores, SurveyResponses
from perfmethods.model.values import ParsedValue


def pv(
    text: str, value: float | None = None, unit: str = "", op: str | None = None, upper: float | None = None
) -> ParsedValue:
    """A ParsedValue built directly (independent of the parser)."""
    return ParsedValue(text, op, value, upper, unit)


def ind(
    id_: str,
    level1: str,
    weight: float,
    direction: str = "≥",
    target: ParsedValue | None = None,
    computed: Computed | None = None,
    name: str | None = None,
    level2: str = "二级",
) -> Indicator:
    return Indicator(
        id_,
        name or f"指标{id_}",
        level1,
        level2,
        weight,
        Direction.parse(direction),
        target if target is not None else pv(""),
        computed=computed,
    )


def act(id_: str, text: str = "", value: float | None = None, unit: str = "", **kw) -> ActualValue:
    return ActualValue(id_, pv(text, value, unit), **kw)


def rows(result: EvaluationResult) -> pd.DataFrame:
    return result.indicators.set_index("id")


def codes(result: EvaluationResult, indicator: str | None = "*") -> list[str]:
    return [f.code for f in result.findings if indicator == "*" or f.indicator_id == indicator]


# -- the rows the published tables show ------------------------------------------------------------------------
def _section9_framework() -> IndicatorFramework:
    # A self-evaluation on 90 indicator points (the 10号 layout: budget row 10 + indicators 90).
    return IndicatorFramework(
        (
            ind("P1", "产出指标", 20, "≥", pv("≥2000人次", 2000, "人次", "≥"), name="培训人次"),
            ind("P2", "产出指标", 15, "≥", pv("≥95%", 95, "%", "≥"), name="验收合格率"),
            ind("P3", "产出指标", 15, "≥", pv("≥100%", 100, "%", "≥"), name="任务完成率"),
            ind("B1", "效益指标", 30, "定性", pv("有效提升服务水平"), name="社会效益"),
            ind("S1", "满意度指标", 10, "≥", pv("≥90%", 90, "%", "≥"), name="服务对象满意度"),
        ),
        name="published 自评表 rows",
        total=90,
    )


def _section9_actuals() -> Actuals:
    return Actuals(
        (
            act("P1", "3061人次", 3061, "人次"),  # 3061 against ≥ 2000: full points + flag
            act("P2", "100%", 100, "%"),  # 100 % against ≥ 95 %: full points
            # 99.1 % completion: the proportion gives 14.86, the evaluator scored 13 of 15
            act("P3", "99.06%", 99.06, "%", reviewer_score=13, reviewer_reason="部分任务验收资料不全"),
            act("B1", "达成", tier="达成"),
            act("S1", "95%", 95, "%"),
        )
    )


@pytest.mark.reference
def test_published_table_rows_end_to_end():
    """Rows of published 自评表 (county and city departments, 2016–2023), assembled into one self-evaluation.

    These are rows of several tables, not one complete table: the budget row (202.64 → 132.912,
    100 % of the adjusted budget, 65.6 % of the original), 3061 vs ≥ 2000 (full points), 100 % vs ≥ 95 %
    (full points) and the 99.1 % row scored 13 of 15 where the proportion gives 14.86.
    """
    budget = Budget(original=202.64, adjusted=132.912, executed=132.912)
    res = evaluate(_section9_framework(), _section9_actuals(), budget=budget, profile="central", mode="self")
    r = rows(res)
    assert list(r.index) == [BUDGET_ROW_ID, "P1", "P2", "P3", "B1", "S1"]
    # budget row: 10 points at 100 % of the adjusted budget (全年预算数, the default basis)
    assert r.loc[BUDGET_ROW_ID, "points"] == 10.0
    assert res.budget["rate_adjusted"] == pytest.approx(1.0)
    assert round(res.budget["rate_original"] * 100, 1) == 65.6
    assert res.budget["basis"] == "adjusted"
    adjusted = next(f for f in res.findings if f.code == "budget_adjusted")
    assert "100.0%" in adjusted.message_zh and "65.6%" in adjusted.message_zh
    # over-achievement scores full points and asks for an explanation (no deduction by default)
    assert r.loc["P1", "points"] == 20.0 and "overachievement" in r.loc["P1", "flags"]
    assert "overachievement" in codes(res, "P1")
    assert r.loc["P2", "points"] == 15.0 and codes(res, "P2") == []
    # the reviewer's override: both scores kept, the reason kept
    assert r.loc["P3", "formula_points"] == 14.86
    assert r.loc["P3", "reviewer_points"] == 13.0 and r.loc["P3", "points"] == 13.0
    assert r.loc["P3", "reviewer_reason"] == "部分任务验收资料不全"
    assert round(r.loc["P3", "completion"] * 100, 1) == 99.1
    override = next(f for f in res.findings if f.code == "reviewer_override")
    assert override.severity.value == "info" and "部分任务验收资料不全" in override.message_zh
    # 10 + 20 + 15 + 13 + 30 + 10
    assert res.total == 98.0 and res.grade == "优"
    assert res.recommendation.action == "priority"
    # no split finding: 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10
    assert "self_eval_split" not in codes(res)
    # against the original budget (年初预算数) the same row scores 6.56
    res_o = evaluate(
        _section9_framework(),
        _section9_actuals(),
        budget=budget,
        mode="self",
        profile=get_profile("central").replace(execution_basis="original"),
    )
    assert rows(res_o).loc[BUDGET_ROW_ID, "points"] == 6.56
    assert res_o.total == pytest.approx(94.56)


@pytest.mark.reference
@pytest.mark.parametrize(
    "profile,expected",
    [
        ("integer_down", {"R1": 9, "R2": 9, "R3": 8, "R4": 4}),  # published 自评表: 9.78 → 9, 9.91 → 9
        ("integer_nearest", {"R1": 10, "R2": 10, "R3": 9, "R4": 5}),  # published 自评表: 8.62 → 9, 4.99 → 5
        ("central", {"R1": 9.78, "R2": 9.91, "R3": 8.62, "R4": 4.99}),
    ],
)
def test_published_table_rounding(profile, expected):
    fw = IndicatorFramework(
        (
            ind("R1", "产出", 10, "≥", pv("≥100%", 100, "%")),
            ind("R2", "产出", 10, "≥", pv("≥100%", 100, "%")),
            ind("R3", "产出", 10, "≥", pv("≥100%", 100, "%")),
            ind("R4", "效益", 5, "≥", pv("≥100%", 100, "%")),
            ind("R5", "效益", 55, "≥", pv("≥1", 1)),
        ),
        total=90,
    )
    acts = Actuals(
        (
            act("R1", "97.8%", 97.8, "%"),
            act("R2", "99.1%", 99.1, "%"),
            act("R3", "86.2%", 86.2, "%"),
            act("R4", "99.8%", 99.8, "%"),
            act("R5", "1", 1),
        )
    )
    res = evaluate(fw, acts, budget=Budget(100, 100, 100), profile=profile)
    got = rows(res)["points"]
    for key, value in expected.items():
        assert got[key] == value
    assert res.total == pytest.approx(sum(expected.values()) + 55 + 10)


def test_weights_summing_to_110_printed_as_100():
    # a published 自评表: weights summing to 110 with a total printed as 100
    fw = IndicatorFramework(
        (ind("A", "产出", 60, "≥", pv("10", 10)), ind("B", "效益", 50, "≥", pv("10", 10))), total=100
    )
    res = evaluate(fw, {"A": 10, "B": 5}, profile="no_budget_row")
    assert "weights_total" in codes(res)
    f = next(f for f in res.findings if f.code == "weights_total")
    assert "110" in f.message_zh and f.severity.value == "warning"
    r = rows(res)
    assert r["points_available"].sum() == pytest.approx(100)
    assert r.loc["A", "points_available"] == pytest.approx(600 / 11)
    assert 0 <= res.total <= 100


def test_missing_actual_scores_zero_with_error():
    fw = IndicatorFramework(
        (ind("A", "产出", 50, "≥", pv("10", 10)), ind("B", "效益", 50, "≥", pv("10", 10)))
    )
    res = evaluate(fw, {"A": 10}, profile="no_budget_row")
    r = rows(res)
    assert r.loc["B", "points"] == 0 and r.loc["B", "method"] == "missing"
    f = next(f for f in res.findings if f.code == "missing_actual")
    assert f.indicator_id == "B" and f.severity.value == "error"
    assert res.total == 50


def test_quantitative_without_numeric_target():
    fw = IndicatorFramework(
        (ind("A", "产出", 50, "≥", pv("按时完成")), ind("B", "效益", 50, "≥", pv("10", 10)))
    )
    res = evaluate(fw, {"A": 10, "B": 10}, profile="no_budget_row")
    assert codes(res, "A") == ["target_not_numeric"]
    assert rows(res).loc["A", "points"] == 0
    # a reviewer's score still applies
    acts = Actuals(
        (act("A", "按时完成", reviewer_score=40, reviewer_reason="按期完成，资料齐全"), act("B", "10", 10))
    )
    res = evaluate(fw, acts, profile="no_budget_row")
    assert rows(res).loc["A", "points"] == 40
    f = next(f for f in res.findings if f.code == "target_not_numeric")
    assert f.severity.value == "warning" and "复核得分 40" in f.message_zh


def test_actual_not_numeric_and_unit_mismatch():
    fw = IndicatorFramework(
        (ind("A", "产出", 50, "≥", pv("≥10场", 10, "场")), ind("B", "效益", 50, "≥", pv("≥10场", 10, "场")))
    )
    acts = Actuals((act("A", "较好"), act("B", "12人次", 12, "人次")))
    res = evaluate(fw, acts, profile="no_budget_row")
    assert codes(res, "A") == ["actual_not_numeric"] and codes(res, "B") == ["unit_mismatch"]
    assert res.total == 0


def test_unit_conversion_magnitude_prefix():
    # 5.23万人次 against ≥ 50000 人次: converted, full points
    fw = IndicatorFramework((ind("A", "产出", 100, "≥", pv("≥50000人次", 50000, "人次")),))
    res = evaluate(fw, Actuals((act("A", "5.23万人次", 5.23, "万人次"),)), profile="no_budget_row")
    assert rows(res).loc["A", "actual_value"] == pytest.approx(52300)
    assert res.total == 100


def test_spending_above_budget_and_zero_budget():
    fw = IndicatorFramework((ind("A", "产出", 90, "≥", pv("1", 1)),), total=90)
    res = evaluate(fw, {"A": 1}, budget=Budget(100, 100, 102.59))  # a published 自评表: 102.59 %
    assert "overspending" in codes(res)
    assert rows(res).loc[BUDGET_ROW_ID, "points"] == 10
    # a published 自评表 (池州 2022): a budget row of zeros above a sub-row spending 89.974 of 90
    res = evaluate(fw, {"A": 1}, budget=Budget(0, 0, 89.974))
    assert "budget_zero" in codes(res)
    assert rows(res).loc[BUDGET_ROW_ID, "points"] == 0
    res = evaluate(fw, {"A": 1})
    assert "missing_budget" in codes(res) and res.total == 90


def test_department_mode_output_benefit_share():
    fw = IndicatorFramework(
        (
            ind("D", "决策", 25, "≥", pv("1", 1)),
            ind("G", "过程", 25, "≥", pv("1", 1)),
            ind("O", "产出指标", 30, "≥", pv("1", 1)),
            ind("E", "效益指标", 20, "≥", pv("1", 1)),
        )
    )
    acts = {k: 1 for k in "DGOE"}
    res = evaluate(fw, acts, profile="no_budget_row", mode="department")
    f = next(f for f in res.findings if f.code == "output_benefit_share")
    assert "50.0%" in f.message_zh
    ok = fw.with_points({"D": 20, "G": 20, "O": 30, "E": 30})
    assert "output_benefit_share" not in codes(evaluate(ok, acts, profile="no_budget_row", mode="财政评价"))


def test_self_mode_split():
    fw = IndicatorFramework(
        (
            ind("O", "产出", 40, "≥", pv("1", 1)),
            ind("E", "效益", 40, "≥", pv("1", 1)),
            ind("S", "服务对象满意度", 10, "≥", pv("1", 1)),
        ),
        total=90,
    )
    res = evaluate(fw, {k: 1 for k in "OES"}, budget=Budget(1, 1, 1), mode="self")
    assert "self_eval_split" in codes(res)
    ok = fw.with_points({"O": 50, "E": 30})
    assert "self_eval_split" not in codes(
        evaluate(ok, {k: 1 for k in "OES"}, budget=Budget(1, 1, 1), mode="self")
    )


def test_reviewer_score_above_points_is_error():
    fw = IndicatorFramework((ind("A", "产出", 15, "≥", pv("1", 1)),))
    with pytest.raises(InputError, match="exceeds") as info:
        evaluate(fw, Actuals((act("A", "1", 1, reviewer_score=16, reviewer_reason="x"),)))
    assert "'A'" in str(info.value)


def test_unknown_actual_id_and_bad_mode():
    fw = IndicatorFramework((ind("A", "产出", 15, "≥", pv("1", 1)),))
    with pytest.raises(InputError, match="not in the framework"):
        evaluate(fw, {"Z": 1})
    with pytest.raises(InputError, match="'mode'"):
        evaluate(fw, {"A": 1}, mode="audit")


def test_budget_indicator_inside_framework():
    fw = IndicatorFramework(
        (
            ind(
                "G1",
                "过程",
                10,
                "≥",
                pv("≥95%", 95, "%"),
                computed=Computed.BUDGET_EXECUTION,
                name="预算执行率",
            ),
            ind("O", "产出", 90, "≥", pv("1", 1)),
        )
    )
    budget = Budget(100, 100, 80.4)  # a published 自评表: a row whose own numbers give 80.4 %
    # The central profile's separate 10-point row is not added on top: execution would count twice.
    central = evaluate(fw, {"O": 1}, budget=budget)
    assert "budget_in_framework" in codes(central)
    assert BUDGET_ROW_ID not in rows(central).index
    res = evaluate(fw, {"O": 1}, budget=budget, profile="no_budget_row")
    assert "budget_in_framework" not in codes(res)
    assert central.total == res.total
    r = rows(res)
    assert BUDGET_ROW_ID not in r.index
    assert r.loc["G1", "actual_value"] == pytest.approx(80.4)
    assert r.loc["G1", "points"] == pytest.approx(round(80.4 / 95 * 10, 2))


def test_budget_20_80_layout():
    fw = IndicatorFramework(
        (ind("O", "产出", 60, "≥", pv("10", 10)), ind("E", "效益", 40, "≥", pv("10", 10)))
    )
    res = evaluate(fw, {"O": 5, "E": 10}, budget=Budget(10, 10, 9), profile="budget_20_80")
    r = rows(res)
    assert r.loc[BUDGET_ROW_ID, "points_available"] == 20 and r.loc[BUDGET_ROW_ID, "points"] == 18
    assert r.loc["O", "points_available"] == 48 and r.loc["O", "points"] == 24
    assert r.loc["E", "points_available"] == 32
    assert res.total == 18 + 24 + 32
    assert "points_rescaled" in codes(res)
    assert list(res.levels["level1"]) == ["预算执行率", "产出", "效益"]


def test_qualitative_tiers_and_scores():
    fw = IndicatorFramework(
        (ind("Q1", "效益", 30, "定性"), ind("Q2", "效益", 30, "定性"), ind("Q3", "效益", 40, "定性"))
    )
    acts = Actuals((act("Q1", "达成"), act("Q2", tier="部分达成", tier_score=20), act("Q3", tier_score=10)))
    res = evaluate(fw, acts, profile="no_budget_row")
    r = rows(res)
    assert r.loc["Q1", "points"] == 30 and r.loc["Q2", "points"] == 20 and r.loc["Q3", "points"] == 10
    assert np.isnan(r.loc["Q1", "completion"])
    with pytest.raises(InputError, match="outside the tier"):
        evaluate(fw, Actuals((act("Q1", tier="达成", tier_score=20),)), profile="no_budget_row")


def test_graded_indicator_is_a_shortfall_only_below_the_top_tier():
    # 10号: 达成 = 80–100 % of the points. A qualitative score inside 达成 met its target; a lower tier did not.
    fw = IndicatorFramework((ind("Q1", "决策", 10, "定性"), ind("Q2", "决策", 10, "定性"), ind("Q3", "产出", 80)))
    acts = Actuals((act("Q1", tier="达成", tier_score=8.5), act("Q2", tier="部分达成", tier_score=7.5),
                    act("Q3", "1", 1.0)))
    res = evaluate(fw, acts, profile="no_budget_row")
    assert "unmet_target" not in codes(res, "Q1")
    assert "unmet_target" in codes(res, "Q2")
    f = next(f for f in res.findings if f.code == "unmet_target")
    assert "部分达成" in f.message_zh and "partly achieved" in f.message_en


def test_overachievement_deduction_option():
    fw = IndicatorFramework((ind("A", "产出", 100, "≥", pv("≥2000", 2000)),))
    prof = get_profile("no_budget_row").replace(overachievement_deduction=0.1)
    res = evaluate(fw, {"A": 3061}, profile=prof)
    assert res.total == 90
    # with the unit's explanation the finding is informational
    res = evaluate(fw, Actuals((act("A", "3061", 3061, note="新增两个培训点"),)), profile="no_budget_row")
    f = next(f for f in res.findings if f.code == "overachievement")
    assert f.severity.value == "info" and "新增两个培训点" in f.message_zh


def test_survey_and_panel_computed_indicators():
    fw = IndicatorFramework(
        (
            ind("S1", "满意度", 10, "≥", pv("≥90%", 90, "%"), computed=Computed.SURVEY_RATE),
            ind("S2", "满意度", 10, "≥", pv("≥80分", 80, "分"), computed=Computed.SURVEY_SCORE),
            ind("D1", "决策", 30, "定性", computed=Computed.PANEL),
            ind("D2", "过程", 30, "定性"),
            ind("O", "产出", 20, "≥", pv("1", 1)),
        )
    )
    survey = SurveyResponses(pd.DataFrame({"q": ["很满意"] * 6 + ["满意"] * 3 + ["不满意"]}))
    panel = PanelScores(
        pd.DataFrame(
            {
                "group": ["专家", "专家", "财政部门", "专家"],
                "evaluator": ["e1", "e2", "f1", "e1"],
                "indicator_id": ["D1", "D1", "D1", "D2"],
                "score": [27, 24, 21, 28],
            }
        ),
        group_weights={"专家": 0.6, "财政部门": 0.4},
    )
    res = evaluate(fw, {"O": 1}, survey=survey, panel=panel, profile="no_budget_row")
    r = rows(res)
    assert r.loc["S1", "actual_value"] == pytest.approx(90.0) and r.loc["S1", "points"] == 10
    assert r.loc["S2", "actual_value"] == pytest.approx((600 + 240) / 10)
    assert r.loc["S2", "points"] == 10  # 84 against ≥ 80: full points
    assert r.loc["D1", "points"] == pytest.approx(0.6 * 25.5 + 0.4 * 21)
    assert r.loc["D2", "points"] == 28 and r.loc["D2", "method"] == "panel"  # qualitative without a tier
    assert isinstance(res.panel, PanelResult) and isinstance(res.survey, SurveyResult)
    json.dumps(res.to_dict(), allow_nan=False)
    assert "survey_sample_small" in codes(res)
    # without a survey the computed indicators are missing
    res = evaluate(fw, {"O": 1}, panel=panel, profile="no_budget_row")
    assert codes(res, "S1") == ["missing_actual"]


def test_result_serialisation_summary_and_plot():
    res = evaluate(
        _section9_framework(), _section9_actuals(), budget=Budget(202.64, 132.912, 132.912), mode="self"
    )
    data = res.to_dict()
    text = json.dumps(data, allow_nan=False)  # no NaN anywhere
    assert json.loads(text)["grade"] == "优"
    assert set(data) == {
        "framework_name",
        "mode",
        "total",
        "grade",
        "grade_en",
        "recommendation",
        "indicators",
        "levels",
        "budget",
        "findings",
        "panel",
        "survey",
        "profile",
    }
    row = data["indicators"][0]
    assert list(row)[:15] == [
        "id",
        "level1",
        "level2",
        "name",
        "direction",
        "target_text",
        "actual_text",
        "unit",
        "completion",
        "points_available",
        "formula_points",
        "reviewer_points",
        "points",
        "score_share",
        "flags",
    ]
    assert isinstance(row["flags"], list)
    summary = res.summary()
    assert summary.iloc[-1]["points"] == res.total and summary.iloc[-1]["level1"] == "合计"
    for language in ("zh", "en"):
        ax = res.plot(language=language)
        assert ax.get_xlabel() == ("分" if language == "zh" else "points")
    import matplotlib.pyplot as plt

    plt.close("all")
    with pytest.raises(InputError):
        res.plot(language="fr")


# -- properties -----------------------------------------------------------------------------------------------
_weights = st.lists(st.floats(1, 40), min_size=2, max_size=6)


def _random_case(draw_weights, actual_fracs):
    n = len(draw_weights)
    fw = IndicatorFramework(
        tuple(
            ind(f"I{k}", ["产出", "效益", "满意度"][k % 3], w, ["≥", "≤", "="][k % 3], pv("100", 100))
            for k, w in enumerate(draw_weights)
        )
    )
    acts = {f"I{k}": float(actual_fracs[k % len(actual_fracs)]) for k in range(n)}
    return fw, acts


@pytest.mark.property
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_weights, st.lists(st.floats(0, 300), min_size=1, max_size=6))
def test_total_is_sum_of_rows_unrounded(weights, actuals):
    fw, acts = _random_case(weights, actuals)
    prof = get_profile("central").replace(rounding="none")
    res = evaluate(fw, acts, budget=Budget(100, 100, 90), profile=prof)
    r = res.indicators
    assert res.total == pytest.approx(r["points"].sum())
    assert ((r["points"] >= -1e-12) & (r["points"] <= r["points_available"] + 1e-9)).all()


@pytest.mark.property
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_weights, st.lists(st.floats(0, 300), min_size=1, max_size=6), st.floats(0.1, 10))
def test_scaling_points_leaves_shares_unchanged(weights, actuals, k):
    fw, acts = _random_case(weights, actuals)
    scaled = fw.with_points({i.id: i.points * k for i in fw})
    a = evaluate(fw, acts, profile="no_budget_row").indicators["score_share"].to_numpy()
    b = evaluate(scaled, acts, profile="no_budget_row").indicators["score_share"].to_numpy()
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    assert not math.isnan(a.sum())


def test_framework_on_90_points_beside_budget_row_is_not_a_weight_error():
    # a 10号 self-evaluation table: indicators on 90 with the default framework total of 100
    fw = IndicatorFramework((ind("O", "产出", 50, "≥", pv("1", 1)), ind("E", "效益", 40, "≥", pv("1", 1))))
    res = evaluate(fw, {"O": 1, "E": 1}, budget=Budget(1, 1, 1))
    assert "weights_total" not in codes(res) and "points_rescaled" not in codes(res)
    assert res.total == 100


def test_actuals_as_text_mapping():
    # actual values as written in a table, parsed by perfmethods.model.values.parse_value
    res = evaluate(
        _section9_framework(),
        {"P1": "3061人次", "P2": "100%", "P3": "99.06%", "B1": "达成", "S1": "95%"},
        budget=Budget(202.64, 132.912, 132.912),
        mode="self",
    )
    r = rows(res)
    assert r.loc["P1", "points"] == 20 and r.loc["P3", "points"] == 14.86 and r.loc["B1", "points"] == 30
    assert res.total == pytest.approx(10 + 20 + 15 + 14.86 + 30 + 10)


# -- a real published table ------------------------------------------------------------------------------------
def _chizhou_2022() -> tuple[IndicatorFramework, Actuals]:
    """项目支出绩效自评表（2022年度）, 委托业务项目, 池州市贵池区棠溪镇人民政府.

    Source: http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2 (the 10号 layout
    10 + 产出 50 + 效益 30 + 满意度 10, with "a budget row of zeros above a sub-row showing 89.974 spent of
    90"). Rows as printed (target, actual, 分值, 得分). The satisfaction row is cut off in the stored copy: it
    is entered here as met (10 of 10) and marked as an assumption.
    """
    q = "定性"
    fw = IndicatorFramework(
        (
            ind(
                "C1",
                "产出指标(50分)",
                8,
                "≥",
                pv("≥50个", 50, "个", "≥"),
                name="基建工程委托业务项目数量",
                level2="数量指标",
            ),
            ind(
                "C2",
                "产出指标(50分)",
                8,
                "≥",
                pv("≥100百分比", 100, "%", "≥"),
                name="委托业务报告合格率",
                level2="质量指标",
            ),
            ind(
                "C3",
                "产出指标(50分)",
                8,
                q,
                pv("严格执行相关制度规定"),
                name="经费支出合规性",
                level2="质量指标",
            ),
            ind(
                "C4",
                "产出指标(50分)",
                8,
                q,
                pv("在项目计划完成时间内完成"),
                name="提交报告及时性",
                level2="时效指标",
            ),
            ind(
                "C5",
                "产出指标(50分)",
                8,
                "≤",
                pv("≤90万元", 90, "万元", "≤"),
                name="项目总成本",
                level2="成本指标",
            ),
            ind("C6", "产出指标(50分)", 10, q, pv("符合相关规定"), name="单项业务成本", level2="成本指标"),
            ind(
                "E1",
                "效益指标(30分)",
                10,
                q,
                pv("效果明显"),
                name="对维护基建市场公平的影响程度",
                level2="社会效益指标",
            ),
            ind(
                "E2",
                "效益指标(30分)",
                10,
                q,
                pv("效果明显"),
                name="对控制基建项目成本影响程度",
                level2="生态效益指标",
            ),
            ind(
                "E3",
                "效益指标(30分)",
                10,
                q,
                pv("效果明显"),
                name="对推动基建项目“四项制度”健全和落实的持续性影响",
                level2="可持续影响指标",
            ),
            ind(
                "S1",
                "满意度指标(10分)",
                10,
                "≥",
                pv("≥90%", 90, "%", "≥"),
                name="公众满意度（假设）",
                level2="满意度指标",
            ),
        ),
        name="委托业务项目（池州市贵池区棠溪镇 2022）",
        total=100,
    )
    met = "达成预期指标"
    acts = Actuals(
        (
            act("C1", "50", 50),
            act("C2", "100", 100, "%"),
            act("C3", met),
            act("C4", met),
            act("C5", "90", 90, "万元"),
            act("C6", met),
            act("E1", met),
            act("E2", met),
            act("E3", met),
            act("S1", "95%", 95, "%"),
        )
    )
    return fw, acts


@pytest.mark.reference
def test_published_table_chizhou_2022():
    fw, acts = _chizhou_2022()
    printed = {"C1": 8, "C2": 8, "C3": 8, "C4": 8, "C5": 8, "C6": 10, "E1": 10, "E2": 10, "E3": 10}
    # as printed: the project row of the budget is all zeros (执行率 0, 得分 0)
    res = evaluate(fw, acts, budget=Budget(0, 0, 0), profile="central", mode="self")
    r = rows(res)
    for key, points in printed.items():
        assert r.loc[key, "points"] == points, key
    assert r.loc[BUDGET_ROW_ID, "points"] == 0
    assert "budget_zero" in codes(res)  # a data problem, reported, not silent
    assert "self_eval_split" not in codes(res)  # 产出(50分) / 效益(30分) / 满意度(10分) + 10
    assert list(res.levels["points_available"]) == [10, 50, 30, 10]
    assert res.total == 90 and res.grade == "优"
    # with the sub-row's numbers (其中：本年财政拨款, 89.974 spent of 90) the row scores 10 × 99.97 %
    res = evaluate(fw, acts, budget=Budget(90, 90, 89.974), profile="central", mode="self")
    assert rows(res).loc[BUDGET_ROW_ID, "points"] == 10.0  # 9.9971 → 10.00 at 2 decimals
    assert res.budget["rate"] == pytest.approx(0.99971, abs=1e-5)
    res = evaluate(fw, acts, budget=Budget(90, 90, 89.974), profile="integer_down", mode="self")
    assert rows(res).loc[BUDGET_ROW_ID, "points"] == 9  # 9.9971 floored


def test_every_finding_code_has_a_report_category():
    # Contract: a finding the report could not place would fall out of its sections.
    from perfmethods.evaluation.finding_templates import FINDING_TEMPLATES, finding_category
    from perfmethods.indicators.point_shares import POINT_SHARE_TEMPLATES

    emitted = set(FINDING_TEMPLATES) | set(POINT_SHARE_TEMPLATES) | {"survey_sample_small"}
    assert len(emitted) >= 15
    assert {code: finding_category(code) for code in emitted if finding_category(code) == "other"} == {}


def test_findings_frame_is_ordered_by_category():
    fw = IndicatorFramework((ind("A", "产出", 50, "≥", pv("≥10", 10)), ind("B", "效益", 50, "≥", pv("≥10", 10))))
    acts = Actuals((act("A", "20", 20.0), act("B", "5", 5.0, reviewer_score=20, reviewer_reason="复核")))
    frame = evaluate(fw, acts, profile="no_budget_row").findings_frame("en")
    cats = frame["category"].tolist()
    assert cats == sorted(cats, key=["shortfall", "explain", "data", "design", "review", "other"].index)
    assert {"shortfall", "explain", "review"} <= set(cats)

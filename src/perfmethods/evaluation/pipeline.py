"""Evaluate a project: score every indicator, add the budget row, total, grade, recommend, report findings.

:func:`evaluate` applies the scoring rules of 财预〔2020〕10号 (:mod:`perfmethods.indicators.scoring`)
under a locality's conventions (:mod:`perfmethods.indicators.profiles`) and returns an
:class:`EvaluationResult`. It never adjusts silently: every data problem and every judgement call
(over-achievement, a reviewer's override, a mid-year budget cut, weights that do not add up) is a
:class:`~perfmethods.findings.Finding` in both report languages.

Order of work
-------------
1. **Points.** The indicators' points (分值) are rescaled proportionally to ``100 − budget_points``
   (``framework.scaled``), so that indicators plus the budget row total 100 (10号 layout: 10 + 90;
   湖北/保山: 20 + 80; 宁夏: 100 without a budget row). Scores given on the framework's own scale
   (tier scores, panel scores, reviewer scores) are rescaled with it; score *shares* never change.
2. **Actuals.** Reported values come from ``actuals`` (converted to the target's unit when they differ
   by a magnitude prefix: 5万人次 vs 52300人次); computed ones from the budget (``budget_execution``,
   against the profile's basis), the survey (``survey_rate``, ``survey_score``) or the panel.
3. **Formula score** by direction: ≥ :func:`score_positive`, ≤ :func:`score_reverse`,
   = :func:`score_equal`, 区间 :func:`score_range`, 定性 :func:`score_qualitative` (tier and score) or
   the panel's combined score. Missing or unreadable values score 0 (severity ``error``).
4. **Over-achievement** (actual ≥ 1.30 × target) is flagged for explanation; points are deducted only
   when the profile sets a deduction share (default 0: no published table deducted, digest §9).
5. **Reviewer overrides** (复核得分 with a written reason) replace the formula score; both are kept.
6. **Rounding** of each row and of the total as the profile says; **grade** (优/良/中/差) and the
   **budget recommendation** from the profile's results-application table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.indicators.application import BudgetRecommendation, recommend
from perfmethods.indicators.grades import GRADE_LABELS, grade
from perfmethods.model.inputs import (
    Actuals,
    ActualValue,
    Budget,
    PanelScores,
    SurveyResponses,
    parse_tier,
)
from perfmethods.evaluation.panel import PanelResult, combine_panel
from perfmethods.evaluation.survey import SurveyResult, score_survey
from perfmethods.findings import Finding, Severity
from perfmethods.indicators.profiles import LocalityProfile, canonical_level1, get_profile
from perfmethods.indicators.scoring import (
    completion,
    deduct_overachievement,
    flag_overachievement,
    round_points,
    score_equal,
    score_positive,
    score_qualitative,
    score_range,
    score_reverse,
    total_points,
)
from perfmethods.model.framework import Computed, Direction, IndicatorFramework
from perfmethods.model.values import ParsedValue
from perfmethods.provenance import Rule
from perfmethods.results import json_scalar as _clean, json_records as _records

__all__ = ["BUDGET_ROW_ID", "MODES", "EvaluationResult", "compare_profiles", "evaluate"]

#: Evaluation modes of 10号 and their accepted spellings.
MODES: dict[str, str] = {
    "self": "self",
    "单位自评": "self",
    "自评": "self",
    "self-evaluation": "self",
    "department": "department",
    "部门评价": "department",
    "部门": "department",
    "finance": "finance",
    "财政评价": "finance",
    "财政": "finance",
}

#: Id of the budget-execution row in :attr:`EvaluationResult.indicators`.
BUDGET_ROW_ID = "budget_execution"

_MODE_ZH = {"self": "单位自评", "department": "部门评价", "finance": "财政评价"}
_TOL = 1e-9

_INDICATOR_COLUMNS = [
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
    "target_value",
    "actual_value",
    "reviewer_reason",
    "rule",
]

#: Finding codes of :func:`evaluate` grouped as an evaluation report discusses them.
FINDING_CATEGORIES: dict[str, tuple[str, ...]] = {
    # targets not met (扣分事项)
    "shortfall": ("unmet_target",),
    # results the unit must explain (需说明事项)
    "explain": ("overachievement",),
    # data that cannot be trusted as they stand (数据质量)
    "data": ("missing_actual", "actual_not_numeric", "target_not_numeric", "unit_mismatch", "missing_budget",
             "budget_zero", "overspending", "weights_total", "panel_unused", "survey_sample_small",
             "total_capped", "evaluator_outlier"),
    # how the indicator system is set up (指标设置)
    "design": ("output_benefit_share", "self_eval_split"),
    # reviewers' decisions and adjustments, for the record (复核与调整)
    "review": ("reviewer_override", "budget_adjusted", "budget_in_framework", "points_rescaled"),
}


def finding_category(code: str) -> str:
    """The report category of a finding code (``"other"`` for a code not listed)."""
    for category, codes in FINDING_CATEGORIES.items():
        if code in codes:
            return category
    return "other"


_PLOT_LABELS = {
    "zh": {
        "available": "分值",
        "awarded": "得分",
        "x": "分",
        "title": "一级指标得分",
        "total": "总分",
        "sum": "合计",
    },
    "en": {
        "available": "Points available",
        "awarded": "Points awarded",
        "x": "points",
        "title": "Points by level-1 indicator",
        "total": "Total",
        "sum": "Total",
    },
}
_LEVEL1_EN = {
    "决策": "Decision",
    "过程": "Process",
    "产出": "Outputs",
    "效益": "Outcomes",
    "成本": "Cost",
    "满意度": "Satisfaction",
    "预算执行率": "Budget execution",
}


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if math.isfinite(x) else "—"


@dataclass(frozen=True)
class EvaluationResult:
    """The evaluation of one project.

    Attributes
    ----------
    indicators : one row per scored row (the budget-execution row first, id ``"budget_execution"``,
        when the profile has one; then the leaves in framework order). Columns: ``id``, ``level1``,
        ``level2``, ``name``, ``direction``, ``target_text``, ``actual_text``, ``unit``, ``completion``
        (actual/target for ≥ and =, target/actual for ≤, NaN for 定性), ``points_available``,
        ``formula_points`` (rounded), ``reviewer_points`` (NaN when no override), ``points`` (awarded,
        rounded), ``score_share`` (unrounded awarded / available), ``flags`` (tuple of finding codes),
        ``target_value``, ``actual_value`` (the numbers compared, in the target's unit),
        ``reviewer_reason`` and ``rule`` (positive / reverse / equal / range / qualitative / panel /
        budget_execution / missing).
    levels : level-1 points available and awarded, in framework order (budget row first).
    budget : original, adjusted, executed, rate_adjusted, rate_original, basis, rate, points,
        points_available, unit — ``None`` when no budget was given.
    total : total score (0–100) after the profile's rounding.
    grade : 优 / 良 / 中 / 差.
    recommendation : next-year budget recommendation.
    findings : what the checks found.
    panel, survey : the combined panel and scored survey, when given.
    profile : the locality profile used.
    mode : ``"self"``, ``"department"`` or ``"finance"``.
    framework_name : the framework's name.
    """

    indicators: pd.DataFrame
    levels: pd.DataFrame
    budget: dict[str, Any] | None
    total: float
    grade: str
    recommendation: BudgetRecommendation
    findings: tuple[Finding, ...]
    panel: PanelResult | None
    survey: SurveyResult | None
    profile: LocalityProfile
    mode: str
    framework_name: str = ""

    @property
    def grade_en(self) -> str:
        return GRADE_LABELS[self.grade]["en"]

    def findings_frame(self, language: str = "zh") -> pd.DataFrame:
        """The findings as a tidy table in one language, with their ``category`` (see :data:`FINDING_CATEGORIES`).

        Rows are ordered by category (shortfall, explain, data, design, review), then as found.
        """
        from perfmethods.findings import findings_frame

        frame = findings_frame(self.findings, language)
        frame.insert(0, "category", [finding_category(c) for c in frame["code"]])
        order = {name: i for i, name in enumerate(FINDING_CATEGORIES)}
        return frame.sort_values("category", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)

    def summary(self, language: str = "zh") -> pd.DataFrame:
        """Tidy table: one row per level-1 indicator (budget row first) and a total row.

        Columns: ``level1``, ``points_available``, ``points``, ``score_share``, ``n_indicators``.
        """
        total = pd.DataFrame(
            [
                {
                    "level1": _PLOT_LABELS["en" if language == "en" else "zh"]["sum"],
                    "points_available": float(self.levels["points_available"].sum()),
                    "points": self.total,
                    "score_share": self.total / float(self.levels["points_available"].sum()),
                    "n_indicators": int(self.levels["n_indicators"].sum()),
                }
            ]
        )
        return pd.concat([self.levels, total], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (``json.dumps(result.to_dict())`` works; NaN is ``None``)."""
        return {
            "framework_name": self.framework_name,
            "mode": self.mode,
            "total": _clean(float(self.total)),
            "grade": self.grade,
            "grade_en": self.grade_en,
            "recommendation": self.recommendation.to_dict(),
            "indicators": _records(self.indicators),
            "levels": _records(self.levels),
            "budget": None if self.budget is None else {k: _clean(v) for k, v in self.budget.items()},
            "findings": [f.to_dict() for f in self.findings],
            "panel": None if self.panel is None else self.panel.to_dict(),
            "survey": None if self.survey is None else self.survey.to_dict(),
            "profile": self.profile.to_dict(),
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Horizontal bars of points awarded against points available by level-1 indicator.

        Fonts are not set here: :mod:`perfmethods.reporting` registers the CJK font. Returns the Axes.
        """
        import matplotlib.pyplot as plt
        import seaborn as sns

        if language not in _PLOT_LABELS:
            raise InputError(
                f"The 'language' parameter of plot must be 'zh' or 'en'; got {language!r} instead."
            )
        labels = _PLOT_LABELS[language]
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.5 * len(self.levels) + 1.4))
        names = [
            (_LEVEL1_EN.get(canonical_level1(n), n) if language == "en" else n) for n in self.levels["level1"]
        ]
        palette = sns.color_palette()
        y = np.arange(len(names))
        ax.barh(y, self.levels["points_available"], color="0.85", label=labels["available"])
        ax.barh(y, self.levels["points"], height=0.5, color=palette[0], label=labels["awarded"])
        for yi, (got, avail) in enumerate(
            zip(self.levels["points"], self.levels["points_available"], strict=True)
        ):
            ax.text(avail, yi, f" {got:g} / {avail:g}", va="center", fontsize="small")
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlabel(labels["x"])
        ax.set_title(
            f"{labels['title']} ({labels['total']} {self.total:g}, "
            f"{self.grade if language == 'zh' else self.grade_en})"
        )
        ax.set_xlim(0, float(self.levels["points_available"].max()) * 1.25)
        ax.legend(loc="lower right", fontsize="small")
        sns.despine(ax=ax)
        return ax


# -- input coercion ------------------------------------------------------------------------------------
def _as_actuals(actuals: Actuals | Mapping[str, object] | None) -> Actuals:
    if actuals is None:
        return Actuals(())
    if isinstance(actuals, Actuals):
        return actuals
    if isinstance(actuals, Mapping):
        return Actuals.from_mapping(actuals)
    raise InputError(
        f"The 'actuals' parameter of evaluate must be an Actuals or a mapping of indicator id to "
        f"actual value; got {type(actuals).__name__} instead."
    )


def _as_rate(rate: float, target: ParsedValue) -> float:
    """A rate (fraction) on the target's scale: percent when the target is written in % or above 1."""
    if target.unit == "%" or (target.value is not None and target.value > 1.0):
        return rate * 100.0
    return rate


# -- findings --------------------------------------------------------------------------------------------
def _f(
    code: str,
    severity: Severity,
    zh: str,
    en: str,
    indicator: str | None = None,
    szh: str = "",
    sen: str = "",
) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        message_zh=zh,
        message_en=en,
        indicator_id=indicator,
        suggestion_zh=szh,
        suggestion_en=sen,
    )


def evaluate(
    framework: IndicatorFramework,
    actuals: Actuals | Mapping[str, object] | None,
    *,
    budget: Budget | None = None,
    panel: PanelScores | None = None,
    survey: SurveyResponses | SurveyResult | None = None,
    profile: str | LocalityProfile = "central",
    mode: str = "finance",
) -> EvaluationResult:
    """Evaluate a project against its indicator framework.

    Parameters
    ----------
    framework : the indicator framework (targets, points, directions).
    actuals : reported actual values (:class:`~perfmethods.model.inputs.Actuals`, or a mapping
        ``{indicator id: "52场" | 52 | ParsedValue | ActualValue}``); qualitative indicators take a tier
        (达成 / 部分达成 / 未达成) and optionally a score; any row may carry a reviewer's score with a reason.
    budget : the project budget (年初预算数, 全年预算数, 全年执行数); needed for the budget row and for
        indicators computed as ``budget_execution``.
    panel : evaluators' scores, combined by group (:func:`~perfmethods.evaluation.panel.combine_panel`);
        used for indicators computed as ``panel`` and for qualitative indicators without a tier.
    survey : the satisfaction survey (responses or an already scored :class:`SurveyResult`); used for
        indicators computed as ``survey_rate`` (满意率) or ``survey_score`` (mean Likert score).
    profile : a locality profile or its name (:func:`~perfmethods.indicators.profiles.list_profiles`).
    mode : ``"self"`` (单位自评), ``"department"`` (部门评价) or ``"finance"`` (财政评价); sets the
        weight checks (self: 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10; department and finance:
        产出 + 效益 ≥ 60 %).

    Returns
    -------
    EvaluationResult

    Raises
    ------
    InputError : actuals for unknown indicators; a reviewer's or evaluator's score above the indicator's
        points; a qualitative score outside its tier.

    Notes
    -----
    Sources: 财预〔2020〕10号 and the budget-system rules (digest §1.2, §1.5, §1.6, §1.9), the practice of
    published tables (§9), survey practice (§4.5). Each constant's provenance is in the profile
    (``result.profile.to_frame()``).
    """
    prof = get_profile(profile)
    mode_key = MODES.get(str(mode).strip().lower()) or MODES.get(str(mode).strip())
    if mode_key is None:
        raise InputError(
            f"The 'mode' parameter of evaluate must be 'self', 'department' or 'finance' (单位自评 / "
            f"部门评价 / 财政评价); got {mode!r} instead."
        )
    if not isinstance(framework, IndicatorFramework):
        raise InputError(
            f"The 'framework' parameter of evaluate must be an IndicatorFramework; got "
            f"{type(framework).__name__} instead."
        )
    acts = _as_actuals(actuals)
    if budget is not None and not isinstance(budget, Budget):
        raise InputError(
            f"The 'budget' parameter of evaluate must be a Budget or None; got {type(budget).__name__} "
            "instead."
        )
    if panel is not None and not isinstance(panel, PanelScores):
        raise InputError(
            f"The 'panel' parameter of evaluate must be a PanelScores or None; got "
            f"{type(panel).__name__} instead."
        )
    known = set(framework.ids)
    unknown = [i for i in acts.ids if i not in known]
    if unknown:
        raise InputError(
            f"actual values are given for indicators {unknown} that are not in the framework "
            f"{framework.name!r}; check the ids ({list(framework.ids)})",
            location={"file": acts.source or None},
        )

    findings: list[Finding] = []
    inds = framework.indicators
    ids = np.array(framework.ids, dtype=object)
    n = len(inds)
    bp = prof.budget_points.value
    budget_leaves = [ind.id for ind in inds if ind.computed is Computed.BUDGET_EXECUTION]
    if bp is not None and budget_leaves:
        # Department and finance frameworks (10号 附件1) score 预算执行率 inside 过程/资金管理; the separate
        # budget row belongs to the self-evaluation table layout. Counting execution twice would be wrong,
        # so the framework's own indicator wins and the report says so.
        prof = replace(prof, budget_points=Rule(
            None, prof.budget_points.provenance, prof.budget_points.source,
            note=f"budget execution scored inside the framework ({', '.join(budget_leaves)})"))
        findings.append(
            _f(
                "budget_in_framework",
                Severity.INFO,
                f"预算执行率作为指标 {'、'.join(budget_leaves)} 在指标体系内计分，不再单列 {bp:g} 分的预算执行行。",
                f"Budget execution is scored inside the framework as {', '.join(budget_leaves)}; the profile's "
                f"separate {bp:g}-point budget row is not added.",
                indicator=budget_leaves[0],
            )
        )
        bp = None

    # 1. points ------------------------------------------------------------------------------------------
    w_orig = framework.points().to_numpy(dtype=float)
    w_sum = float(w_orig.sum())
    if w_sum <= 0:
        raise InputError("all indicator points (分值) are zero", location={"file": framework.source or None})
    target_total = prof.indicator_points
    factor = target_total / w_sum
    level_sums = framework.level_points(1)
    # a framework already on the profile's indicator scale (e.g. 90 beside a 10-point budget row) is fine
    if abs(w_sum - framework.total) > 1e-6 and abs(w_sum - target_total) > 1e-6:
        parts = "、".join(f"{k} {v:g}" for k, v in level_sums.items())
        parts_en = ", ".join(f"{k} {v:g}" for k, v in level_sums.items())
        findings.append(
            _f(
                "weights_total",
                Severity.WARNING,
                f"一级指标分值合计 {w_sum:g} 分（{parts}），与指标体系总分 {framework.total:g} 分不一致；"
                f"已按比例折算为 {target_total:g} 分计分。",
                f"The level-1 points add up to {w_sum:g} ({parts_en}), not to the framework's total of "
                f"{framework.total:g}; the points were rescaled proportionally to {target_total:g}.",
                szh="核对指标体系的分值设置，使各级分值之和等于总分。",
                sen="Check the framework's points so that they add up to its total.",
            )
        )
    elif abs(factor - 1.0) > _TOL:
        findings.append(
            _f(
                "points_rescaled",
                Severity.INFO,
                f"指标分值由 {w_sum:g} 分按比例折算为 {target_total:g} 分"
                + (f"，预算执行率单列 {bp:g} 分。" if bp is not None else "。"),
                f"Indicator points were rescaled from {w_sum:g} to {target_total:g}"
                + (f"; budget execution is a separate {bp:g}-point row." if bp is not None else "."),
            )
        )
    available = w_orig * factor

    # budget -----------------------------------------------------------------------------------------------
    basis = prof.execution_basis.value
    budget_info: dict[str, Any] | None = None
    basis_rate = math.nan
    if budget is not None:
        rate_adj = budget.executed / budget.adjusted if budget.adjusted > 0 else math.nan
        rate_orig = budget.executed / budget.original if budget.original > 0 else math.nan
        basis_rate = rate_adj if basis == "adjusted" else rate_orig
        basis_amount = budget.adjusted if basis == "adjusted" else budget.original
        budget_info = {
            "original": budget.original,
            "adjusted": budget.adjusted,
            "executed": budget.executed,
            "rate_adjusted": rate_adj,
            "rate_original": rate_orig,
            "basis": basis,
            "rate": basis_rate,
            "points": None,
            "points_available": None if bp is None else float(bp),
            "unit": budget.unit,
        }
        basis_zh = "全年预算数" if basis == "adjusted" else "年初预算数"
        if basis_amount <= 0:
            findings.append(
                _f(
                    "budget_zero",
                    Severity.ERROR,
                    f"{basis_zh}为 0，无法计算预算执行率（全年执行数 {budget.executed:g} {budget.unit}）。",
                    f"The {'adjusted' if basis == 'adjusted' else 'original'} budget is 0: the execution rate cannot be "
                    f"computed (executed {budget.executed:g} {budget.unit}).",
                    szh="填写预算数；若预算列在“其中”子行，请汇总到项目行。",
                    sen="Fill in the budget; if it is on a sub-row (其中…), carry it to the project row.",
                )
            )
        elif basis_rate > 1.0 + _TOL:
            findings.append(
                _f(
                    "overspending",
                    Severity.WARNING,
                    f"全年执行数 {budget.executed:g} {budget.unit} 超过{basis_zh} {basis_amount:g} {budget.unit}，"
                    f"执行率 {basis_rate:.2%}。",
                    f"Spending of {budget.executed:g} {budget.unit} exceeds the budget of {basis_amount:g} {budget.unit} "
                    f"(execution rate {basis_rate:.2%}).",
                    szh="说明超预算支出的原因及资金来源。",
                    sen="Explain the overspending and where the extra funds came from.",
                )
            )
        if abs(budget.adjusted - budget.original) > 1e-9:
            findings.append(
                _f(
                    "budget_adjusted",
                    Severity.INFO,
                    f"年中预算调整：年初预算数 {budget.original:g}，全年预算数 {budget.adjusted:g} {budget.unit}；"
                    f"执行率按全年预算数为 {_pct(rate_adj)}，按年初预算数为 {_pct(rate_orig)}"
                    f"（计分口径：{basis_zh}）。",
                    f"The budget was changed in the year: original {budget.original:g}, adjusted {budget.adjusted:g} "
                    f"{budget.unit}; the execution rate is {_pct(rate_adj)} against the adjusted budget and "
                    f"{_pct(rate_orig)} against the original (scored against the {basis} budget).",
                    szh="在报告中说明预算调整的原因。",
                    sen="Explain the budget change in the report.",
                )
            )

    # survey and panel ----------------------------------------------------------------------------------
    survey_res: SurveyResult | None
    if survey is None or isinstance(survey, SurveyResult):
        survey_res = survey
    elif isinstance(survey, SurveyResponses):
        survey_res = score_survey(survey)
    else:
        raise InputError(
            f"The 'survey' parameter of evaluate must be SurveyResponses, a SurveyResult or None; got "
            f"{type(survey).__name__} instead."
        )
    panel_res = (
        combine_panel(panel, dict(zip(framework.ids, w_orig, strict=True))) if panel is not None else None
    )
    panel_scores = panel_res.combined if panel_res is not None else pd.Series(dtype=float)

    # 2. resolve actuals -------------------------------------------------------------------------------
    direction = np.array([ind.direction.value for ind in inds], dtype=object)
    rule = np.array(["missing"] * n, dtype=object)
    a_val = np.full(n, np.nan)
    t_val = np.full(n, np.nan)
    u_val = np.full(n, np.nan)
    tiers = np.array([None] * n, dtype=object)
    top_tier_lower = max(lo for _, lo, _ in prof.tier_bounds)
    tier_scores = np.full(n, np.nan)
    panel_share = np.full(n, np.nan)
    reviewer = np.full(n, np.nan)
    reasons = np.array([""] * n, dtype=object)
    notes = [""] * n
    actual_text = [""] * n
    problems: dict[int, Finding] = {}
    by_id = {v.indicator_id: v for v in acts.values}
    used_panel: set[str] = set()

    for k, ind in enumerate(inds):
        av: ActualValue | None = by_id.get(ind.id)
        if av is not None:
            actual_text[k] = av.value.text
            notes[k] = av.note
            if av.reviewer_score is not None:
                if av.reviewer_score > w_orig[k] * (1 + _TOL) + _TOL:
                    raise InputError(
                        f"the reviewer's score {av.reviewer_score:g} exceeds the indicator's "
                        f"{w_orig[k]:g} points (分值)",
                        location={"indicator": ind.id},
                    )
                reviewer[k] = av.reviewer_score
                reasons[k] = av.reviewer_reason
        target = ind.target
        quantitative = not ind.is_qualitative and ind.computed is not Computed.PANEL
        if quantitative:
            tv = target.value
            if ind.computed is Computed.BUDGET_EXECUTION and tv is None:
                target = ParsedValue("100%", "≥", 100.0, None, "%")  # the usual target: execute all of it
                tv = 100.0
            if tv is None or (ind.direction is Direction.RANGE and target.upper is None):
                problems[k] = _f(
                    "target_not_numeric",
                    Severity.ERROR,
                    f"定量指标“{ind.name}”（{ind.direction.value}）的指标值“{target.text}”不是数值"
                    + ("（区间指标需上下限）" if ind.direction is Direction.RANGE else "")
                    + "，无法按公式计分，记 0 分。",
                    f"The target '{target.text}' of quantitative indicator '{ind.name}' ({ind.direction.value}) is not "
                    "a number"
                    + (" (a range needs two bounds)" if ind.direction is Direction.RANGE else "")
                    + "; it cannot be scored by formula and scores 0.",
                    ind.id,
                    "填写数值指标值，或将该指标改为定性指标，或给出复核得分及理由。",
                    "Give a numeric target, make the indicator qualitative, or give a reviewer's score with a reason.",
                )
                rule[k] = "missing"
                continue
            t_val[k] = tv
            u_val[k] = np.nan if target.upper is None else target.upper
        # the actual value
        if ind.computed is Computed.BUDGET_EXECUTION:
            if budget is None or not math.isfinite(basis_rate):
                problems[k] = _missing(
                    ind.id,
                    ind.name,
                    "未提供预算数据（或预算数为 0），无法计算预算执行率",
                    "no budget (or a zero budget) was given, so the execution rate is unknown",
                )
                continue
            a_val[k] = _as_rate(basis_rate, target)
            actual_text[k] = f"{basis_rate:.2%}"
            rule[k] = _direction_rule(ind.direction)
            continue
        if ind.computed in (Computed.SURVEY_RATE, Computed.SURVEY_SCORE):
            if survey_res is None:
                problems[k] = _missing(
                    ind.id, ind.name, "未提供满意度调查数据", "no satisfaction survey was given"
                )
                continue
            if ind.computed is Computed.SURVEY_RATE:
                a_val[k] = _as_rate(survey_res.satisfaction_rate, target)
                actual_text[k] = f"{survey_res.satisfaction_rate:.2%}"
            else:
                a_val[k] = survey_res.overall_score
                actual_text[k] = f"{survey_res.overall_score:.2f}"
            rule[k] = _direction_rule(ind.direction)
            continue
        if ind.computed is Computed.PANEL or (
            ind.is_qualitative
            and ind.id in panel_scores.index
            and (av is None or (av.tier is None and av.tier_score is None and _tier_of(av) is None))
        ):
            if ind.id not in panel_scores.index:
                problems[k] = _missing(
                    ind.id, ind.name, "评价组未对该指标评分", "the evaluator panel did not score it"
                )
                continue
            used_panel.add(ind.id)
            combined = float(panel_scores[ind.id])
            panel_share[k] = combined / w_orig[k] if w_orig[k] > 0 else np.nan
            actual_text[k] = actual_text[k] or f"评价组 {combined:.2f} / {w_orig[k]:g}"
            rule[k] = "panel"
            if (
                not ind.is_qualitative
                and av is not None
                and av.value.value is not None
                and target.value is not None
            ):
                a_val[k] = _converted(av.value, target, ind.id)[0]
            continue
        if ind.is_qualitative:
            tier = None if av is None else (av.tier or _tier_of(av))
            score = None if av is None else av.tier_score
            if tier is None and score is None:
                problems[k] = _missing(
                    ind.id,
                    ind.name,
                    "未给出定性评价档次（达成 / 部分达成 / 未达成）或得分",
                    "no qualitative tier (achieved / partly achieved / not achieved) or score was given",
                )
                continue
            tiers[k] = tier
            tier_scores[k] = np.nan if score is None else score
            if tier is not None:
                actual_text[k] = actual_text[k] or tier
            rule[k] = "qualitative"
            continue
        # a reported quantitative actual
        if av is None or av.value.is_missing:
            problems[k] = _missing(ind.id, ind.name, "未填报实际完成值", "no actual value was reported")
            continue
        if av.value.value is None:
            problems[k] = _f(
                "actual_not_numeric",
                Severity.ERROR,
                f"定量指标“{ind.name}”的实际完成值“{av.value.text}”不是数值，无法按公式计分，记 0 分。",
                f"The actual value '{av.value.text}' of quantitative indicator '{ind.name}' is not a number; it "
                "cannot be scored by formula and scores 0.",
                ind.id,
                "填写数值实际完成值，或给出复核得分及理由。",
                "Report a numeric actual value, or give a reviewer's score with a reason.",
            )
            continue
        value, problem = _converted(av.value, target, ind.id)
        if problem is not None:
            problems[k] = problem
            continue
        a_val[k] = value
        rule[k] = _direction_rule(ind.direction)

    # 3. formula shares (vectorised by rule) ------------------------------------------------------------
    share = np.zeros(n)
    for name, func in (("positive", score_positive), ("reverse", score_reverse), ("equal", score_equal)):
        m = rule == name
        if m.any():
            share[m] = func(a_val[m], t_val[m], 1.0, ids=ids[m])
    m = rule == "range"
    if m.any():
        share[m] = score_range(a_val[m], t_val[m], u_val[m], 1.0, ids=ids[m])
    m = rule == "qualitative"
    if m.any():
        pts = score_qualitative(
            tiers[m],
            tier_scores[m],
            w_orig[m],
            tiers=prof.tier_bounds,
            default_shares=prof.default_shares,
            ids=ids[m],
        )
        share[m] = np.divide(pts, w_orig[m], out=np.zeros(int(m.sum())), where=w_orig[m] > 0)
    m = rule == "panel"
    share[m] = np.nan_to_num(panel_share[m])
    formula_share = share.copy()
    formula = share * available

    # 4. over-achievement ---------------------------------------------------------------------------------
    quant = np.isin(rule, ["positive", "equal"])
    over = np.zeros(n, dtype=bool)
    if quant.any():
        over[quant] = flag_overachievement(
            a_val[quant],
            t_val[quant],
            ratio=float(prof.overachievement_ratio.value),
            zero_target_min=float(prof.overachievement_zero_target.value),
        )
    deduction = float(prof.overachievement_deduction.value)
    if deduction > 0 and over.any():
        formula = np.asarray(deduct_overachievement(formula, over, available, deduction))

    # 5. reviewer overrides -------------------------------------------------------------------------------
    reviewer_pts = reviewer * factor
    final = np.where(np.isnan(reviewer_pts), formula, reviewer_pts)

    # 6. rounding -------------------------------------------------------------------------------------------
    rmode, dec = prof.rounding.value, int(prof.decimals.value)
    comp = completion(direction, a_val, t_val, u_val)
    flags: list[list[str]] = [[] for _ in range(n)]

    # per-indicator findings ----------------------------------------------------------------------------
    ratio = float(prof.overachievement_ratio.value)
    for k, ind in enumerate(inds):
        if k in problems:
            problem = problems[k]
            if not np.isnan(reviewer[k]):  # the reviewer's score stands in for the formula
                problem = replace(
                    problem,
                    severity=Severity.WARNING,
                    message_zh=problem.message_zh.replace(
                        "记 0 分。", f"已采用复核得分 {_fmt(reviewer_pts[k])} 分。"
                    ),
                    message_en=problem.message_en.replace(
                        "scores 0.", f"the reviewer's score {_fmt(reviewer_pts[k])} is used."
                    ),
                )
            findings.append(problem)
            flags[k].append(problem.code)
        if over[k]:
            flags[k].append("overachievement")
            explained = bool(notes[k].strip())
            pct = _pct(comp[k]) if math.isfinite(comp[k]) else f"{_fmt(a_val[k])}（指标值 0）"
            ded_zh = f"按偏离度扣减 {deduction:.0%} 分值。" if deduction > 0 else "未扣分。"
            ded_en = (
                f"{deduction:.0%} of the points were deducted."
                if deduction > 0
                else "No points were deducted."
            )
            findings.append(
                _f(
                    "overachievement",
                    Severity.INFO if explained else Severity.WARNING,
                    f"“{ind.name}”实际完成值 {_fmt(a_val[k])} 为指标值 {_fmt(t_val[k])} 的 {pct}，超计划较大"
                    f"（≥{ratio:.0%}），{ded_zh}"
                    + (f"单位说明：{notes[k]}" if explained else "需说明原因。"),
                    f"'{ind.name}': the actual {_fmt(a_val[k])} is {pct} of the target {_fmt(t_val[k])}, well above plan "
                    f"(≥{ratio:.0%}). {ded_en} "
                    + (f"The unit's explanation: {notes[k]}" if explained else "An explanation is needed."),
                    ind.id,
                    "" if explained else "说明超计划原因：是否年初指标值设定明显偏低（10号要求分析原因）。",
                    ""
                    if explained
                    else "Explain why: was the target set too low at the start of the year "
                    "(10号 asks for the reason)?",
                )
            )
        graded = rule[k] in ("panel", "qualitative")
        # A graded (qualitative or panel) indicator scored inside the top tier (达成, ≥ 80 % of its points)
        # has met its target in the 10号 sense; only a lower tier is a shortfall worth a finding.
        shortfall_limit = top_tier_lower if graded else 1.0
        if rule[k] != "missing" and w_orig[k] > 0 and formula_share[k] < shortfall_limit - _TOL:
            flags[k].append("unmet_target")
            tier_name = tiers[k] or (_tier_of_share(formula_share[k], prof.tier_bounds) if graded else None)
            detail_zh = (
                f"完成率 {_pct(comp[k])}"
                if math.isfinite(comp[k])
                else f"得分率 {_pct(formula_share[k])}，属“{tier_name}”档"
            )
            detail_en = (
                f"completion {_pct(comp[k])}"
                if math.isfinite(comp[k])
                else f"{_pct(formula_share[k])} of the points, tier '{_TIER_EN.get(tier_name, tier_name)}'"
            )
            explained = bool(notes[k].strip())
            findings.append(
                _f(
                    "unmet_target",
                    Severity.WARNING,
                    f"“{ind.name}”未完全达成指标值 {ind.target.text or '—'}（实际 {actual_text[k] or '—'}，{detail_zh}），"
                    f"按公式得 {_fmt(float(round_points(formula_share[k] * available[k], rmode, dec)))} / "
                    f"{_fmt(available[k])} 分。" + (f"偏差原因：{notes[k]}" if explained else ""),
                    f"'{ind.name}' fell short of its target {ind.target.text or '—'} (actual {actual_text[k] or '—'}, "
                    f"{detail_en}); the formula gives {_fmt(float(round_points(formula_share[k] * available[k], rmode, dec)))}"
                    f" of {_fmt(available[k])} points." + (f" Reason given: {notes[k]}" if explained else ""),
                    ind.id,
                    "" if explained else "说明偏差原因及改进措施。",
                    "" if explained else "Explain the shortfall and what will be done about it.",
                )
            )
        if not np.isnan(reviewer[k]):
            flags[k].append("reviewer_override")
            findings.append(
                _f(
                    "reviewer_override",
                    Severity.INFO,
                    f"“{ind.name}”复核得分 {_fmt(reviewer_pts[k])} 分，公式得分 "
                    f"{_fmt(float(round_points(formula[k], rmode, dec)))} 分；复核说明：{reasons[k]}",
                    f"'{ind.name}': the reviewer's score {_fmt(reviewer_pts[k])} replaces the formula score "
                    f"{_fmt(float(round_points(formula[k], rmode, dec)))}; reason: {reasons[k]}",
                    ind.id,
                )
            )
        if rule[k] == "panel":
            flags[k].append("panel")
        if ind.computed is not None:
            flags[k].append(f"computed:{ind.computed.value}")
    if panel_res is not None:
        unused = [i for i in panel_res.scores["indicator_id"] if i not in used_panel]
        if unused:
            findings.append(
                _f(
                    "panel_unused",
                    Severity.INFO,
                    f"评价组对指标 {unused} 的评分未用于计分（这些指标按填报值计分）。",
                    f"The panel's scores for {unused} were not used (those indicators are scored from reported values).",
                    szh="如需以评价组评分计分，将指标的计算来源设为 panel。",
                    sen="Mark the indicators computed=panel to score them from the panel.",
                )
            )

    # rows ------------------------------------------------------------------------------------------------
    rows = pd.DataFrame(
        {
            "id": list(framework.ids),
            "level1": [i.level1 for i in inds],
            "level2": [i.level2 for i in inds],
            "name": [i.name for i in inds],
            "direction": direction,
            "target_text": [i.target.text for i in inds],
            "actual_text": actual_text,
            "unit": [i.unit for i in inds],
            "completion": comp,
            "points_available": available,
            "formula_points": np.asarray(round_points(formula, rmode, dec)),
            "reviewer_points": np.asarray(round_points(reviewer_pts, rmode, dec)),
            "points": np.asarray(round_points(final, rmode, dec)),
            "score_share": np.divide(final, available, out=np.full(n, np.nan), where=available > 0),
            "flags": [tuple(f) for f in flags],
            "target_value": t_val,
            "actual_value": a_val,
            "reviewer_reason": reasons,
            "rule": rule,
        }
    )
    finals = list(final)
    level_of = [i.level1 for i in inds]

    if bp is not None:
        if budget is None or not math.isfinite(basis_rate):
            if budget is None:
                findings.insert(
                    0,
                    _f(
                        "missing_budget",
                        Severity.ERROR,
                        f"未提供预算执行数据，预算执行率（{bp:g} 分）记 0 分。",
                        f"No budget was given: the budget-execution row ({bp:g} points) scores 0.",
                        szh="提供年初预算数、全年预算数和全年执行数。",
                        sen="Give the original budget, the adjusted budget and the amount executed.",
                    ),
                )
            b_share, b_rate = 0.0, math.nan
        else:
            b_rate = basis_rate
            b_share = min(basis_rate, 1.0)
        b_points = b_share * bp
        budget_row = pd.DataFrame(
            [
                {
                    "id": BUDGET_ROW_ID,
                    "level1": "预算执行率",
                    "level2": "预算执行率",
                    "name": "预算执行率",
                    "direction": Direction.POSITIVE.value,
                    "target_text": "100%",
                    "actual_text": "" if not math.isfinite(b_rate) else f"{b_rate:.2%}",
                    "unit": "%",
                    "completion": b_rate,
                    "points_available": float(bp),
                    "formula_points": float(round_points(b_points, rmode, dec)),
                    "reviewer_points": np.nan,
                    "points": float(round_points(b_points, rmode, dec)),
                    "score_share": b_share,
                    "flags": ("budget_row",)
                    + (("missing_budget",) if budget is None else ())
                    + (("overspending",) if math.isfinite(b_rate) and b_rate > 1 + _TOL else ()),
                    "target_value": 100.0,
                    "actual_value": b_rate * 100 if math.isfinite(b_rate) else np.nan,
                    "reviewer_reason": "",
                    "rule": "budget_execution",
                }
            ]
        )
        rows = pd.concat([budget_row, rows], ignore_index=True)
        finals = [b_points, *finals]
        level_of = ["预算执行率", *level_of]
        if budget_info is not None:
            budget_info["points"] = float(round_points(b_points, rmode, dec))

    # total, levels -----------------------------------------------------------------------------------------
    from_rounded = bool(prof.total_from_rounded_rows.value)
    total = total_points(np.asarray(finals), rmode, dec, from_rounded_rows=from_rounded)
    if total > 100.0 + _TOL:  # rows rounded up past non-grid points available (e.g. 90/7 each)
        findings.append(
            _f(
                "total_capped",
                Severity.INFO,
                f"各行四舍五入后合计 {total:g} 分，超过 100 分，按 100 分计。",
                f"The rounded rows add up to {total:g}, above 100; the total is capped at 100.",
            )
        )
    total = min(max(total, 0.0), 100.0)
    levels = _levels(rows, finals, level_of, rmode, dec, from_rounded)

    # mode checks -----------------------------------------------------------------------------------------
    findings[0:0] = _weight_checks(framework, w_orig, mode_key, prof, levels, rows)

    if survey_res is not None:
        findings.extend(survey_res.findings)

    g = str(grade(total, prof.grade_bands.value))
    rec = recommend(
        g,
        None if budget is None else budget.adjusted,
        budget.unit if budget is not None else "万元",
        prof.application.value,
    )
    return EvaluationResult(
        indicators=rows[_INDICATOR_COLUMNS],
        levels=levels,
        budget=budget_info,
        total=total,
        grade=g,
        recommendation=rec,
        findings=tuple(findings),
        panel=panel_res,
        survey=survey_res,
        profile=prof,
        mode=mode_key,
        framework_name=framework.name,
    )


_PROFILE_COLUMNS = [
    "profile",
    "rounding",
    "decimals",
    "total_from_rounded_rows",
    "budget_points",
    "budget_row_points_available",
    "budget_row_points",
    "total",
    "grade",
    "grade_en",
]


def compare_profiles(
    framework: IndicatorFramework,
    actuals: Actuals | Mapping[str, object] | None,
    *,
    budget: Budget | None = None,
    panel: PanelScores | None = None,
    survey: SurveyResponses | SurveyResult | None = None,
    profiles: Sequence[str | LocalityProfile] | None = None,
    mode: str = "finance",
) -> pd.DataFrame:
    """Evaluate the same project under several locality profiles: one row per profile.

    Shows how much the conventions that differ by place (rounding of each row, the points of the
    separate budget-execution row) move the total and the grade of one set of data. Each row is a full
    :func:`evaluate` with the same inputs; only the profile changes.

    Parameters
    ----------
    framework, actuals, budget, panel, survey, mode : as for :func:`evaluate`.
    profiles : profiles or their names, in the order wanted; default every registered profile
        (:func:`~perfmethods.indicators.profiles.list_profiles`, bundled first).

    Returns
    -------
    pandas.DataFrame
        One row per profile with the columns ``profile`` (name), ``rounding`` (``"none"``, ``"down"``,
        ``"nearest"``), ``decimals``, ``total_from_rounded_rows``, ``budget_points`` (the profile's
        budget-row points; NaN when it has none), ``budget_row_points_available`` and
        ``budget_row_points`` (the separate budget row as scored here; NaN when no such row was added,
        e.g. because the framework scores 预算执行率 as one of its own indicators), ``total``, ``grade``
        (优/良/中/差) and ``grade_en``.

    Raises
    ------
    InputError : an unknown profile name, or anything :func:`evaluate` rejects.

    Examples
    --------
    >>> from perfmethods.io import read_project  # doctest: +SKIP
    >>> p = read_project("data/examples/culture_program")  # doctest: +SKIP
    >>> compare_profiles(p.framework, p.actuals, budget=p.budget, panel=p.panel, survey=p.survey)  # doctest: +SKIP
    """
    from perfmethods.indicators.profiles import list_profiles

    chosen = list(list_profiles() if profiles is None else profiles)
    if not chosen:
        raise InputError("The 'profiles' parameter of compare_profiles must name at least one profile.")
    rows = []
    for item in chosen:
        prof = get_profile(item)
        result = evaluate(framework, actuals, budget=budget, panel=panel, survey=survey, profile=prof, mode=mode)
        scored = result.indicators[result.indicators["id"] == BUDGET_ROW_ID]
        budget_points = prof.budget_points.value
        rows.append(
            {
                "profile": prof.name,
                "rounding": prof.rounding.value,
                "decimals": int(prof.decimals.value),
                "total_from_rounded_rows": bool(prof.total_from_rounded_rows.value),
                "budget_points": math.nan if budget_points is None else float(budget_points),
                "budget_row_points_available": (
                    float(scored["points_available"].iloc[0]) if len(scored) else math.nan
                ),
                "budget_row_points": float(scored["points"].iloc[0]) if len(scored) else math.nan,
                "total": float(result.total),
                "grade": result.grade,
                "grade_en": result.grade_en,
            }
        )
    return pd.DataFrame(rows, columns=_PROFILE_COLUMNS)


# -- helpers -------------------------------------------------------------------------------------------------
_TIER_EN = {"达成": "achieved", "部分达成": "partly achieved", "未达成": "not achieved"}


def _tier_of_share(share: float, bounds: tuple[tuple[str, float, float], ...]) -> str:
    """The tier whose [lower, upper) share interval holds ``share`` (the top tier includes 1)."""
    for name, lo, _hi in sorted(bounds, key=lambda b: -b[1]):
        if share >= lo - _TOL:
            return name
    return sorted(bounds, key=lambda b: b[1])[0][0]


def _pct(x: float) -> str:
    return f"{x:.1%}" if math.isfinite(x) else "—"


def _direction_rule(direction: Direction) -> str:
    return {
        Direction.POSITIVE: "positive",
        Direction.REVERSE: "reverse",
        Direction.EQUAL: "equal",
        Direction.RANGE: "range",
        Direction.QUALITATIVE: "qualitative",
    }[direction]


def _tier_of(av: ActualValue) -> str | None:
    """A tier written as the actual's text ("达成"), or ``None``."""
    try:
        return parse_tier(av.value.text, location={"indicator": av.indicator_id})
    except InputError:
        return None


def _missing(indicator_id: str, name: str, why_zh: str, why_en: str) -> Finding:
    return _f(
        "missing_actual",
        Severity.ERROR,
        f"“{name}”{why_zh}，记 0 分。",
        f"'{name}': {why_en}; it scores 0.",
        indicator_id,
        "补充实际完成值（或所需数据）后重新评价。",
        "Supply the actual value (or the data needed) and re-run.",
    )


def _converted(actual: ParsedValue, target: ParsedValue, indicator_id: str) -> tuple[float, Finding | None]:
    """The actual in the target's unit (5万人次 → 50000 人次); a finding when the units are incompatible."""
    if not actual.unit or not target.unit or actual.unit == target.unit:
        return float(actual.value), None  # type: ignore[arg-type]
    try:
        return float(actual.to_unit(target.unit, location={"indicator": indicator_id}).value), None  # type: ignore[arg-type]
    except InputError:
        return math.nan, _f(
            "unit_mismatch",
            Severity.ERROR,
            f"实际完成值“{actual.text}”与指标值“{target.text}”的计量单位不同且无法换算，记 0 分。",
            f"The actual '{actual.text}' and the target '{target.text}' are in units that cannot be converted; "
            "it scores 0.",
            indicator_id,
            "统一实际完成值与指标值的计量单位。",
            "Write the actual and the target in the same unit.",
        )


def _levels(
    rows: pd.DataFrame, finals: list[float], level_of: list[str], rmode: str, dec: int, from_rounded: bool
) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "level1": level_of,
            "available": rows["points_available"].to_numpy(),
            "final": np.asarray(finals, dtype=float),
        }
    )
    out = []
    for level, part in frame.groupby("level1", sort=False):
        pts = total_points(part["final"].to_numpy(), rmode, dec, from_rounded_rows=from_rounded)  # type: ignore[arg-type]
        avail = float(part["available"].sum())
        out.append(
            {
                "level1": level,
                "points_available": avail,
                "points": pts,
                "score_share": pts / avail if avail > 0 else math.nan,
                "n_indicators": len(part),
            }
        )
    return pd.DataFrame(out, columns=["level1", "points_available", "points", "score_share", "n_indicators"])


def _weight_checks(
    framework: IndicatorFramework,
    w_orig: np.ndarray,
    mode: str,
    prof: LocalityProfile,
    levels: pd.DataFrame,
    rows: pd.DataFrame,
) -> list[Finding]:
    out: list[Finding] = []
    canon = [
        canonical_level1(i.level1) if i.computed is not Computed.BUDGET_EXECUTION else "预算执行率"
        for i in framework.indicators
    ]
    w_sum = float(w_orig.sum())
    if mode in ("department", "finance"):
        ob = float(sum(w for w, c in zip(w_orig, canon, strict=True) if c in ("产出", "效益")))
        share = ob / w_sum
        minimum = float(prof.min_output_benefit_share.value)
        if share < minimum - _TOL:
            out.append(
                _f(
                    "output_benefit_share",
                    Severity.WARNING,
                    f"{_MODE_ZH[mode]}中产出、效益指标分值合计占 {share:.1%}，低于 {minimum:.0%}"
                    "（财预〔2020〕10号：原则上产出、效益指标权重不低于60%）。",
                    f"In a {mode} evaluation, output and outcome (产出、效益) indicators carry {share:.1%} of the "
                    f"points, below {minimum:.0%} (财预〔2020〕10号: in principle at least 60 %).",
                    szh="提高产出、效益指标权重，或说明理由。",
                    sen="Give output and outcome indicators more weight, or explain why not.",
                )
            )
    elif prof.self_eval_split.value is not None:
        expected = {str(k): float(v) for k, v in prof.self_eval_split.value}
        actual: dict[str, float] = {}
        for c, pts in zip(
            ["预算执行率"] * int((rows["id"] == BUDGET_ROW_ID).sum()) + canon,
            rows["points_available"],
            strict=True,
        ):
            actual[c] = actual.get(c, 0.0) + float(pts)
        keys = list(dict.fromkeys([*expected, *actual]))
        off = [k for k in keys if abs(actual.get(k, 0.0) - expected.get(k, 0.0)) > 0.01]
        if off:
            got = "、".join(f"{k} {actual.get(k, 0.0):g}" for k in keys)
            got_en = ", ".join(f"{k} {actual.get(k, 0.0):g}" for k in keys)
            want = "/".join(f"{k} {v:g}" for k, v in expected.items())
            out.append(
                _f(
                    "self_eval_split",
                    Severity.WARNING,
                    f"单位自评一级指标分值为 {got}，与 {want} 的常规设置不一致（10号：如有特殊情况可适当调整）。",
                    f"The self-evaluation's level-1 points are {got_en}, not the usual {want} (10号 allows adjustment "
                    "in special cases).",
                    szh="按 产出50/效益30/满意度10/预算执行率10 设置，或说明调整理由。",
                    sen="Use 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10, or explain the adjustment.",
                )
            )
    return out

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
   when the profile sets a deduction share (default 0: no published table deducted).
5. **Reviewer overrides** (复核得分 with a written reason) replace the formula score; both are kept.
6. **Rounding** of each row and of the total as the profile says; **grade** (优/良/中/差) and the
   **budget recommendation** from the profile's results-application table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd

from perfmethods.errors import InputError
from perfmethods.evaluation.finding_templates import Bilingual, build_finding
from perfmethods.evaluation.panel import PanelResult, combine_panel
from perfmethods.evaluation.result import EvaluationResult
from perfmethods.evaluation.steps import (
    BUDGET_ROW_ID,
    INDICATOR_COLUMNS,
    apply_overrides,
    budget_row,
    budget_summary,
    indicator_findings,
    indicator_table,
    level_totals,
    points_findings,
    resolve_actuals,
    round_rows,
    score_by_method,
)
from perfmethods.evaluation.survey import SurveyResult, score_survey
from perfmethods.findings import Finding
from perfmethods.indicators.application import recommend
from perfmethods.indicators.grades import grade
from perfmethods.indicators.point_shares import point_share_findings
from perfmethods.indicators.profiles import LocalityProfile, get_profile
from perfmethods.io.tables import relocated
from perfmethods.model.framework import Computed, IndicatorFramework
from perfmethods.model.inputs import Actuals, Budget, PanelScores, SurveyResponses
from perfmethods.model.modes import MODE_SPELLINGS, normalise_mode
from perfmethods.provenance import Rule

__all__ = ["BUDGET_ROW_ID", "MODES", "EvaluationResult", "compare_profiles", "evaluate"]

#: Evaluation modes of 10号 and their accepted spellings (:data:`perfmethods.model.modes.MODE_SPELLINGS`).
MODES: dict[str, str] = MODE_SPELLINGS


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


def _check_inputs(framework: object, actuals: Actuals, budget: object, panel: object) -> None:
    if not isinstance(framework, IndicatorFramework):
        raise InputError(
            f"The 'framework' parameter of evaluate must be an IndicatorFramework; got "
            f"{type(framework).__name__} instead."
        )
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
    unknown = [i for i in actuals.ids if i not in set(framework.ids)]
    if unknown:
        raise InputError(
            f"actual values are given for indicators {unknown} that are not in the framework "
            f"{framework.name!r}; check the ids ({list(framework.ids)})",
            location={"file": actuals.source or None},
        )


def _as_survey(survey: SurveyResponses | SurveyResult | None) -> SurveyResult | None:
    if survey is None or isinstance(survey, SurveyResult):
        return survey
    if isinstance(survey, SurveyResponses):
        return score_survey(survey)
    raise InputError(
        f"The 'survey' parameter of evaluate must be SurveyResponses, a SurveyResult or None; got "
        f"{type(survey).__name__} instead."
    )


def _budget_in_framework(
    framework: IndicatorFramework, prof: LocalityProfile
) -> tuple[LocalityProfile, list[Finding]]:
    """Department and finance frameworks (10号 附件1) score 预算执行率 inside 过程/资金管理; the separate
    budget row belongs to the self-evaluation layout. Counting execution twice would be wrong, so the
    framework's own indicator wins (the profile loses its budget row) and the report says so."""
    leaves = [ind.id for ind in framework if ind.computed is Computed.BUDGET_EXECUTION]
    bp = prof.budget_points.value
    if bp is None or not leaves:
        return prof, []
    prof = replace(
        prof,
        budget_points=Rule(
            None,
            prof.budget_points.provenance,
            prof.budget_points.source,
            note=f"budget execution scored inside the framework ({', '.join(leaves)})",
        ),
    )
    return prof, [
        build_finding(
            "budget_in_framework",
            leaves[0],
            leaves=Bilingual("、".join(leaves), ", ".join(leaves)),
            budget_points=bp,
        )
    ]


def _panel_unused(panel: PanelResult | None, table: pd.DataFrame) -> list[Finding]:
    if panel is None:
        return []
    used = set(table.loc[table["method"] == "panel", "id"])
    unused = [i for i in panel.scores["indicator_id"] if i not in used]
    return [build_finding("panel_unused", unused=unused)] if unused else []


#: Parameters of the scoring rules that come from the framework (its targets and points), not the actuals.
_FRAMEWORK_PARAMETERS = re.compile(r"^The '(target|lower|upper|points)' parameter")


def _scoring_error(exc: InputError, framework: IndicatorFramework, actuals: Actuals) -> InputError:
    """``exc``, raised while scoring, located in the project's files: the framework file for a target
    or points, else the actuals file and the indicator's row in it."""
    indicator = exc.location.get("indicator")
    if indicator is None:
        return exc
    if _FRAMEWORK_PARAMETERS.match(exc.message):
        return relocated(exc, {"file": framework.source or None, "indicator": indicator})
    value = actuals.get(str(indicator))
    return relocated(exc, {"file": actuals.source or None, "row": None if value is None else value.row,
                           "indicator": indicator})


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
    Sources: 财预〔2020〕10号 and its 附件2 自评表, the scoring rules of the 财政预算绩效管理系统 (pmkpi), the
    practice of the 项目支出绩效自评表 published by county and city departments (2016–2023), and common
    satisfaction-survey practice (see :mod:`perfmethods.evaluation.survey`). Each constant's provenance is in
    the profile (``result.profile.to_frame()``).
    """
    mode_key = normalise_mode(mode, func="evaluate")
    prof = get_profile(profile)
    acts = _as_actuals(actuals)
    _check_inputs(framework, acts, budget, panel)
    prof, found = _budget_in_framework(framework, prof)
    bp = prof.budget_points.value
    points_sum = float(framework.points().sum())
    if points_sum <= 0:
        raise InputError("all indicator points (分值) are zero", location={"file": framework.source or None})
    rescale = bool(prof.rescale_points.value)
    factor = prof.indicator_points / points_sum if rescale else 1.0
    found += points_findings(framework, prof.indicator_points, bp, rescale=rescale)
    budget_info, rate, budget_found = budget_summary(budget, prof.execution_basis.value, bp)
    found += budget_found
    survey_res = _as_survey(survey)
    panel_res = combine_panel(panel, framework.points().to_dict()) if panel is not None else None

    table = indicator_table(framework, factor)
    try:
        table = resolve_actuals(
            table,
            framework,
            acts,
            rate=rate,
            has_budget=budget is not None,
            survey=survey_res,
            panel=panel_res.combined if panel_res is not None else pd.Series(dtype=float),
            vocabulary=prof.met_wording.value,
        )
        table = round_rows(apply_overrides(score_by_method(table, prof), factor), prof)
    except InputError as exc:
        raise _scoring_error(exc, framework, acts) from None
    found += indicator_findings(table, framework, prof) + _panel_unused(panel_res, table)
    if bp is not None:
        if budget is None:
            found.insert(0, build_finding("missing_budget", budget_points=bp))
        table = budget_row(table, budget, rate, bp, prof)
        if budget_info is not None:
            budget_info["points"] = float(table["points"].iloc[0])
    total, levels, total_found = level_totals(table, prof)
    findings = point_share_findings(framework, mode_key, prof) + found + total_found
    if survey_res is not None:
        findings.extend(survey_res.findings)
    g = str(grade(min(total, 100.0), prof.grade_bands.value))  # an as-printed total may exceed 100
    rec = recommend(
        g,
        None if budget is None else budget.adjusted,
        budget.unit if budget is not None else "万元",
        prof.application.value,
    )
    return EvaluationResult(
        indicators=table[INDICATOR_COLUMNS].reset_index(drop=True),
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
        result = evaluate(
            framework, actuals, budget=budget, panel=panel, survey=survey, profile=prof, mode=mode
        )
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

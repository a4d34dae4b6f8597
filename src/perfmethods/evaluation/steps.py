"""The steps of :func:`~perfmethods.evaluation.evaluate`, each a small pure function over one table.

The evaluation works on ONE per-indicator :class:`pandas.DataFrame` (one row per leaf, in framework order)
that each step returns with more columns:

1. :func:`indicator_table` — the leaves with their points available (rescaled to the profile's scale);
2. :func:`resolve_actuals` — where each actual comes from, the ``method`` that scores it and, for a row that
   cannot be scored, the ``problem`` code with the fields of its finding;
3. :func:`score_by_method` — the formula share, vectorised by scoring method
   (:mod:`perfmethods.indicators.scoring`), over-achievement and its deduction;
4. :func:`apply_overrides` — a reviewer's score (复核得分) replaces the formula score;
5. :func:`round_rows` — rounding, completion, the flags of each row;
6. :func:`budget_row` — the separate budget-execution row of the self-evaluation layout;
7. :func:`level_totals` — the total and the level-1 subtotals;
8. :func:`indicator_findings` — the per-indicator findings, built at the end from the table's codes and
   the templates of :mod:`perfmethods.evaluation.finding_templates`.

Project-level checks (points, budget) are :func:`points_findings` and :func:`budget_summary`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.evaluation.finding_templates import PHRASES, Bilingual, Phrase, build_finding
from perfmethods.evaluation.survey import SurveyResult
from perfmethods.findings import Finding, Severity
from perfmethods.indicators.profiles import LocalityProfile
from perfmethods.indicators.scoring import (
    MET_VOCABULARY,
    MetVocabulary,
    completion,
    days_late,
    deduct_overachievement,
    flag_overachievement,
    round_points,
    score_deadline,
    score_equal,
    score_positive,
    score_qualitative,
    score_range,
    score_reverse,
    total_points,
)
from perfmethods.model.framework import Computed, Direction, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals, ActualValue, Budget, parse_tier
from perfmethods.model.values import ParsedValue, read_as_percent

__all__ = [
    "BUDGET_ROW_ID",
    "INDICATOR_COLUMNS",
    "apply_overrides",
    "budget_row",
    "budget_summary",
    "indicator_findings",
    "indicator_table",
    "level_totals",
    "points_findings",
    "resolve_actuals",
    "round_rows",
    "score_by_method",
]

#: Id of the budget-execution row in :attr:`EvaluationResult.indicators`.
BUDGET_ROW_ID = "budget_execution"

#: The columns of :attr:`EvaluationResult.indicators`, in order.
INDICATOR_COLUMNS = [
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
    "method",
]

TOL = 1e-9

_METHOD_OF_DIRECTION = {
    Direction.POSITIVE: "positive",
    Direction.REVERSE: "reverse",
    Direction.EQUAL: "equal",
    Direction.RANGE: "range",
    Direction.QUALITATIVE: "qualitative",
}


def fmt(x: float) -> str:
    """A number as a report prints it: up to 4 decimals, no trailing zeros, ``—`` for NaN."""
    return f"{x:.4f}".rstrip("0").rstrip(".") if math.isfinite(x) else "—"


def pct(x: float) -> str:
    """A share as a percentage with one decimal, ``—`` for NaN."""
    return f"{x:.1%}" if math.isfinite(x) else "—"


def as_rate(rate: float, target: ParsedValue) -> float:
    """A rate (fraction) on the target's scale: percent when the target is written in % or above 1."""
    if target.unit == "%" or (target.value is not None and target.value > 1.0):
        return rate * 100.0
    return rate


# -- 1. points -----------------------------------------------------------------------------------------------
def points_findings(
    framework: IndicatorFramework, scale: float, budget_points: float | None, *, rescale: bool = True
) -> list[Finding]:
    """``weights_total`` when the points add up to neither the framework's total nor ``scale``;
    ``points_rescaled`` when they are rescaled to ``scale`` (e.g. 90 beside a 10-point budget row);
    with ``rescale=False`` (a profile's ``rescale_points``), ``points_as_printed`` when they do not add
    up to ``scale`` and are kept as printed."""
    points_sum = float(framework.points().sum())
    if not rescale:
        if abs(points_sum - scale) > 1e-6:
            return [build_finding("points_as_printed", points_sum=points_sum, scale=scale)]
        return []
    if abs(points_sum - framework.total) > 1e-6 and abs(points_sum - scale) > 1e-6:
        levels = framework.level_points(1)
        parts = Bilingual(
            "、".join(f"{k} {v:g}" for k, v in levels.items()),
            ", ".join(f"{k} {v:g}" for k, v in levels.items()),
        )
        return [
            build_finding(
                "weights_total",
                points_sum=points_sum,
                parts=parts,
                framework_total=framework.total,
                scale=scale,
            )
        ]
    if abs(scale / points_sum - 1.0) > TOL:
        row = (
            Phrase("points_rescaled.end")
            if budget_points is None
            else Phrase("points_rescaled.budget_row", {"points": budget_points})
        )
        return [build_finding("points_rescaled", points_sum=points_sum, scale=scale, budget_row=row)]
    return []


def indicator_table(framework: IndicatorFramework, factor: float) -> pd.DataFrame:
    """One row per leaf: labels, direction, target, the framework's points and the points available."""
    inds = framework.indicators
    points = framework.points().to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "id": list(framework.ids),
            "level1": [i.level1 for i in inds],
            "level2": [i.level2 for i in inds],
            "name": [i.name for i in inds],
            "direction": [i.direction.value for i in inds],
            "target_text": [i.target.text for i in inds],
            "unit": [i.unit for i in inds],
            "computed": [None if i.computed is None else i.computed.value for i in inds],
            "points_framework": points,
            "points_available": points * factor,
        }
    )


# -- 2. budget -----------------------------------------------------------------------------------------------
def budget_summary(
    budget: Budget | None, basis: str, budget_points: float | None
) -> tuple[dict[str, Any] | None, float, list[Finding]]:
    """The budget figures, the execution rate on the profile's basis and the budget findings."""
    if budget is None:
        return None, math.nan, []
    rate_adj = budget.executed / budget.adjusted if budget.adjusted > 0 else math.nan
    rate_orig = budget.executed / budget.original if budget.original > 0 else math.nan
    rate = rate_adj if basis == "adjusted" else rate_orig
    amount = budget.adjusted if basis == "adjusted" else budget.original
    info = {
        "original": budget.original,
        "adjusted": budget.adjusted,
        "executed": budget.executed,
        "rate_adjusted": rate_adj,
        "rate_original": rate_orig,
        "basis": basis,
        "rate": rate,
        "points": None,
        "points_available": None if budget_points is None else float(budget_points),
        "unit": budget.unit,
    }
    basis_phrase = Phrase("basis.adjusted" if basis == "adjusted" else "basis.original")
    findings = []
    if amount <= 0:
        findings.append(
            build_finding("budget_zero", basis=basis_phrase, executed=budget.executed, unit=budget.unit)
        )
    elif rate > 1.0 + TOL:
        findings.append(
            build_finding(
                "overspending",
                basis=basis_phrase,
                executed=budget.executed,
                basis_amount=amount,
                unit=budget.unit,
                rate=rate,
            )
        )
    if abs(budget.adjusted - budget.original) > 1e-9:
        findings.append(
            build_finding(
                "budget_adjusted",
                original=budget.original,
                adjusted=budget.adjusted,
                unit=budget.unit,
                rate_adjusted=pct(rate_adj),
                rate_original=pct(rate_orig),
                basis=basis_phrase,
            )
        )
    return info, rate, findings


# -- 3. actuals ----------------------------------------------------------------------------------------------
def _tier_of(av: ActualValue) -> str | None:
    """A tier written as the actual's text ("达成"), or ``None``."""
    try:
        return parse_tier(av.value.text, location={"indicator": av.indicator_id})
    except InputError:
        return None


def _missing(why: str) -> dict[str, Any]:
    return {"method": "missing", "problem": "missing_actual", "problem_fields": {"why": Phrase(f"why.{why}")}}


def _in_unit(actual: ParsedValue, target: ParsedValue, indicator_id: str) -> float | None:
    """The actual in the target's unit (5万人次 → 50000 人次), or ``None`` when the units cannot be converted."""
    if not actual.unit or not target.unit or actual.unit == target.unit:
        return float(actual.value)  # type: ignore[arg-type]
    try:
        converted = actual.to_unit(target.unit, location={"indicator": indicator_id})
        return float(converted.value)  # type: ignore[arg-type]
    except InputError:
        return None


def _from_budget_or_survey(
    ind: Indicator, target: ParsedValue, rate: float, survey: SurveyResult | None, has_budget: bool
) -> dict[str, Any]:
    if ind.computed is Computed.BUDGET_EXECUTION:
        if not has_budget or not math.isfinite(rate):
            return _missing("budget")
        return {
            "actual_value": as_rate(rate, target),
            "actual_text": f"{rate:.2%}",
            "method": _METHOD_OF_DIRECTION[ind.direction],
        }
    if survey is None:
        return _missing("survey")
    if ind.computed is Computed.SURVEY_RATE:
        return {
            "actual_value": as_rate(survey.satisfaction_rate, target),
            "actual_text": f"{survey.satisfaction_rate:.2%}",
            "method": _METHOD_OF_DIRECTION[ind.direction],
        }
    return {
        "actual_value": survey.overall_score,
        "actual_text": f"{survey.overall_score:.2f}",
        "method": _METHOD_OF_DIRECTION[ind.direction],
    }


def _from_panel(
    ind: Indicator, av: ActualValue | None, points: float, panel: pd.Series, actual_text: str
) -> dict[str, Any]:
    if ind.id not in panel.index:
        return _missing("panel")
    combined = float(panel[ind.id])
    out: dict[str, Any] = {
        "panel_share": combined / points if points > 0 else np.nan,
        "actual_text": actual_text or f"评价组 {combined:.2f} / {points:g}",
        "method": "panel",
    }
    if (
        not ind.is_qualitative
        and av is not None
        and av.value.value is not None
        and ind.target.value is not None
    ):
        value = _in_unit(av.value, ind.target, ind.id)
        out["actual_value"] = math.nan if value is None else value
    return out


def _met_by_wording(
    av: ActualValue,
    target: ParsedValue,
    ind: Indicator,
    vocabulary: MetVocabulary,
    actual_text: str,
    reason: str = "",
) -> dict[str, Any]:
    """A row whose actual text states the target met (明显改善 / 明显改善, 按期完成 / 100%, 少于3起 / 无).

    A reverse quantitative row read as zero occurrences keeps its formula (actual 0); every other row
    is scored as the qualitative tier 达成 (the profile's default share). Either way a finding says so."""
    reason = reason or vocabulary.reason(av.value.text, target.text, ind.direction)
    fields = {"actual": av.value.text, "target": target.text, "rule": Phrase(f"met.{reason}")}
    if reason == "none_against_reverse" and not ind.is_qualitative:
        return {
            "actual_value": 0.0,
            "method": "reverse",
            "value_check": "met_by_wording",
            "value_check_fields": fields,
        }
    return {
        "tier": "达成",
        "tier_score": np.nan,
        "actual_text": actual_text,
        "method": "qualitative",
        "value_check": "met_by_wording",
        "value_check_fields": fields,
    }


def _date_of(value: ParsedValue) -> Any:
    """The date of a date value (a target's deadline, an actual's completion date), or ``None``.

    Date values are :attr:`ParsedValue.kind` ``"date"`` with :attr:`ParsedValue.date` (issue 12, readers);
    a :class:`ParsedValue` without those attributes has no date."""
    return getattr(value, "date", None)


def _is_date_target(target: ParsedValue) -> bool:
    return getattr(target, "kind", None) == "date"


def _from_deadline(
    ind: Indicator, av: ActualValue | None, target: ParsedValue, actual_text: str, vocabulary: MetVocabulary
) -> dict[str, Any]:
    """A date target ("2026年6月底前完成竣工验收"): scored by days late when the actual gives the completion
    date; an actual such as 100% or 已完成 states it met; otherwise as a qualitative row (tier or wording)."""
    deadline = _date_of(target)
    given = av is not None and (av.tier is not None or av.tier_score is not None or _tier_of(av) is not None)
    completed = None if av is None else _date_of(av.value)
    if deadline is not None and completed is not None and not given:
        return {
            "method": "deadline",
            "deadline": np.datetime64(deadline, "D"),
            "completed": np.datetime64(completed, "D"),
            "actual_text": actual_text,
        }
    if av is not None and not given:
        text = av.value.text
        if vocabulary.reason(text, target.text, ind.direction) == "" and _is_full(text, vocabulary):
            return _met_by_wording(av, target, ind, vocabulary, actual_text, reason="time_full")
    return _from_report(ind, av, target, actual_text, vocabulary, qualitative=True)


def _is_full(text: str, vocabulary: MetVocabulary) -> bool:
    """An actual such as 100% that states a time target met (the vocabulary's ``full`` words)."""
    probe = MetVocabulary(same_wording=False, met=(), time_words=("按期",), full=vocabulary.full, none=())
    return probe.states_met(text, "按期")


def _from_report(
    ind: Indicator,
    av: ActualValue | None,
    target: ParsedValue,
    actual_text: str,
    vocabulary: MetVocabulary = MET_VOCABULARY,
    *,
    qualitative: bool = False,
) -> dict[str, Any]:
    if ind.is_qualitative or qualitative:
        tier = None if av is None else (av.tier or _tier_of(av))
        score = None if av is None else av.tier_score
        if tier is None and score is None:
            if av is not None and vocabulary.states_met(av.value.text, target.text, ind.direction):
                return _met_by_wording(av, target, ind, vocabulary, actual_text)
            if av is not None and not av.value.is_missing:
                return {
                    "method": "missing",
                    "problem": "tier_needed",
                    "problem_fields": {"actual": av.value.text},
                }
            return _missing("tier")
        return {
            "tier": tier,
            "tier_score": np.nan if score is None else score,
            "actual_text": actual_text or tier or "",
            "method": "qualitative",
        }
    if av is None or av.value.is_missing:
        return _missing("actual")
    if av.value.value is None:
        if vocabulary.states_met(av.value.text, target.text, ind.direction):
            return _met_by_wording(av, target, ind, vocabulary, actual_text)
        return {
            "method": "missing",
            "problem": "actual_not_numeric",
            "problem_fields": {"actual": av.value.text},
        }
    reading = read_as_percent(av.value, target)
    value = _in_unit(reading.value, target, ind.id)
    if value is None:
        return {
            "method": "missing",
            "problem": "unit_mismatch",
            "problem_fields": {"actual": av.value.text, "target": target.text},
        }
    out: dict[str, Any] = {"actual_value": value, "method": _METHOD_OF_DIRECTION[ind.direction]}
    if reading.verdict:
        out["value_check"] = _VALUE_CHECKS[reading.verdict]
        out["value_check_fields"] = {
            "actual": av.value.text,
            "target": target.text,
            "percent": fmt(float(av.value.value) * 100.0),  # type: ignore[arg-type]
        }
    return out


#: The finding code of each verdict of :func:`~perfmethods.model.values.read_as_percent`.
_VALUE_CHECKS = {"converted": "fraction_as_percent", "ambiguous": "fraction_ambiguous"}


def _resolve_one(
    ind: Indicator,
    av: ActualValue | None,
    points: float,
    rate: float,
    has_budget: bool,
    survey: SurveyResult | None,
    panel: pd.Series,
    vocabulary: MetVocabulary = MET_VOCABULARY,
) -> dict[str, Any]:
    """Where one indicator's actual comes from, the method that scores it, or the problem that stops it."""
    row: dict[str, Any] = {"actual_text": "" if av is None else av.value.text}
    target = ind.target
    dated = _is_date_target(target) and (_date_of(target) is not None or ind.is_qualitative)
    if dated and ind.computed is None:  # a quantitative row with 按时完成 and no date stays target_not_numeric
        return {**row, **_from_deadline(ind, av, target, row["actual_text"], vocabulary)}
    if not ind.is_qualitative and ind.computed is not Computed.PANEL:
        if ind.computed is Computed.BUDGET_EXECUTION and target.value is None:
            target = ParsedValue("100%", "≥", 100.0, None, "%")  # the usual target: execute all of it
        if target.value is None or (ind.direction is Direction.RANGE and target.upper is None):
            return {
                **row,
                "method": "missing",
                "problem": "target_not_numeric",
                "problem_fields": {
                    "direction": ind.direction.value,
                    "target": target.text,
                    "range_note": Phrase("range_note" if ind.direction is Direction.RANGE else "empty"),
                },
            }
        row["target_value"] = target.value
        row["target_upper"] = np.nan if target.upper is None else target.upper
    if ind.computed in (Computed.BUDGET_EXECUTION, Computed.SURVEY_RATE, Computed.SURVEY_SCORE):
        return {**row, **_from_budget_or_survey(ind, target, rate, survey, has_budget)}
    untiered = av is None or (av.tier is None and av.tier_score is None and _tier_of(av) is None)
    if ind.computed is Computed.PANEL or (ind.is_qualitative and ind.id in panel.index and untiered):
        return {**row, **_from_panel(ind, av, points, panel, row["actual_text"])}
    return {**row, **_from_report(ind, av, target, row["actual_text"], vocabulary)}


def resolve_actuals(
    table: pd.DataFrame,
    framework: IndicatorFramework,
    actuals: Actuals,
    *,
    rate: float,
    has_budget: bool,
    survey: SurveyResult | None,
    panel: pd.Series,
    vocabulary: MetVocabulary = MET_VOCABULARY,
) -> pd.DataFrame:
    """Add the actuals, the scoring ``method`` of each row and its ``problem`` (a finding code) if any.

    An actual that states its target met in the words of ``vocabulary`` (the profile's ``met_wording``)
    is read as met (:func:`_met_by_wording`); a qualitative actual that does not gets the ``tier_needed``
    problem, asking the evaluator for the tier.

    Raises
    ------
    InputError : a reviewer's score above the indicator's points.
    """
    by_id = {v.indicator_id: v for v in actuals.values}
    rows = []
    for ind, points in zip(framework.indicators, table["points_framework"], strict=True):
        av = by_id.get(ind.id)
        row = _resolve_one(ind, av, float(points), rate, has_budget, survey, panel, vocabulary)
        row["note"] = "" if av is None else av.note
        if av is not None and av.reviewer_score is not None:
            if av.reviewer_score > points * (1 + TOL) + TOL:
                raise InputError(
                    f"the reviewer's score {av.reviewer_score:g} exceeds the indicator's {points:g} "
                    "points (分值)",
                    location={"indicator": ind.id},
                )
            row["reviewer_score"] = av.reviewer_score
            row["reviewer_reason"] = av.reviewer_reason
        rows.append(row)
    resolved = pd.DataFrame.from_records(rows, index=table.index)
    defaults: dict[str, Any] = {
        "actual_value": np.nan,
        "target_value": np.nan,
        "target_upper": np.nan,
        "tier": None,
        "tier_score": np.nan,
        "panel_share": np.nan,
        "reviewer_score": np.nan,
        "reviewer_reason": "",
        "problem": "",
        "problem_fields": None,
        "value_check": "",
        "value_check_fields": None,
        "deadline": None,
        "completed": None,
    }
    for column, default in defaults.items():
        if column not in resolved:
            resolved[column] = default
        elif isinstance(default, float):
            resolved[column] = resolved[column].astype(float)
        else:
            resolved[column] = resolved[column].astype(object).where(resolved[column].notna(), default)
    return pd.concat([table, resolved], axis=1)


# -- 4. scoring ----------------------------------------------------------------------------------------------
def score_by_method(table: pd.DataFrame, profile: LocalityProfile) -> pd.DataFrame:
    """Add ``formula_share`` (the unrounded share of the points by the row's method), ``over`` (the
    over-achievement flag of ≥ and = rows) and ``formula`` (points after any over-achievement deduction)."""
    method = table["method"].to_numpy(dtype=object)
    ids = table["id"].to_numpy(dtype=object)
    actual, target = table["actual_value"].to_numpy(float), table["target_value"].to_numpy(float)
    points = table["points_framework"].to_numpy(float)
    share = np.zeros(len(table))
    for name, func in (("positive", score_positive), ("reverse", score_reverse), ("equal", score_equal)):
        m = method == name
        if m.any():
            share[m] = func(actual[m], target[m], 1.0, ids=ids[m])
    m = method == "range"
    if m.any():
        share[m] = score_range(
            actual[m], target[m], table["target_upper"].to_numpy(float)[m], 1.0, ids=ids[m]
        )
    m = method == "qualitative"
    if m.any():
        awarded = score_qualitative(
            table["tier"].to_numpy(dtype=object)[m],
            table["tier_score"].to_numpy(float)[m],
            points[m],
            tiers=profile.tier_bounds,
            default_shares=profile.default_shares,
            ids=ids[m],
        )
        share[m] = np.divide(awarded, points[m], out=np.zeros(int(m.sum())), where=points[m] > 0)
    m = method == "deadline"
    late = np.full(len(table), np.nan)
    if m.any():
        deadline = table["deadline"].to_numpy(dtype=object)[m]
        done = table["completed"].to_numpy(dtype=object)[m]
        late[m] = days_late(deadline, done)
        share[m] = score_deadline(deadline, done, 1.0, schedule=profile.late_schedule.value)
    m = method == "panel"
    share[m] = np.nan_to_num(table["panel_share"].to_numpy(float)[m])
    available = table["points_available"].to_numpy(float)
    quant = np.isin(method, ["positive", "equal"])
    over = np.zeros(len(table), dtype=bool)
    if quant.any():
        over[quant] = flag_overachievement(
            actual[quant],
            target[quant],
            ratio=float(profile.overachievement_ratio.value),
            zero_target_min=float(profile.overachievement_zero_target.value),
        )
    formula = share * available
    deduction = float(profile.overachievement_deduction.value)
    if deduction > 0 and over.any():
        formula = np.asarray(deduct_overachievement(formula, over, available, deduction))
    return table.assign(formula_share=share, over=over, formula=formula, days_late=late)


def apply_overrides(table: pd.DataFrame, factor: float) -> pd.DataFrame:
    """A reviewer's score (on the framework's scale, rescaled by ``factor``) replaces the formula score.

    Adds ``reviewer_scaled`` (NaN without an override), ``overridden`` and ``final`` (unrounded points).
    """
    reviewer = table["reviewer_score"].to_numpy(float) * factor
    overridden = ~np.isnan(reviewer)
    return table.assign(
        reviewer_scaled=reviewer,
        overridden=overridden,
        final=np.where(overridden, reviewer, table["formula"].to_numpy(float)),
    )


def round_rows(table: pd.DataFrame, profile: LocalityProfile) -> pd.DataFrame:
    """Rounded points, completion, score share, the shortfall test and the flags of each row."""
    rmode, dec = profile.rounding.value, int(profile.decimals.value)
    available = table["points_available"].to_numpy(float)
    final = table["final"].to_numpy(float)
    method = table["method"].to_numpy(dtype=object)
    graded = np.isin(method, ["panel", "qualitative"])
    # A graded indicator scored inside the top tier (达成, ≥ 80 % of its points) has met its target in the
    # 10号 sense; only a lower tier is a shortfall worth a finding.
    limit = np.where(graded, max(lo for _, lo, _ in profile.tier_bounds), 1.0)
    unmet = (
        (method != "missing")
        & (table["points_framework"].to_numpy(float) > 0)
        & (table["formula_share"].to_numpy(float) < limit - TOL)
    )
    out = table.assign(
        completion=completion(
            table["direction"].to_numpy(dtype=object),
            table["actual_value"].to_numpy(float),
            table["target_value"].to_numpy(float),
            table["target_upper"].to_numpy(float),
        ),
        formula_points=np.asarray(round_points(table["formula"].to_numpy(float), rmode, dec)),
        reviewer_points=np.asarray(round_points(table["reviewer_scaled"].to_numpy(float), rmode, dec)),
        points=np.asarray(round_points(final, rmode, dec)),
        score_share=np.divide(final, available, out=np.full(len(table), np.nan), where=available > 0),
        graded=graded,
        unmet=unmet,
    )
    flags = pd.DataFrame(
        {
            "problem": out["problem"].to_numpy(dtype=object),
            "value_check": out["value_check"].to_numpy(dtype=object),
            "over": np.where(out["over"], "overachievement", ""),
            "unmet": np.where(unmet, "unmet_target", ""),
            "review": np.where(out["overridden"], "reviewer_override", ""),
            "panel": np.where(method == "panel", "panel", ""),
            "computed": [f"computed:{c}" if isinstance(c, str) else "" for c in out["computed"]],
        },
        index=out.index,
    )
    out["flags"] = [tuple(f for f in row if f) for row in flags.itertuples(index=False)]
    return out


# -- 5. budget row and totals --------------------------------------------------------------------------------
def budget_row(
    table: pd.DataFrame, budget: Budget | None, rate: float, budget_points: float, profile: LocalityProfile
) -> pd.DataFrame:
    """The table with the separate budget-execution row (预算执行率, ``budget_points`` points) first."""
    rmode, dec = profile.rounding.value, int(profile.decimals.value)
    shown = rate if budget is not None and math.isfinite(rate) else math.nan
    share = min(shown, 1.0) if math.isfinite(shown) else 0.0
    points = share * budget_points
    row = {
        "id": BUDGET_ROW_ID,
        "level1": "预算执行率",
        "level2": "预算执行率",
        "name": "预算执行率",
        "direction": Direction.POSITIVE.value,
        "target_text": "100%",
        "actual_text": "" if not math.isfinite(shown) else f"{shown:.2%}",
        "unit": "%",
        "completion": shown,
        "points_available": float(budget_points),
        "formula_points": float(round_points(points, rmode, dec)),
        "reviewer_points": np.nan,
        "points": float(round_points(points, rmode, dec)),
        "score_share": share,
        "flags": ("budget_row",)
        + (("missing_budget",) if budget is None else ())
        + (("overspending",) if math.isfinite(shown) and shown > 1 + TOL else ()),
        "target_value": 100.0,
        "actual_value": shown * 100 if math.isfinite(shown) else np.nan,
        "reviewer_reason": "",
        "method": "budget_execution",
        "final": points,
    }
    return pd.concat([pd.DataFrame([row]), table], ignore_index=True)


def level_totals(table: pd.DataFrame, profile: LocalityProfile) -> tuple[float, pd.DataFrame, list[Finding]]:
    """The total (capped at 100, with a ``total_capped`` finding) and the level-1 subtotals.

    A profile that scores points as printed (``rescale_points=False``) keeps a total above 100 as it adds
    up (the table is inconsistent, and a ``points_as_printed`` finding says so)."""
    rmode, dec = profile.rounding.value, int(profile.decimals.value)
    from_rounded = bool(profile.total_from_rounded_rows.value)
    total = total_points(table["final"].to_numpy(float), rmode, dec, from_rounded_rows=from_rounded)
    findings = []
    as_printed = not bool(profile.rescale_points.value)
    if total > 100.0 + TOL and not as_printed:  # rows rounded up past non-grid points (e.g. 90/7 each)
        findings.append(build_finding("total_capped", total=total))
    grouped = table.groupby("level1", sort=False)
    levels = pd.DataFrame(
        {
            "points_available": grouped["points_available"].agg(lambda s: float(s.sum())),
            "points": grouped["final"].agg(
                lambda s: total_points(s.to_numpy(float), rmode, dec, from_rounded_rows=from_rounded)
            ),
            "n_indicators": grouped.size(),
        }
    ).reset_index()
    levels.insert(
        3,
        "score_share",
        np.divide(
            levels["points"],
            levels["points_available"],
            out=np.full(len(levels), np.nan),
            where=levels["points_available"].to_numpy() > 0,
        ),
    )
    return max(total, 0.0) if as_printed else min(max(total, 0.0), 100.0), levels, findings


# -- 6. findings ---------------------------------------------------------------------------------------------
def _tier_phrase(tier: str) -> Phrase | str:
    return Phrase(f"tier.{tier}") if f"tier.{tier}" in PHRASES else tier


def _tier_of_share(share: float, bounds: tuple[tuple[str, float, float], ...]) -> str:
    """The tier whose [lower, upper) share interval holds ``share`` (the top tier includes 1)."""
    for name, lo, _hi in sorted(bounds, key=lambda b: -b[1]):
        if share >= lo - TOL:
            return name
    return min(bounds, key=lambda b: b[1])[0]


def _overachievement(row: Mapping[str, Any], profile: LocalityProfile) -> Finding:
    deduction = float(profile.overachievement_deduction.value)
    explained = bool(row["note"].strip())
    shown = (
        pct(row["completion"])
        if math.isfinite(row["completion"])
        else Phrase("overachievement.zero_target", {"actual": fmt(row["actual_value"])})
    )
    return build_finding(
        "overachievement",
        row["id"],
        severity=Severity.INFO if explained else None,
        suggest=not explained,
        name=row["name"],
        actual=fmt(row["actual_value"]),
        target=fmt(row["target_value"]),
        completion=shown,
        ratio=float(profile.overachievement_ratio.value),
        deduction=(
            Phrase("overachievement.deducted", {"share": deduction})
            if deduction > 0
            else Phrase("overachievement.not_deducted")
        ),
        explanation=(
            Phrase("overachievement.explained", {"note": row["note"]})
            if explained
            else Phrase("overachievement.unexplained")
        ),
    )


def _unmet(row: Mapping[str, Any], target_text: str, profile: LocalityProfile) -> Finding:
    rmode, dec = profile.rounding.value, int(profile.decimals.value)
    share = row["formula_share"]
    if row["method"] == "deadline":
        detail = Phrase("unmet.late", {"days": f"{row['days_late']:.0f}"})
    elif math.isfinite(row["completion"]):
        detail = Phrase("unmet.completion", {"completion": pct(row["completion"])})
    else:
        tier = row["tier"] or (_tier_of_share(share, profile.tier_bounds) if row["graded"] else None)
        detail = Phrase("unmet.tier", {"share": pct(share), "tier": _tier_phrase(tier)})
    explained = bool(row["note"].strip())
    return build_finding(
        "unmet_target",
        row["id"],
        suggest=not explained,
        name=row["name"],
        target=target_text or "—",
        actual=row["actual_text"] or "—",
        detail=detail,
        formula=fmt(float(round_points(share * row["points_available"], rmode, dec))),
        available=fmt(row["points_available"]),
        reason=Phrase("unmet.reason", {"note": row["note"]}) if explained else Phrase("empty"),
    )


def indicator_findings(
    table: pd.DataFrame, framework: IndicatorFramework, profile: LocalityProfile
) -> list[Finding]:
    """The per-indicator findings, in framework order: the row's problem (a warning, not an error, when a
    reviewer's score stands in for the formula), over-achievement, unmet target, reviewer override."""
    rmode, dec = profile.rounding.value, int(profile.decimals.value)
    out: list[Finding] = []
    for ind, row in zip(framework.indicators, table.to_dict(orient="records"), strict=True):
        if row["problem"]:
            consequence = (
                Phrase("consequence.reviewer", {"points": fmt(row["reviewer_scaled"])})
                if row["overridden"]
                else Phrase("consequence.zero")
            )
            out.append(
                build_finding(
                    row["problem"],
                    ind.id,
                    severity=Severity.WARNING if row["overridden"] else None,
                    name=ind.name,
                    consequence=consequence,
                    **(row["problem_fields"] or {}),
                )
            )
        if row["value_check"]:
            out.append(build_finding(row["value_check"], ind.id, name=ind.name, **row["value_check_fields"]))
        if row["over"]:
            out.append(_overachievement(row, profile))
        if row["unmet"]:
            out.append(_unmet(row, ind.target.text, profile))
        if row["overridden"]:
            out.append(
                build_finding(
                    "reviewer_override",
                    ind.id,
                    name=ind.name,
                    reviewer=fmt(row["reviewer_scaled"]),
                    formula=(
                        Phrase("override.unscored")
                        if row["problem"]
                        else Phrase("override.formula", {"points": fmt(float(round_points(row["formula"], rmode,
                                                                                          dec)))})
                    ),
                    reason=row["reviewer_reason"],
                )
            )
    return out

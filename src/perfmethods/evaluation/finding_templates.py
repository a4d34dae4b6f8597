"""The findings of :func:`~perfmethods.evaluation.evaluate`: zh/en templates in one table keyed by code.

Every finding the evaluation reports is built here from :data:`FINDING_TEMPLATES` (severity, message and
suggestion in both languages) and the phrases of :data:`PHRASES` (the parts of a message that depend on the
case: why an actual is missing, whether a reviewer's score stands in for the formula, whether the unit
explained an over-achievement). The pipeline decides *which* code and phrase apply from the data; the
words live only in these two tables.

Fields are filled with :meth:`str.format`. A field's value is a plain value (the same in both languages),
a :class:`Bilingual` pair or a :class:`Phrase` (a key of :data:`PHRASES` with its own fields).
"""

from __future__ import annotations

from typing import Any

from perfmethods.findings import Bilingual, Finding, FindingTemplate, Phrase, Severity, render_finding

__all__ = [
    "FINDING_CATEGORIES",
    "FINDING_TEMPLATES",
    "PHRASES",
    "Bilingual",
    "FindingTemplate",
    "Phrase",
    "build_finding",
    "finding_category",
]


_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO

#: Finding code → severity, message and suggestion templates (zh and en).
FINDING_TEMPLATES: dict[str, FindingTemplate] = {
    "budget_in_framework": FindingTemplate(
        _I,
        "预算执行率作为指标 {leaves} 在指标体系内计分，不再单列 {budget_points:g} 分的预算执行行。",
        "Budget execution is scored inside the framework as {leaves}; the profile's separate "
        "{budget_points:g}-point budget row is not added.",
    ),
    "weights_total": FindingTemplate(
        _W,
        "一级指标分值合计 {points_sum:g} 分（{parts}），与指标体系总分 {framework_total:g} 分不一致；"
        "已按比例折算为 {scale:g} 分计分。",
        "The level-1 points add up to {points_sum:g} ({parts}), not to the framework's total of "
        "{framework_total:g}; the points were rescaled proportionally to {scale:g}.",
        "核对指标体系的分值设置，使各级分值之和等于总分。",
        "Check the framework's points so that they add up to its total.",
    ),
    "points_rescaled": FindingTemplate(
        _I,
        "指标分值由 {points_sum:g} 分按比例折算为 {scale:g} 分{budget_row}",
        "Indicator points were rescaled from {points_sum:g} to {scale:g}{budget_row}",
    ),
    "budget_zero": FindingTemplate(
        _E,
        "{basis}为 0，无法计算预算执行率（全年执行数 {executed:g} {unit}）。",
        "The {basis} budget is 0: the execution rate cannot be computed (executed {executed:g} {unit}).",
        "填写预算数；若预算列在“其中”子行，请汇总到项目行。",
        "Fill in the budget; if it is on a sub-row (其中…), carry it to the project row.",
    ),
    "overspending": FindingTemplate(
        _W,
        "全年执行数 {executed:g} {unit} 超过{basis} {basis_amount:g} {unit}，执行率 {rate:.2%}。",
        "Spending of {executed:g} {unit} exceeds the budget of {basis_amount:g} {unit} "
        "(execution rate {rate:.2%}).",
        "说明超预算支出的原因及资金来源。",
        "Explain the overspending and where the extra funds came from.",
    ),
    "budget_adjusted": FindingTemplate(
        _I,
        "年中预算调整：年初预算数 {original:g}，全年预算数 {adjusted:g} {unit}；执行率按全年预算数为 {rate_adjusted}，"
        "按年初预算数为 {rate_original}（计分口径：{basis}）。",
        "The budget was changed in the year: original {original:g}, adjusted {adjusted:g} {unit}; "
        "the execution "
        "rate is {rate_adjusted} against the adjusted budget and {rate_original} against the "
        "original (scored "
        "against the {basis} budget).",
        "在报告中说明预算调整的原因。",
        "Explain the budget change in the report.",
    ),
    "missing_budget": FindingTemplate(
        _E,
        "未提供预算执行数据，预算执行率（{budget_points:g} 分）记 0 分。",
        "No budget was given: the budget-execution row ({budget_points:g} points) scores 0.",
        "提供年初预算数、全年预算数和全年执行数。",
        "Give the original budget, the adjusted budget and the amount executed.",
    ),
    "target_not_numeric": FindingTemplate(
        _E,
        "定量指标“{name}”（{direction}）的指标值“{target}”不是数值{range_note}，无法按公式计分，{consequence}",
        "The target '{target}' of quantitative indicator '{name}' ({direction}) is not a "
        "number{range_note}; it "
        "cannot be scored by formula, so {consequence}",
        "填写数值指标值，或将该指标改为定性指标，或给出复核得分及理由。",
        "Give a numeric target, make the indicator qualitative, or give a reviewer's score with a reason.",
    ),
    "missing_actual": FindingTemplate(
        _E,
        "“{name}”{why}，{consequence}",
        "'{name}': {why}, so {consequence}",
        "补充实际完成值（或所需数据）后重新评价。",
        "Supply the actual value (or the data needed) and re-run.",
    ),
    "actual_not_numeric": FindingTemplate(
        _E,
        "定量指标“{name}”的实际完成值“{actual}”不是数值，无法按公式计分，{consequence}",
        "The actual value '{actual}' of quantitative indicator '{name}' is not a number; it cannot "
        "be scored by "
        "formula, so {consequence}",
        "填写数值实际完成值，或给出复核得分及理由。",
        "Report a numeric actual value, or give a reviewer's score with a reason.",
    ),
    "tier_needed": FindingTemplate(
        _E,
        "定性指标“{name}”的实际完成情况“{actual}”未表明目标已达成，也未给出评价档次，{consequence}",
        "The actual '{actual}' of qualitative indicator '{name}' does not state the target met and no "
        "tier was given, so {consequence}",
        "请评价人给出评价档次（达成 / 部分达成 / 未达成）或得分。",
        "Ask the evaluator for the tier (achieved / partly achieved / not achieved) or a score.",
    ),
    "met_by_wording": FindingTemplate(
        _I,
        "“{name}”的实际完成值“{actual}”{rule}，按目标已达成计分（指标值“{target}”）。",
        "The actual '{actual}' of '{name}' {rule}; it is scored as meeting the target ('{target}').",
        "如实际未达成，请给出评价档次或复核得分。",
        "If the target was not in fact met, give the tier or a reviewer's score.",
    ),
    "points_as_printed": FindingTemplate(
        _W,
        "指标分值合计 {points_sum:g} 分，与应有的 {scale:g} 分不一致；按表中分值计分，未折算，自评表本身不一致。",
        "The indicator points add up to {points_sum:g}, not {scale:g}; they are scored as printed, not "
        "rescaled: the table itself is inconsistent.",
        "请填报单位核对分值设置，使各项分值之和为 {scale:g} 分。",
        "Ask the unit to correct its points so that they add up to {scale:g}.",
    ),
    "review_row_sum": FindingTemplate(
        _E,
        "各行得分合计 {row_sum:g} 分，与表上总分 {printed_total:g} 分不一致。",
        "The rows' printed points add up to {row_sum:g}, not to the printed total {printed_total:g}.",
        "核对总分行的加总。",
        "Check the addition of the total row.",
    ),
    "review_points_total": FindingTemplate(
        _E,
        "各行分值合计 {points_sum:g} 分，不是 {expected:g} 分。",
        "The rows' points (分值) add up to {points_sum:g}, not {expected:g}.",
        "核对分值设置。",
        "Check the points of the rows.",
    ),
    "review_formula_differs": FindingTemplate(
        _W,
        "第 {row} 行“{name}”：表上得分 {printed:g}，按公式重算 {recomputed:g}（差 {difference:+.2f}），超出取整误差。",
        "Row {row}, '{name}': printed {printed:g}, recomputed {recomputed:g} (difference {difference:+.2f}), "
        "beyond rounding.",
        "核对该行得分的计算，或在复核说明中写明理由。",
        "Check the row's points, or record the reason in the review note.",
    ),
    "review_overachievement": FindingTemplate(
        _W,
        "第 {row} 行“{name}”实际完成值 {actual} 超过指标值 {target} 较多，未说明原因。",
        "Row {row}, '{name}': the actual {actual} is well above the target {target} and no reason is given.",
        "请填报单位说明超计划原因。",
        "Ask the unit to explain the over-achievement.",
    ),
    "review_untiered": FindingTemplate(
        _W,
        "第 {row} 行定性指标“{name}”未给出评价档次（实际完成情况：{actual}）。",
        "Row {row}, qualitative indicator '{name}': no tier is given (actual: {actual}).",
        "请评价人给出档次（达成 / 部分达成 / 未达成）。",
        "Ask the evaluator for the tier (achieved / partly achieved / not achieved).",
    ),
    "review_execution_rate": FindingTemplate(
        _E,
        "表上预算执行率 {printed}，按金额计算为 {computed}（全年执行数 {executed:g} / 全年预算数 {adjusted:g}）。",
        "The printed execution rate is {printed}; the amounts give {computed} (executed {executed:g} / "
        "adjusted budget {adjusted:g}).",
        "核对预算执行数据。",
        "Check the budget figures.",
    ),
    "review_vague_target": FindingTemplate(
        _W,
        "“{name}”的指标值“{target}”表述模糊，无法衡量。",
        "The target '{target}' of '{name}' is vague and cannot be measured.",
        "将指标值改写为可衡量的数量或时限。",
        "Rewrite the target as a measurable quantity or deadline.",
    ),
    "review_unreadable": FindingTemplate(
        _E,
        "无法读取该表：{reason}",
        "The table could not be read: {reason}",
        "按附件2格式核对文件后重新提交。",
        "Check the file against the 附件2 layout and resubmit it.",
    ),
    "unit_mismatch": FindingTemplate(
        _E,
        "实际完成值“{actual}”与指标值“{target}”的计量单位不同且无法换算，{consequence}",
        "The actual '{actual}' and the target '{target}' are in units that cannot be converted, so "
        "{consequence}",
        "统一实际完成值与指标值的计量单位。",
        "Write the actual and the target in the same unit.",
    ),
    "fraction_as_percent": FindingTemplate(
        _I,
        "“{name}”的实际完成值“{actual}”未写单位，而指标值“{target}”是百分数：已按小数读作 {percent}%"
        "（小数 × 100）后计分。",
        "'{name}': the actual '{actual}' has no unit while the target '{target}' is a percentage; it "
        "was read as a fraction and scored as {percent} % (fraction × 100).",
        "实际完成值请写明“%”（如“96%”），不必换算。",
        "Write the actual with its % sign (e.g. '96%') so that no conversion is needed.",
    ),
    "fraction_ambiguous": FindingTemplate(
        _E,
        "“{name}”的实际完成值“{actual}”未写单位，指标值“{target}”是不超过 1.5% 的百分数，无法判断实际值是"
        "小数（即 {percent}%）还是百分数（即 {actual}%）；已按所写数值计分，数据可信度降低。",
        "'{name}': the actual '{actual}' has no unit and the target '{target}' is a percentage of at most "
        "1.5 %, so it cannot be told whether the actual is a fraction ({percent} %) or a percentage "
        "({actual} %); it was scored as written and the data confidence is lowered.",
        "实际完成值请写明“%”（如“0.96%”或“96%”）。",
        "Write the actual with its % sign (e.g. '0.96%' or '96%').",
    ),
    "overachievement": FindingTemplate(
        _W,
        "“{name}”实际完成值 {actual} 为指标值 {target} 的 {completion}，超计划较大（≥{ratio:.0%}），"
        "{deduction}{explanation}",
        "'{name}': the actual {actual} is {completion} of the target {target}, well above plan "
        "(≥{ratio:.0%}). {deduction} {explanation}",
        "说明超计划原因：是否年初指标值设定明显偏低（10号要求分析原因）。",
        "Explain why: was the target set too low at the start of the year (10号 asks for the reason)?",
    ),
    "unmet_target": FindingTemplate(
        _W,
        "“{name}”未完全达成指标值 {target}（实际 {actual}，{detail}），按公式得 {formula} / {available} 分。{reason}",
        "'{name}' fell short of its target {target} (actual {actual}, {detail}); the formula gives "
        "{formula} of "
        "{available} points.{reason}",
        "说明偏差原因及改进措施。",
        "Explain the shortfall and what will be done about it.",
    ),
    "reviewer_override": FindingTemplate(
        _I,
        "“{name}”复核得分 {reviewer} 分，{formula}；复核说明：{reason}",
        "'{name}': the reviewer's score {reviewer} is used, {formula}; reason: {reason}",
    ),
    "panel_unused": FindingTemplate(
        _I,
        "评价组对指标 {unused} 的评分未用于计分（这些指标按填报值计分）。",
        "The panel's scores for {unused} were not used (those indicators are scored from reported values).",
        "如需以评价组评分计分，将指标的计算来源设为 panel。",
        "Mark the indicators computed=panel to score them from the panel.",
    ),
    "total_capped": FindingTemplate(
        _I,
        "各行四舍五入后合计 {total:g} 分，超过 100 分，按 100 分计。",
        "The rounded rows add up to {total:g}, above 100; the total is capped at 100.",
    ),
}

#: Phrase key → (zh, en): the parts of a message that depend on the case.
PHRASES: dict[str, tuple[str, str]] = {
    # what a row that cannot be scored by formula gets: 0, or the reviewer's score when one is given
    "consequence.zero": ("记 0 分。", "it scores 0."),
    "consequence.reviewer": ("已采用复核得分 {points} 分。", "the reviewer's score {points} is used."),
    # what the formula gave beside a reviewer's score: its points, or nothing when the row has no formula score
    "override.formula": ("公式得分 {points} 分", "not the formula score {points}"),
    "override.unscored": ("此行无法按公式计分", "as the row cannot be scored by formula"),
    # why an actual value is missing
    "why.budget": (
        "未提供预算数据（或预算数为 0），无法计算预算执行率",
        "no budget (or a zero budget) was given, so the execution rate is unknown",
    ),
    "why.survey": ("未提供满意度调查数据", "no satisfaction survey was given"),
    "why.panel": ("评价组未对该指标评分", "the evaluator panel did not score it"),
    "why.tier": (
        "未给出定性评价档次（达成 / 部分达成 / 未达成）或得分",
        "no qualitative tier (achieved / partly achieved / not achieved) or score was given",
    ),
    "why.actual": ("未填报实际完成值", "no actual value was reported"),
    "range_note": ("（区间指标需上下限）", " (a range needs two bounds)"),
    "basis.adjusted": ("全年预算数", "adjusted"),
    "basis.original": ("年初预算数", "original"),
    "points_rescaled.budget_row": (
        "，预算执行率单列 {points:g} 分。",
        "; budget execution is a separate {points:g}-point row.",
    ),
    "points_rescaled.end": ("。", "."),
    "met.same_wording": ("与指标值表述相同", "repeats the target's wording"),
    "met.met_word": ("表明已完成", "states completion"),
    "met.time_full": ("表明时间目标按期完成", "states the time target met"),
    "met.none_against_reverse": ("表明未发生（反向指标）", "states none occurred (a reverse target)"),
    "overachievement.deducted": (
        "按偏离度扣减 {share:.0%} 分值。",
        "{share:.0%} of the points were deducted.",
    ),
    "overachievement.not_deducted": ("未扣分。", "No points were deducted."),
    "overachievement.explained": ("单位说明：{note}", "The unit's explanation: {note}"),
    "overachievement.unexplained": ("需说明原因。", "An explanation is needed."),
    "overachievement.zero_target": ("{actual}（指标值 0）", "{actual}（指标值 0）"),
    "unmet.completion": ("完成率 {completion}", "completion {completion}"),
    "unmet.late": ("逾期 {days} 天完成", "completed {days} days late"),
    "unmet.tier": ("得分率 {share}，属“{tier}”档", "{share} of the points, tier '{tier}'"),
    "unmet.reason": ("偏差原因：{note}", " Reason given: {note}"),
    "tier.达成": ("达成", "achieved"),
    "tier.部分达成": ("部分达成", "partly achieved"),
    "tier.未达成": ("未达成", "not achieved"),
    "empty": ("", ""),
}

#: Finding codes of :func:`evaluate` grouped as an evaluation report discusses them.
FINDING_CATEGORIES: dict[str, tuple[str, ...]] = {
    # targets not met (扣分事项)
    "shortfall": ("unmet_target",),
    # results the unit must explain (需说明事项)
    "explain": ("overachievement", "review_overachievement"),
    # data that cannot be trusted as they stand (数据质量)
    "data": (
        "missing_actual",
        "actual_not_numeric",
        "tier_needed",
        "target_not_numeric",
        "unit_mismatch",
        "fraction_as_percent",
        "fraction_ambiguous",
        "missing_budget",
        "budget_zero",
        "overspending",
        "weights_total",
        "points_as_printed",
        "panel_unused",
        "survey_sample_small",
        "survey_duplicate_rows",
        "total_capped",
        "evaluator_outlier",
        # the checks of a batch review (review_table)
        "review_row_sum",
        "review_points_total",
        "review_formula_differs",
        "review_untiered",
        "review_execution_rate",
        "review_unreadable",
    ),
    # how the indicator system is set up (指标设置)
    "design": ("output_benefit_share", "self_eval_split", "review_vague_target"),
    # reviewers' decisions and adjustments, for the record (复核与调整)
    "review": (
        "reviewer_override",
        "budget_adjusted",
        "budget_in_framework",
        "points_rescaled",
        "met_by_wording",
    ),
}


def finding_category(code: str) -> str:
    """The report category of a finding code (``"other"`` for a code not listed)."""
    for category, codes in FINDING_CATEGORIES.items():
        if code in codes:
            return category
    return "other"


def build_finding(
    code: str,
    indicator: str | None = None,
    *,
    severity: Severity | None = None,
    suggest: bool = True,
    **fields: Any,
) -> Finding:
    """The evaluation finding ``code`` from :data:`FINDING_TEMPLATES` and :data:`PHRASES`
    (:func:`perfmethods.findings.render_finding`)."""
    return render_finding(
        code, FINDING_TEMPLATES, PHRASES, indicator, severity=severity, suggest=suggest, **fields
    )

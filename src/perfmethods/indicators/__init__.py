"""Indicators: specifications and frameworks, target/actual values, scoring rules, locality profiles.

Modules
-------
spec       :class:`Indicator`, :class:`IndicatorFramework`, :class:`Direction`, :class:`Computed`
values     :class:`ParsedValue` (targets and actuals as written: "≥266米", "735 人次")
scoring    the 10号 scoring rules (≥ / ≤ / = / 区间 / 定性 / 预算执行率), over-achievement, rounding
profiles   :class:`LocalityProfile`: each locality's conventions as sourced rules
lint       :func:`lint`: target and framework checks (指向明确、细化量化、合理可行、相应匹配; 破四唯)
templates  :func:`load_template`: reference frameworks shipped as data (10号, 自评表, 101号, 科技类)
targets    :func:`propose_target`: target values from history, peers or plan (绩效改进)
quality    :func:`check_data`: data-quality checks and the confidence they leave in a score

Names are imported lazily (on first access) so that importing one submodule does not import the
others; this keeps :mod:`perfmethods.indicators` and :mod:`perfmethods.evaluation`, which use each
other, free of import cycles.
"""

from __future__ import annotations

from perfmethods._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    # spec
    "Direction": "spec",
    "EvaluationStandard": "spec",
    "Computed": "spec",
    "Indicator": "spec",
    "IndicatorFramework": "spec",
    # values
    "ParsedValue": "values",
    "parse_value": "values",
    "convert_unit": "values",
    # scoring
    "score_positive": "scoring",
    "score_reverse": "scoring",
    "score_equal": "scoring",
    "score_range": "scoring",
    "score_qualitative": "scoring",
    "score_budget_execution": "scoring",
    "execution_rate": "scoring",
    "flag_overachievement": "scoring",
    "deduct_overachievement": "scoring",
    "round_points": "scoring",
    "total_points": "scoring",
    "completion": "scoring",
    # profiles
    "LocalityProfile": "profiles",
    "get_profile": "profiles",
    "list_profiles": "profiles",
    "register_profile": "profiles",
    "canonical_level1": "profiles",
    # lint
    "lint": "lint",
    "lint_frame": "lint",
    "lint_summary": "lint",
    "LintConfig": "lint",
    "LintRule": "lint",
    "LINT_RULES": "lint",
    # templates
    "load_template": "templates",
    "list_templates": "templates",
    "templates_frame": "templates",
    "FrameworkTemplate": "templates",
    "TemplateWave": "templates",
    "Formula": "templates",
    # targets
    "propose_target": "targets",
    "propose_targets": "targets",
    "TargetProposal": "targets",
    "PEER_PERCENTILE": "targets",
    # quality
    "check_data": "quality",
    "check_self_evaluation": "quality",
    "DataQualityResult": "quality",
    "QualityConfig": "quality",
    "Constraint": "quality",
    "robust_z": "quality",
    "history_by_indicator": "quality",
}

__all__ = [
    "Constraint",
    "DataQualityResult",
    "Formula",
    "FrameworkTemplate",
    "LINT_RULES",
    "LintConfig",
    "LintRule",
    "PEER_PERCENTILE",
    "QualityConfig",
    "TargetProposal",
    "TemplateWave",
    "check_data",
    "check_self_evaluation",
    "history_by_indicator",
    "lint",
    "lint_frame",
    "lint_summary",
    "list_templates",
    "load_template",
    "propose_target",
    "propose_targets",
    "robust_z",
    "templates_frame",
    "Computed",
    "Direction",
    "EvaluationStandard",
    "Indicator",
    "IndicatorFramework",
    "LocalityProfile",
    "ParsedValue",
    "canonical_level1",
    "completion",
    "convert_unit",
    "deduct_overachievement",
    "execution_rate",
    "flag_overachievement",
    "get_profile",
    "list_profiles",
    "parse_value",
    "register_profile",
    "round_points",
    "score_budget_execution",
    "score_equal",
    "score_positive",
    "score_qualitative",
    "score_range",
    "score_reverse",
    "total_points",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

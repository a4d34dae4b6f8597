"""Indicator rules: scoring, locality profiles, grades, results application, linting, templates, targets, quality.

Modules
-------
scoring      the 10号 scoring rules (≥ / ≤ / = / 区间 / 定性 / 预算执行率), over-achievement, rounding
profiles     :class:`LocalityProfile`: each locality's conventions as sourced rules
grades       :func:`grade`: 优 / 良 / 中 / 差 from a total score; :func:`grade_bands_frame`: the bands
application  :class:`ApplicationTable`, :func:`recommend`: grade → next year's budget action
linting      :func:`lint`: target and framework checks (指向明确、细化量化、合理可行、相应匹配; 破四唯)
templates    :func:`load_template`: reference frameworks shipped as data (10号, 自评表, 101号, 科技类)
targets      :func:`propose_target`: target values from history, peers or plan (绩效改进)
quality      :func:`check_data`: data-quality checks and the confidence they leave in a score

The framework types (:class:`Indicator`, :class:`IndicatorFramework`, :class:`ParsedValue`, …) live in
:mod:`perfmethods.model` and are re-exported here.
"""

from __future__ import annotations

from perfmethods.indicators.linting import LINT_CHECKS, LintCheck, LintConfig, lint, lint_frame, lint_summary
from perfmethods.indicators.profiles import (
    LocalityProfile,
    canonical_level1,
    get_profile,
    list_profiles,
    register_profile,
)
from perfmethods.indicators.quality import (
    Constraint,
    DataQualityResult,
    QualityConfig,
    check_data,
    check_self_evaluation,
    history_by_indicator,
    robust_z,
)
from perfmethods.indicators.scoring import (
    completion,
    deduct_overachievement,
    execution_rate,
    flag_overachievement,
    round_points,
    score_budget_execution,
    score_equal,
    score_positive,
    score_qualitative,
    score_range,
    score_reverse,
    total_points,
)
from perfmethods.indicators.targets import PEER_PERCENTILE, TargetProposal, propose_target, propose_targets
from perfmethods.indicators.templates import (
    Formula,
    FrameworkTemplate,
    TemplateWave,
    list_templates,
    load_template,
    templates_frame,
)
from perfmethods.model.framework import Computed, Direction, EvaluationStandard, Indicator, IndicatorFramework
from perfmethods.model.values import ParsedValue, convert_unit, parse_value

__all__ = [
    "Constraint",
    "DataQualityResult",
    "Formula",
    "FrameworkTemplate",
    "LINT_CHECKS",
    "LintConfig",
    "LintCheck",
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

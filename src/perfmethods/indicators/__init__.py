"""Indicators: specifications and frameworks, target/actual values, scoring rules, locality profiles.

Modules
-------
spec       :class:`Indicator`, :class:`IndicatorFramework`, :class:`Direction`, :class:`Computed`
values     :class:`ParsedValue` (targets and actuals as written: "≥266米", "735 人次")
scoring    the 10号 scoring rules (≥ / ≤ / = / 区间 / 定性 / 预算执行率), over-achievement, rounding
profiles   :class:`LocalityProfile`: each locality's conventions as sourced rules

Names are imported lazily (on first access) so that importing one submodule does not import the
others; this keeps :mod:`perfmethods.indicators` and :mod:`perfmethods.evaluation`, which use each
other, free of import cycles.
"""

from __future__ import annotations

import importlib
from typing import Any

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
}

__all__ = [
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'perfmethods.indicators' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"perfmethods.indicators.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

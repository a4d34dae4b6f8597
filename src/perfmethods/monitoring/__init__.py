"""In-year performance monitoring (绩效运行监控, 双监控): spending against time, targets against plan.

Modules
-------
thresholds   :class:`LightThresholds`, :func:`get_thresholds`: named warning-light threshold sets
             (``budget_system``, ``sichuan``) with the provenance of every threshold
inputs       :class:`ProjectReport`: one project's in-year report (budget by period, framework, progress)
thresholds   also the lights of a rule set (budget light, floors, projected year-end execution, projected
             overspend) and :meth:`LightThresholds.describe`, the rules in a reader's words
progress     :func:`monitor`, :func:`monitor_portfolio` → :class:`MonitoringResult` (lights, 完成目标可能性, and
             ``reasons``: one row per red or yellow light naming the indicator, the numbers and the line crossed)
year_end     :func:`outlook` → :class:`OutlookResult`: year-end projection with an interval, judged for
             under-spending and, separately, projected overspend (``counts()``, ``reasons()``, ``plot()``)
reasons      :data:`REASON_COLUMNS`: the columns of both reasons tables, and their sentences
quantities   :func:`quantity_text`, :func:`whole_units`: counts as whole numbers, every number with its unit;
             ``accumulates``: whether an indicator accumulates over the year or is a level (the one rule)
adjustments  :class:`Adjustment`, :class:`AdjustmentLog`, :data:`DEVIATION_REASONS`,
             :func:`evaluate_adjusted`: lawful in-year adjustments and scoring against adjusted targets
portfolio    :func:`read_portfolio`: a department's portfolio from CSV tables
"""

from __future__ import annotations

from perfmethods.monitoring.adjustments import (
    ADJUSTMENT_STATUSES,
    BUDGET_ITEM,
    DEVIATION_REASONS,
    AdjustedEvaluation,
    Adjustment,
    AdjustmentLog,
    evaluate_adjusted,
)
from perfmethods.monitoring.inputs import ProjectReport
from perfmethods.monitoring.portfolio import Portfolio, read_portfolio
from perfmethods.monitoring.progress import (
    LIKELIHOOD_TIERS,
    MonitoringResult,
    monitor,
    monitor_portfolio,
    time_progress,
)
from perfmethods.monitoring.quantities import COUNT_UNITS, quantity_text, whole_units
from perfmethods.monitoring.reasons import REASON_COLUMNS
from perfmethods.monitoring.thresholds import (
    LIGHT_SEVERITY,
    LIGHTS,
    LightThresholds,
    get_thresholds,
    list_thresholds,
    register_thresholds,
)
from perfmethods.monitoring.year_end import SPENDING, OutlookResult, outlook

__all__ = [
    "ADJUSTMENT_STATUSES",
    "AdjustedEvaluation",
    "Adjustment",
    "AdjustmentLog",
    "BUDGET_ITEM",
    "COUNT_UNITS",
    "DEVIATION_REASONS",
    "LIGHTS",
    "LIGHT_SEVERITY",
    "LIKELIHOOD_TIERS",
    "LightThresholds",
    "MonitoringResult",
    "OutlookResult",
    "Portfolio",
    "ProjectReport",
    "REASON_COLUMNS",
    "SPENDING",
    "evaluate_adjusted",
    "get_thresholds",
    "list_thresholds",
    "monitor",
    "monitor_portfolio",
    "outlook",
    "quantity_text",
    "read_portfolio",
    "register_thresholds",
    "time_progress",
    "whole_units",
]

"""In-year performance monitoring (绩效运行监控, 双监控): spending against time, targets against plan.

Modules
-------
rules        :class:`LightRules`, :func:`get_rules`: named warning-light rule sets (``budget_system``,
             ``sichuan``) with the provenance of every threshold
inputs       :class:`ProjectReport`: one project's in-year report (budget by period, framework, progress)
progress     :func:`monitor`, :func:`monitor_portfolio` → :class:`MonitoringResult` (lights, 完成目标可能性)
year_end     :func:`outlook` → :class:`OutlookResult`: year-end projection with an interval
adjustments  :class:`Adjustment`, :class:`AdjustmentLog`, :data:`DEVIATION_REASONS`,
             :func:`evaluate_adjusted`: lawful in-year adjustments and scoring against adjusted targets
portfolio    :func:`read_portfolio`: a department's portfolio from CSV tables
"""

from __future__ import annotations

from perfmethods.monitoring.adjustments import (
    AdjustedEvaluation,
    Adjustment,
    ADJUSTMENT_STATUSES,
    AdjustmentLog,
    BUDGET_ITEM,
    DEVIATION_REASONS,
    evaluate_adjusted,
)
from perfmethods.monitoring.inputs import ProjectReport
from perfmethods.monitoring.portfolio import Portfolio, read_portfolio
from perfmethods.monitoring.progress import (
    LIKELIHOOD_TIERS,
    monitor,
    monitor_portfolio,
    MonitoringResult,
    time_progress,
)
from perfmethods.monitoring.rules import (
    get_rules,
    LIGHT_SEVERITY,
    LightRules,
    LIGHTS,
    list_rules,
    register_rules,
)
from perfmethods.monitoring.year_end import outlook, OutlookResult, SPENDING

__all__ = [
    "ADJUSTMENT_STATUSES",
    "AdjustedEvaluation",
    "Adjustment",
    "AdjustmentLog",
    "BUDGET_ITEM",
    "DEVIATION_REASONS",
    "LIGHTS",
    "LIGHT_SEVERITY",
    "LIKELIHOOD_TIERS",
    "LightRules",
    "MonitoringResult",
    "OutlookResult",
    "Portfolio",
    "ProjectReport",
    "SPENDING",
    "evaluate_adjusted",
    "get_rules",
    "list_rules",
    "monitor",
    "monitor_portfolio",
    "outlook",
    "read_portfolio",
    "register_rules",
    "time_progress",
]

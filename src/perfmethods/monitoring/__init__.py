"""In-year performance monitoring (绩效运行监控, 双监控): spending against time, targets against plan.

Modules
-------
rules        :class:`LightRules`, :func:`get_rules`: named warning-light rule sets (``budget_system``,
             ``sichuan``) with the provenance of every threshold
inputs       :class:`ProjectReport`: one project's in-year report (budget by period, framework, progress)
monitor      :func:`monitor`, :func:`monitor_portfolio` → :class:`MonitoringResult` (lights, 完成目标可能性)
outlook      :func:`outlook` → :class:`OutlookResult`: year-end projection with an interval
adjustments  :class:`Adjustment`, :class:`AdjustmentLog`, :data:`DEVIATION_REASONS`,
             :func:`evaluate_adjusted`: lawful in-year adjustments and scoring against adjusted targets
portfolio    :func:`read_portfolio`: a department's portfolio from CSV tables

Names are imported lazily (on first access).
"""

from __future__ import annotations

from perfmethods._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "LIGHTS": "rules",
    "LIGHT_SEVERITY": "rules",
    "LightRules": "rules",
    "get_rules": "rules",
    "list_rules": "rules",
    "register_rules": "rules",
    "ProjectReport": "inputs",
    "LIKELIHOOD_TIERS": "monitor",
    "MonitoringResult": "monitor",
    "monitor": "monitor",
    "monitor_portfolio": "monitor",
    "time_progress": "monitor",
    "OutlookResult": "outlook",
    "outlook": "outlook",
    "SPENDING": "outlook",
    "ADJUSTMENT_STATUSES": "adjustments",
    "Adjustment": "adjustments",
    "AdjustedEvaluation": "adjustments",
    "AdjustmentLog": "adjustments",
    "BUDGET_ITEM": "adjustments",
    "DEVIATION_REASONS": "adjustments",
    "evaluate_adjusted": "adjustments",
    "Portfolio": "portfolio",
    "read_portfolio": "portfolio",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

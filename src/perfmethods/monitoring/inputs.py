"""Validated in-year monitoring inputs: one project's quarterly (or monthly) report.

A :class:`ProjectReport` bundles what a department reports for a project during the year: the budget with
its cumulative execution by period (:class:`~perfmethods.model.inputs.Budget` with ``periods``), the
indicator framework (annual targets, directions, points) and the cumulative progress of each indicator
by month. Everything is checked once, here: periods out of order or repeated, cumulative spending that
falls or exceeds the budget, progress for indicators the framework does not have, progress given twice
for the same month, a count (场, 人次 …) that is not a whole number, an "accumulates" flag that is not yes / no —
each an :class:`~perfmethods.errors.InputError` naming the project and the record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.model.framework import Direction, IndicatorFramework
from perfmethods.model.inputs import Budget, first_undeclared_fall, parse_tier
from perfmethods.monitoring.quantities import accumulates as accumulates_rule
from perfmethods.monitoring.quantities import is_count_unit, parse_accumulates
from perfmethods.validation import shown_value

__all__ = ["ProjectReport"]

_TOL = 1e-9


@dataclass(frozen=True)
class ProjectReport:
    """The in-year report of one project.

    Attributes
    ----------
    project : the project's id (used in every table and error message).
    budget : the budget (``adjusted`` = 全年预算数) with in-year ``periods`` (``period``, ``month``,
        ``executed_cum``): cumulative execution at the end of each period.
    framework : the indicator framework (annual targets, directions, points), or ``None`` for spending only.
    progress : cumulative indicator progress, one row per (indicator, month): ``indicator_id``, ``month``,
        ``value`` (cumulative completed value, in the target's unit; for ≤ indicators the current level)
        and, for qualitative indicators, ``tier`` (达成 / 部分达成 / 未达成). An optional ``plan`` column
        overrides the pro-rata plan (annual target × month / 12) of that row.
    name : the project's name.
    department : the department (部门 / 单位).
    source : the file(s) the report was read from.
    accumulates : for some indicators, whether they accumulate over the year (yes / no, 是 / 否, a bool; see
        :func:`~perfmethods.monitoring.quantities.parse_accumulates`), by indicator id; an indicator not named
        (or blank) is judged by its unit (:func:`~perfmethods.monitoring.quantities.accumulates`).
    """

    project: str
    budget: Budget
    framework: IndicatorFramework | None = None
    progress: pd.DataFrame | None = None
    name: str = ""
    department: str = ""
    source: str = ""
    accumulates: Mapping[str, object] | None = None

    def __post_init__(self) -> None:
        project = str(self.project).strip()
        if not project:
            raise InputError("a monitored project has an empty id", location={"file": self.source or None})
        object.__setattr__(self, "project", project)
        where = {"file": self.source or self.budget.source or None, "project": project}
        if not isinstance(self.budget, Budget):
            raise InputError(f"the budget must be a Budget; got {type(self.budget).__name__}", location=where)
        periods = self.budget.periods
        if periods is None or len(periods) == 0:
            raise InputError("the project has no in-year execution periods (期间 / 月份 / 累计执行数)",
                             location=where)
        _check_periods(periods, self.budget.adjusted, self.budget.unit, where)
        if self.framework is not None and not isinstance(self.framework, IndicatorFramework):
            raise InputError(f"the framework must be an IndicatorFramework; got {type(self.framework).__name__}",
                             location=where)
        if self.progress is not None:
            if self.framework is None:
                raise InputError("indicator progress is given without an indicator framework", location=where)
            object.__setattr__(self, "progress", self._check_progress(pd.DataFrame(self.progress), where))
        object.__setattr__(self, "accumulates", self._check_accumulates(where))

    def _check_accumulates(self, where: dict[str, Any]) -> dict[str, bool]:
        """The explicit flags as bools, blank ones dropped; an unknown indicator or a value not yes / no raises."""
        given = {} if self.accumulates is None else dict(self.accumulates)
        known = set() if self.framework is None else set(self.framework.ids)
        out: dict[str, bool] = {}
        for ind, raw in given.items():
            loc = {**where, "indicator": str(ind)}
            if str(ind) not in known:
                raise InputError(f"whether indicator {str(ind)!r} accumulates is given, but it is not in the "
                                 f"project's framework {sorted(known)}", location=loc)
            flag = parse_accumulates(raw, location=loc)
            if flag is not None:
                out[str(ind)] = flag
        return out

    def accumulating(self) -> dict[str, bool]:
        """For every indicator of the framework, whether it accumulates over the year (True) or is a level:
        the explicit flag when given, else the unit rule (:func:`~perfmethods.monitoring.quantities.accumulates`)."""
        if self.framework is None:
            return {}
        flags = self.accumulates or {}
        return {i.id: accumulates_rule(i.unit, flags.get(i.id)) for i in self.framework}

    @classmethod
    def from_tables(
        cls,
        project: str,
        *,
        budget: float,
        spending: pd.DataFrame,
        original: float | None = None,
        framework: IndicatorFramework | None = None,
        progress: pd.DataFrame | None = None,
        name: str = "",
        department: str = "",
        unit: str = "万元",
        source: str = "",
        accumulates: Mapping[str, object] | None = None,
    ) -> ProjectReport:
        """Build a report from a spending table (``period``, ``month``, ``executed_cum``) and a budget amount.

        The spending table is checked before the :class:`Budget` is built, so that a repeated or
        out-of-order period is named in the error. ``budget`` is the full-year budget (全年预算数);
        ``original`` the budget at the start of the year (defaults to ``budget``); ``accumulates`` as the
        attribute.
        """
        where = {"file": source or None, "project": str(project)}
        frame = pd.DataFrame(spending).copy().reset_index(drop=True)
        missing = {"period", "month", "executed_cum"} - set(frame.columns)
        if missing:
            raise InputError(f"the spending table lacks columns {sorted(missing)}", location=where)
        _check_periods(frame, float(budget), unit, where)
        cum = frame["executed_cum"].astype(float)
        bud = Budget(original=float(budget if original is None else original), adjusted=float(budget),
                     executed=float(cum.iloc[-1]), unit=unit, periods=frame, source=source)
        return cls(project=str(project), budget=bud, framework=framework, progress=progress, name=name,
                   department=department, source=source, accumulates=accumulates)

    def _check_progress(self, frame: pd.DataFrame, where: dict[str, Any]) -> pd.DataFrame:
        frame = frame.copy().reset_index(drop=True)
        missing = {"indicator_id", "month"} - set(frame.columns)
        if missing or not ({"value", "tier"} & set(frame.columns)):
            raise InputError(f"the progress table needs columns indicator_id, month and value (or tier); it has "
                             f"{list(frame.columns)}", location=where)
        for col in ("value", "tier", "plan"):
            if col not in frame.columns:
                frame[col] = np.nan if col != "tier" else None
        frame["indicator_id"] = frame["indicator_id"].astype(str).str.strip()
        if self.framework is None:  # pragma: no cover - guarded by the caller
            raise InputError("indicator progress is given without an indicator framework", location=where)
        known = set(self.framework.ids)
        for i, ind in enumerate(frame["indicator_id"]):
            if ind not in known:
                raise InputError(f"progress is reported for indicator {ind!r}, which is not in the project's "
                                 f"framework {sorted(known)}", location={**where, "row": i + 2, "indicator": ind})
        months = pd.to_numeric(frame["month"], errors="coerce")
        bad = months.isna() | ~months.between(1, 12) | (months != months.round())
        if bad.any():
            i = int(np.nonzero(bad.to_numpy())[0][0])
            raise InputError("the month must be an integer 1–12; got "
                             f"{shown_value(frame['month'].iloc[i])}",
                             location={**where, "row": i + 2, "indicator": frame["indicator_id"].iloc[i]})
        frame["month"] = months.astype(int)
        dup = frame.duplicated(["indicator_id", "month"])
        if dup.any():
            i = int(np.nonzero(dup.to_numpy())[0][0])
            raise InputError(f"progress for month {frame['month'].iloc[i]} is given twice",
                             location={**where, "row": i + 2, "indicator": frame["indicator_id"].iloc[i]})
        directions = {ind.id: ind.direction for ind in self.framework}
        units = {ind.id: ind.unit for ind in self.framework}
        values = pd.to_numeric(frame["value"], errors="coerce")
        tiers: list[str | None] = []
        for i, (ind, raw, num) in enumerate(zip(frame["indicator_id"], frame["value"], values, strict=True)):
            loc = {**where, "row": i + 2, "indicator": ind}
            if directions[ind] is Direction.QUALITATIVE:
                tier = parse_tier(frame["tier"].iloc[i], location=loc)
                if tier is None:
                    tier = parse_tier(raw if isinstance(raw, str) else None, location=loc)
                if tier is None:
                    raise InputError("a qualitative indicator's progress needs a tier (达成 / 部分达成 / 未达成)",
                                     location=loc)
                tiers.append(tier)
            else:
                if not math.isfinite(float(num)) or num < 0:
                    raise InputError(f"the cumulative value must be a number >= 0; got {shown_value(raw)}",
                                     location=loc)
                if is_count_unit(units[ind]) and abs(float(num) - round(float(num))) > _TOL:
                    raise InputError(f"a count in {units[ind].strip()} is a whole number; got {shown_value(raw)}",
                                     location=loc)
                tiers.append(None)
        frame["value"] = values.astype(float)
        frame["tier"] = pd.Series(tiers, dtype=object)
        frame["plan"] = pd.to_numeric(frame["plan"], errors="coerce").astype(float)
        frame = frame.sort_values(["indicator_id", "month"], kind="stable").reset_index(drop=True)
        return frame[["indicator_id", "month", "value", "tier", "plan"]]

    def to_dict(self) -> dict[str, Any]:
        progress = None
        if self.progress is not None:
            progress = [{k: (None if isinstance(v, float) and not math.isfinite(v) else
                             (v.item() if isinstance(v, np.generic) else v)) for k, v in row.items()}
                        for row in self.progress.to_dict(orient="records")]
        return {"project": self.project, "name": self.name, "department": self.department,
                "budget": self.budget.to_dict(),
                "framework": None if self.framework is None else self.framework.to_dict(),
                "progress": progress, "accumulates": dict(self.accumulates or {})}


def _check_periods(periods: pd.DataFrame, budget: float, unit: str, where: dict[str, Any]) -> None:
    """Periods given once each, in calendar order; cumulative spending non-decreasing and within the budget."""
    month = pd.to_numeric(periods["month"], errors="coerce").to_numpy(dtype=float)
    cum = pd.to_numeric(periods["executed_cum"], errors="coerce").to_numpy(dtype=float)
    labels = periods["period"].astype(str).to_numpy()
    badm = np.nonzero(~np.isfinite(month) | (month < 1) | (month > 12) | (month != np.round(month)))[0]
    if badm.size:
        i = int(badm[0])
        raise InputError("the month of a period must be an integer 1–12; got "
                         f"{shown_value(periods['month'].iloc[i])}",
                         location={**where, "period": labels[i]})
    rep = np.nonzero(np.diff(month) <= 0)[0]
    if rep.size:
        i = int(rep[0]) + 1
        what = "is repeated" if month[i] == month[i - 1] else "is out of calendar order"
        raise InputError(f"the period {labels[i]!r} (month {month[i]:g}) {what}; give each period once, in "
                         "calendar order", location={**where, "period": labels[i]})
    if not np.isfinite(cum).all() or (cum < 0).any():
        i = int(np.nonzero(~np.isfinite(cum) | (cum < 0))[0][0])
        raise InputError("cumulative spending must be a number >= 0; got "
                         f"{shown_value(periods['executed_cum'].iloc[i])}",
                         location={**where, "period": labels[i]})
    refund = None
    if "refund" in periods.columns:
        refund = pd.to_numeric(periods["refund"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    i = first_undeclared_fall(cum, refund)
    if i is not None:
        raise InputError(f"cumulative spending falls from {cum[i - 1]:g} to {cum[i]:g}; the execution column "
                         "is cumulative (累计执行数) and can only fall by a refund declared in the period's "
                         "'refund' (退款) column", location={**where, "period": labels[i]})
    over = np.nonzero(cum > budget * (1 + _TOL) + _TOL)[0]
    if over.size:
        i = int(over[0])
        raise InputError(f"cumulative spending {cum[i]:g} exceeds the full-year budget {budget:g} {unit}; "
                         "record the budget adjustment first", location={**where, "period": labels[i]})

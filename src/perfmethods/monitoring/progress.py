"""Double monitoring (双监控) of a project or a department's portfolio at a reporting period.

中发〔2018〕34号 asks every department to monitor "绩效目标实现程度和预算执行进度" together (双监控); 财预〔2019〕136号
sets the practice (目标比较法; deviation reasons; 完成目标可能性 确定能 / 有可能 / 完全不可能). For each
project, at the end of the reporting month *m*:

Formulas
--------
time progress               τ_m = m / 12, or a spending curve's cumulative share at month m
execution progress          e_m = cumulative spending / full-year budget (``execution_progress`` of
                            :mod:`perfmethods.evaluation.budget`, reused)
budget ratio                r_b = e_m / τ_m                                   → ``budget_bands``
Sichuan floor               e_m < floor(latest checkpoint ≤ m)                → ``floor_light``
indicator plan (≥, =)       an indicator that accumulates (场次, 人次, 公里, 万元 …): P_im = annual target × m / 12
                            (or the report's ``plan``); a level (rate, share, score, price, unit cost): P_im =
                            annual target at every month (one rule, :func:`~.quantities.accumulates`: the
                            indicator's explicit yes / no, else its unit)
indicator ratio             r_i = value / P_im                                → ``indicator_bands``; a level
                            meeting its target is green, never blue (it is not ahead of a plan)
reverse indicator (≤)       value ≤ target → green, else red
qualitative                 tier → ``qualitative_lights``
target progress             t_m = Σ_i w_i min(value_i / target_i, 1) / Σ_i w_i over ≥ and = indicators,
                            w_i the indicator's points (分值)
gap                         t_m − e_m; |gap| > ``gap_points`` → ``gap_light``
project target light        worst indicator light (goalwarn)
overall light               worst of the budget, floor, gap and target lights
完成目标可能性                accumulating: c_i = (value + v̂ (12 − m)) / target, v̂ = max(pace to date, pace
                            in the last period), the projection in whole units (⌊·⌋) for a count (场, 人次 …);
                            c ≥ ``certain_ratio`` (or already met) → 确定能, c < ``impossible_ratio``
                            → 完全不可能, else 有可能; a level is not projected (projection = current level):
                            met at the latest month → 确定能 else 有可能; ≤ indicators: met → 确定能 else
                            有可能; qualitative: 达成 → 确定能 else 有可能. The project's tier is its worst
                            indicator's.
targets and budget          with an adjustment log, those in force at the end of the month judged: approved
                            entries dated on or before it (``AdjustmentLog.in_force``); pending and rejected
                            ones never apply; ``original_target`` / ``original_budget`` show what they replaced

Every red or yellow light, and every target judged 完全不可能, has a row in :attr:`MonitoringResult.reasons`
naming the indicator, the numbers compared and the line crossed ("指标“活动场次”累计完成 9 场，年度目标 48
场，按时间进度（75.0%）折算应完成 36 场，完成计划的 25%，低于 60%（红灯）"; a level is compared with its annual
target, and an adjusted target names the original one and the approval); the findings join them.

Lights order from best to worst: green, blue (ahead of plan), yellow, red. The rule sets and the
provenance of each threshold are in :mod:`perfmethods.monitoring.thresholds`.

All projects, indicators and periods are computed together as array operations on long tables; only
the validation of each project's inputs and the reuse of ``execution_progress`` go project by project.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.evaluation.budget import execution_progress
from perfmethods.findings import Finding, Severity
from perfmethods.i18n import t, translator
from perfmethods.model.framework import Direction
from perfmethods.monitoring.adjustments import BUDGET_ITEM, Adjustment, AdjustmentLog
from perfmethods.monitoring.inputs import ProjectReport
from perfmethods.monitoring.quantities import quantity_text, whole_units
from perfmethods.monitoring.reasons import lamp, line, percent, reason_frame, sort_reasons
from perfmethods.monitoring.thresholds import (
    LIGHT_SEVERITY,
    LightThresholds,
    band_light,
    get_thresholds,
    worst_light,
)
from perfmethods.results import Result
from perfmethods.results import json_records as _records
from perfmethods.validation import check_language, check_number, shown_value

__all__ = ["LIKELIHOOD_TIERS", "MonitoringResult", "monitor", "monitor_portfolio", "time_progress"]

#: 完成目标可能性 tiers of 财预〔2019〕136号 (unverified against the text), best first, with their English labels.
LIKELIHOOD_TIERS: dict[str, str] = {"确定能": "certain", "有可能": "possible", "完全不可能": "impossible"}
_LIKELIHOOD_RANK = {"确定能": 0, "有可能": 1, "完全不可能": 2}
_SEVERITY_LIGHT = {v: k for k, v in LIGHT_SEVERITY.items()}
_TOL = 1e-9

_LIGHT_COLOURS = {"green": "#2e9e44", "blue": "#2f6fd0", "yellow": "#f2b705", "red": "#d62728", "none": "#d9d9d9"}


def time_progress(month: int | np.ndarray, spending_curve: Sequence[float] | None = None) -> np.ndarray:
    """Time progress at the end of ``month``: m / 12, or the cumulative share of a spending curve.

    Parameters
    ----------
    month : month(s) 1–12.
    spending_curve : 12 cumulative shares (non-decreasing, in (0, 1], ending at 1), e.g. a typical year's
        spending curve; ``None`` for the budget-system default m / 12 (pmkpi ``bgttracewarn``: #month#/12).
    """
    m = _months(month)
    if spending_curve is None:
        return m / 12.0
    prof = np.asarray(spending_curve, dtype=float)
    if prof.shape != (12,) or not np.isfinite(prof).all() or (np.diff(prof) < -_TOL).any() or prof[0] <= 0 \
            or abs(prof[-1] - 1.0) > 1e-6:
        raise InputError("The 'spending_curve' parameter must be 12 cumulative shares, non-decreasing, "
                         "above 0 and ending at 1; got "
                         f"{shown_value(list(spending_curve), limit=200)} instead.")
    return prof[m - 1]


def _months(month: object) -> np.ndarray:
    """``month`` as an int array if every value is a whole month 1–12, else raise naming the first bad one."""
    raw = np.asarray(month)
    flat = raw.ravel()
    if raw.dtype.kind in "iuf":
        values = flat.astype(float)
    else:  # text, booleans, None: not a month
        values = np.full(flat.shape, np.nan)
    bad = ~np.isfinite(values) | (values < 1) | (values > 12) | (values != np.round(values))
    if bad.any():
        raise InputError("The 'month' parameter of time_progress must be a whole month 1–12; got "
                         f"{shown_value(flat[int(np.flatnonzero(bad)[0])])} instead.")
    return values.astype(int).reshape(raw.shape)


@dataclass(frozen=True, repr=False)
class MonitoringResult(Result):
    """Double monitoring of one or more projects at a reporting month.

    Attributes
    ----------
    projects : one row per project at the reporting month: ``project``, ``name``, ``department``, ``month``,
        ``period``, ``budget`` (in force), ``original_budget`` (the budget an approved change in force replaced;
        NaN when none), ``budget_approval``, ``unit`` (the budget's), ``executed_cum``, ``time_progress``,
        ``execution_progress``, ``budget_ratio``, ``budget_light``, ``floor``, ``floor_light``, ``target_progress``,
        ``gap``, ``gap_light``, ``goal_light``, ``overall_light``, ``n_red``, ``n_yellow``, ``likelihood``,
        ``needs_attention``.
    periods : spending by project and period up to the reporting month with the same budget columns.
    indicators : one row per project × indicator at the reporting month (latest progress at or before it):
        ``project``, ``indicator_id``, ``name``, ``direction``, ``accumulates`` (False: a level, compared with
        the annual target), ``target`` (in force), ``target_upper``, ``original_target`` (the target an approved
        change in force replaced; NaN when none), ``approval`` and ``adjusted_on`` (of that change), ``unit``,
        ``points``, ``month``, ``value``, ``tier``, ``plan``, ``ratio``, ``completion``, ``light``, ``projected``
        (whole units for a count; the current level for a level), ``projected_completion``, ``likelihood``.
    reasons : one row per red or yellow light and per target judged 完全不可能 (``REASON_COLUMNS`` of :mod:`.reasons`):
        ``project``, ``name``, ``check`` (``budget``: execution against time; ``floor``: execution floor;
        ``gap``: target progress against execution; ``indicator``: an indicator's light; ``likelihood``: a target
        that cannot be met), ``light``, ``indicator_id`` and ``indicator`` (name) for the indicator checks, the
        numbers compared (``value``, ``target``, ``plan``, ``unit``, ``ratio``) and the line crossed
        (``threshold``), and the sentence a report prints (``reason_zh``, ``reason_en``). Every project whose
        light is red or yellow has at least one row, and every red or yellow indicator has its own.
    month : the reporting month (``None``: each project's latest period).
    thresholds : the warning-light thresholds used.
    findings : one finding per project needing attention, its message joining the project's reasons.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("month",)

    projects: pd.DataFrame
    periods: pd.DataFrame
    indicators: pd.DataFrame
    reasons: pd.DataFrame
    month: int | None
    thresholds: LightThresholds
    findings: tuple[Finding, ...]

    def summary(self) -> pd.DataFrame:
        """The project table (one row per project)."""
        return self.projects.copy()

    def attention(self) -> pd.DataFrame:
        """Projects needing attention (a red or yellow overall light, or a target judged 完全不可能)."""
        return self.projects[self.projects["needs_attention"]].reset_index(drop=True)

    def light_counts(self) -> pd.DataFrame:
        """Number of projects by overall light (green, blue, yellow, red)."""
        counts = self.projects["overall_light"].value_counts()
        return pd.DataFrame({"light": ["green", "blue", "yellow", "red"],
                             "n_projects": [int(counts.get(c, 0)) for c in ("green", "blue", "yellow", "red")]})

    def overview(self) -> dict[str, float | int]:
        """The portfolio in a few numbers, for a report's opening paragraph.

        Returns
        -------
        dict : ``n_projects``; ``budget`` and ``executed`` (sums over projects, in the budgets' unit);
        ``execution_rate`` = executed / budget (NaN when the budget is 0); ``time_progress`` (the latest
        project's time progress, the reporting date's); ``n_red``, ``n_yellow`` (projects by overall light);
        ``n_attention`` (projects needing attention, :meth:`attention`).
        """
        p = self.projects
        budget = float(p["budget"].sum())
        executed = float(p["executed_cum"].sum())
        return {"n_projects": int(len(p)), "budget": budget, "executed": executed,
                "execution_rate": executed / budget if budget > 0 else float("nan"),
                "time_progress": float(p["time_progress"].max()) if len(p) else float("nan"),
                "n_red": int((p["overall_light"] == "red").sum()),
                "n_yellow": int((p["overall_light"] == "yellow").sum()),
                "n_attention": int(p["needs_attention"].sum())}

    def to_dict(self) -> dict[str, Any]:
        return {"month": self.month, "thresholds": self.thresholds.to_dict(),
                "projects": _records(self.projects), "periods": _records(self.periods),
                "indicators": _records(self.indicators), "reasons": _records(self.reasons),
                "findings": [f.to_dict() for f in self.findings]}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """One row of lights per project: budget ratio, floor, gap, targets and overall (fonts set elsewhere)."""
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D

        tr = translator(check_language(language, func="plot"), "plot.monitoring.lights.")
        frame = self.projects
        pairs = [(c, tr(k)) for c, k in (("budget_light", "budget"), ("floor_light", "floor"), ("gap_light", "gap"),
                                          ("goal_light", "goal"), ("overall_light", "overall"))
                 if c == "overall_light" or not (frame[c] == "none").all()]  # rules the rule set does not use
        cols = [c for c, _ in pairs]
        names = [n for _, n in pairs]
        n = len(frame)
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.32 * n + 1.6))
        ys = np.arange(n)
        for j, col in enumerate(cols):
            colours = [_LIGHT_COLOURS[c] for c in frame[col]]
            ax.scatter(np.full(n, j), ys, c=colours, s=150 if col != "overall_light" else 230,
                       edgecolors="0.3", linewidths=0.5, zorder=3)
        ax.set_xticks(range(len(cols)), names)
        ax.xaxis.tick_top()
        label = [f"{p} {nm}".strip() if nm else p for p, nm in zip(frame["project"], frame["name"], strict=True)]
        ax.set_yticks(ys, label, fontsize="small")
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(-0.5, len(cols) - 0.5)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.tick_params(length=0)
        ax.grid(False)
        months = sorted(set(frame["month"].dropna().astype(int)))
        ax.set_title(tr("title", month="/".join(str(m) for m in months)), pad=24)
        shown = set(frame[cols].to_numpy().ravel())  # the legend names every colour drawn, and only those
        handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=_LIGHT_COLOURS[c],
                          markeredgecolor="0.3", label=tr(c)) for c in ("green", "blue", "yellow", "red", "none")
                   if c in shown]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=5, frameon=False,
                  fontsize="small")
        return ax


def monitor(
    report: ProjectReport,
    *,
    month: int | None = None,
    thresholds: str | LightThresholds = "budget_system",
    spending_curve: Sequence[float] | None = None,
    basis: Literal["adjusted", "original"] = "adjusted",
    adjustments: AdjustmentLog | None = None,
    year: int | None = None,
) -> MonitoringResult:
    """Double monitoring of one project: the one-project case of :func:`monitor_portfolio`.

    Parameters
    ----------
    report : the project's in-year report (:class:`~perfmethods.monitoring.inputs.ProjectReport`).
    month : the reporting month (1–12); ``None`` for the latest period.
    thresholds : a threshold set or its name (``"budget_system"``, ``"sichuan"``).
    spending_curve : 12 cumulative shares of a typical year's spending (a spending curve); ``None`` for
        month / 12.
    basis : ``"adjusted"`` (全年预算数, default) or ``"original"`` budget.
    adjustments, year : the adjustment log and the monitoring year, as for :func:`monitor_portfolio`.
    """
    if not isinstance(report, ProjectReport):
        raise InputError(f"The 'report' parameter of monitor must be a ProjectReport; got "
                         f"{type(report).__name__} instead.")
    return monitor_portfolio([report], month=month, thresholds=thresholds, spending_curve=spending_curve,
                             basis=basis, adjustments=adjustments, year=year)


def monitor_portfolio(
    reports: Sequence[ProjectReport],
    *,
    month: int | None = None,
    thresholds: str | LightThresholds = "budget_system",
    spending_curve: Sequence[float] | None = None,
    basis: Literal["adjusted", "original"] = "adjusted",
    adjustments: AdjustmentLog | None = None,
    year: int | None = None,
) -> MonitoringResult:
    """Double monitoring (双监控) of a department's projects at a reporting month.

    Parameters
    ----------
    reports : the projects' in-year reports (:class:`~perfmethods.monitoring.inputs.ProjectReport`); ids unique.
    month : the reporting month (1–12): each project is judged on its latest period at or before it;
        ``None`` takes each project's latest period.
    thresholds : a threshold set or its name (``"budget_system"`` — the default —, ``"sichuan"``; see
        :mod:`perfmethods.monitoring.thresholds`).
    spending_curve : 12 cumulative shares of a typical year's spending, for time progress; ``None`` for
        month / 12.
    basis : execution against the full-year adjusted budget (全年预算数, default) or the original one.
    adjustments : the adjustment log (:class:`~perfmethods.monitoring.adjustments.AdjustmentLog`, e.g. a
        portfolio's ``adjustments``). Each project is then graded against the targets and budget in force at the
        end of the month judged (:meth:`AdjustmentLog.in_force`): approved entries dated on or before it apply;
        pending and rejected ones never do. Each period's execution is measured against the budget in force at
        that period's end. ``None``: the targets as set and the full-year budget as given.
    year : the monitoring year, which dates the end of each month; needed when ``adjustments`` holds approved
        entries of the projects monitored.

    Returns
    -------
    MonitoringResult

    Raises
    ------
    InputError : two reports with the same project id; a reporting month before a project's first period; an
        adjustment log without the year, or contradicting a project's framework or budget.
    """
    reps = list(reports)
    if not reps or not all(isinstance(r, ProjectReport) for r in reps):
        raise InputError("The 'reports' parameter of monitor_portfolio must be a non-empty sequence of "
                         "ProjectReport.")
    ids = [r.project for r in reps]
    dup = [p for p in dict.fromkeys(ids) if ids.count(p) > 1]
    if dup:
        raise InputError(f"project {dup[0]!r} is reported twice; give each project once",
                         location={"project": dup[0]})
    if month is not None:
        month = check_number(month, name="month", func="monitor_portfolio", low=1, high=12, integer=True)
    rs = get_thresholds(thresholds)
    log = _check_log(adjustments, year, ids)

    # -- spending: one long table, every project and period ------------------------------------------------
    tables = []
    for r in reps:  # validation and reuse of execution_progress, project by project
        t = execution_progress(r.budget, basis=basis).table
        t["budget"] = r.budget.adjusted if basis == "adjusted" else r.budget.original
        if log is not None and basis == "adjusted":  # each period against the budget in force at its end
            in_force = _budgets_in_force(log, r, year, t["month"].to_numpy(dtype=int))
            for amount in np.unique(in_force[in_force != t["budget"].to_numpy(dtype=float)]):
                rows = in_force == amount
                other = execution_progress(replace(r.budget, adjusted=float(amount)), basis=basis).table
                t.loc[rows, "execution_progress"] = other.loc[rows, "execution_progress"].to_numpy()
                t.loc[rows, "gap"] = other.loc[rows, "gap"].to_numpy()
                t.loc[rows, "budget"] = float(amount)
        t.insert(0, "project", r.project)
        tables.append(t)
    periods = pd.concat(tables, ignore_index=True)
    if month is not None:
        periods = periods[periods["month"] <= month].reset_index(drop=True)
        missing = sorted(set(ids) - set(periods["project"]))
        if missing:
            raise InputError(f"project {missing[0]!r} has no period ending at or before month {month}",
                             location={"project": missing[0]})
    m = periods["month"].to_numpy(dtype=int)
    tau = time_progress(m, spending_curve)
    e = periods["execution_progress"].to_numpy(dtype=float)
    periods["time_progress"] = tau
    periods["gap"] = e - tau
    periods["budget_ratio"] = np.where(tau > 0, e / np.where(tau > 0, tau, 1.0), np.nan)
    periods["budget_light"] = rs.budget_light(e, tau)
    periods["floor"] = rs.floor_at(m)
    periods["floor_light"] = rs.floor_light_of(e, m)
    periods = periods.drop(columns=["gap"])

    # -- indicators: one long table, every project × indicator × month --------------------------------------
    last_month = periods.groupby("project", sort=False)["month"].max()
    frames = []
    for r in reps:
        if r.framework is None:
            continue
        fw, changed = r.framework, {}
        if log is not None:  # the targets in force at the end of the month judged
            on = _month_end(year, int(month if month is not None else last_month[r.project]))
            adjusted, _ = log.in_force(r.framework, None, project=r.project, on=on)
            fw = r.framework if adjusted is None else adjusted
            changed = _last_changes(log.for_project(r.project).approved_by(on))
        flags = r.accumulating()
        spec = pd.DataFrame({
            "project": r.project,
            "indicator_id": list(fw.ids),
            "name": [i.name for i in fw],
            "direction": [i.direction.value for i in fw],
            "accumulates": [flags[i.id] for i in fw],
            "target": [_number(i.target.value) for i in fw],
            "target_upper": [_number(i.target.upper) for i in fw],
            "original_target": [_number(o.target.value) if i.id in changed else np.nan
                                for i, o in zip(fw, r.framework, strict=True)],
            "approval": [changed[i.id].approval if i.id in changed else None for i in fw],
            "adjusted_on": [changed[i.id].date if i.id in changed else None for i in fw],
            "unit": [i.unit for i in fw],
            "points": [float(i.points) for i in fw],
        })
        prog = r.progress if r.progress is not None else pd.DataFrame(
            columns=["indicator_id", "month", "value", "tier", "plan"])
        frames.append(spec.merge(prog, on="indicator_id", how="left"))
    ind_cols = ["project", "indicator_id", "name", "direction", "accumulates", "target", "target_upper",
                "original_target", "approval", "adjusted_on", "unit", "points", "month", "value", "tier", "plan",
                "ratio", "completion", "light", "projected", "projected_completion", "likelihood"]
    if frames:
        ind = pd.concat(frames, ignore_index=True)
        ind = _indicator_lights(ind, rs, month)
    else:
        ind = pd.DataFrame(columns=ind_cols)
    ind = ind[ind_cols]

    # -- project table at the reporting month -----------------------------------------------------------------
    last = periods.groupby("project", sort=False).tail(1).set_index("project").reindex(ids)
    budget_changes: dict[str, Adjustment] = {}
    if log is not None and basis == "adjusted":
        for r in reps:  # the approved budget change in force at the project's last period, if any
            on = _month_end(year, int(last.loc[r.project, "month"]))
            change = _last_changes(log.for_project(r.project).approved_by(on)).get(BUDGET_ITEM)
            if change is not None:
                budget_changes[r.project] = change
    proj = pd.DataFrame({
        "project": ids,
        "name": [r.name for r in reps],
        "department": [r.department for r in reps],
        "month": last["month"].to_numpy(dtype=int),
        "period": last["period"].to_numpy(dtype=object),
        "budget": last["budget"].to_numpy(dtype=float),
        "original_budget": [r.budget.original if r.project in budget_changes else np.nan for r in reps],
        "budget_approval": [budget_changes[p].approval if p in budget_changes else None for p in ids],
        "unit": [r.budget.unit for r in reps],
        "executed_cum": last["executed_cum"].to_numpy(dtype=float),
        "time_progress": last["time_progress"].to_numpy(dtype=float),
        "execution_progress": last["execution_progress"].to_numpy(dtype=float),
        "budget_ratio": last["budget_ratio"].to_numpy(dtype=float),
        "budget_light": last["budget_light"].to_numpy(dtype=object),
        "floor": last["floor"].to_numpy(dtype=float),
        "floor_light": last["floor_light"].to_numpy(dtype=object),
    })
    quant = ind[ind["direction"].isin([Direction.POSITIVE.value, Direction.EQUAL.value])
                & ind["completion"].notna() & (ind["points"] > 0)].copy()
    quant["wc"] = quant["points"] * np.minimum(quant["completion"].astype(float), 1.0)
    agg = quant.groupby("project", sort=False)[["wc", "points"]].sum()
    tp = (agg["wc"] / agg["points"]).reindex(ids)
    proj["target_progress"] = tp.to_numpy(dtype=float)
    proj["gap"] = proj["target_progress"] - proj["execution_progress"]
    gap_rule = rs.gap_points.value
    gap = proj["gap"].to_numpy(dtype=float)
    if gap_rule is None:
        proj["gap_light"] = "none"
    else:
        proj["gap_light"] = np.where(np.isfinite(gap), np.where(np.abs(gap) > gap_rule + _TOL, rs.gap_light.value,
                                                                "green"), "none")
    sev = ind.assign(s=ind["light"].map(LIGHT_SEVERITY)).groupby("project", sort=False)["s"].max()
    proj["goal_light"] = [_SEVERITY_LIGHT[int(sev[p])] if p in sev.index and pd.notna(sev[p]) else "none"
                          for p in ids]
    proj["overall_light"] = worst_light(proj["budget_light"], proj["floor_light"], proj["gap_light"],
                                        proj["goal_light"])
    counts = ind.groupby("project", sort=False)["light"].value_counts().unstack(fill_value=0)
    proj["n_red"] = [int(counts.loc[p, "red"]) if p in counts.index and "red" in counts.columns else 0 for p in ids]
    proj["n_yellow"] = [int(counts.loc[p, "yellow"]) if p in counts.index and "yellow" in counts.columns else 0
                        for p in ids]
    lk = ind.dropna(subset=["likelihood"]).assign(r=lambda d: d["likelihood"].map(_LIKELIHOOD_RANK))
    worst_lk = lk.groupby("project", sort=False)["r"].max()
    inv = {v: k for k, v in _LIKELIHOOD_RANK.items()}
    proj["likelihood"] = [inv[int(worst_lk[p])] if p in worst_lk.index else None for p in ids]
    proj["needs_attention"] = proj["overall_light"].isin(["red", "yellow"]) | proj["likelihood"].eq("完全不可能")
    ind = ind.reset_index(drop=True)
    reasons = _reasons(proj, ind, rs)
    findings = tuple(_finding(row, reasons[reasons["project"] == row["project"]])
                     for row in proj[proj["needs_attention"]].to_dict(orient="records"))
    return MonitoringResult(projects=proj, periods=periods, indicators=ind, reasons=reasons, month=month,
                            thresholds=rs, findings=findings)


def _check_log(adjustments: object, year: object, ids: Sequence[str], func: str = "monitor_portfolio"
               ) -> AdjustmentLog | None:
    """The adjustment log restricted to the projects monitored (``None`` when it has no approved entry of them),
    after checking that the year is given when it is needed."""
    if adjustments is None:
        return None
    if not isinstance(adjustments, AdjustmentLog):
        raise InputError(f"The 'adjustments' parameter of {func} must be an AdjustmentLog or None; got "
                         f"{type(adjustments).__name__} instead.")
    own = AdjustmentLog(tuple(e for e in adjustments.entries if e.project in set(ids)), source=adjustments.source)
    if not any(e.status == "approved" for e in own.entries):
        return None
    if year is None:
        raise InputError(f"The 'year' parameter of {func} must be given with an adjustment log holding "
                         "approved changes: it dates the end of each month (an approved change applies from "
                         "its date on).")
    check_number(year, name="year", func=func, low=1900, high=2999, integer=True)
    return own


def _month_end(year: object, month: int) -> str:
    """The last day of ``month`` of ``year`` as an ISO date."""
    y = int(year)  # type: ignore[call-overload]
    return f"{y:04d}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"


def _budgets_in_force(log: AdjustmentLog, report: ProjectReport, year: object, months: np.ndarray) -> np.ndarray:
    """The full-year budget of ``report`` in force at the end of each of ``months``."""
    out = np.empty(len(months), dtype=float)
    for k, m in enumerate(months):  # one per period: a handful
        _, budget = log.in_force(None, report.budget, project=report.project, on=_month_end(year, int(m)))
        out[k] = report.budget.adjusted if budget is None else budget.adjusted
    return out


def _last_changes(log: AdjustmentLog) -> dict[str, Adjustment]:
    """The last approved entry of each item of a log already restricted to one project and a date."""
    return {e.item: e for e in log.entries if e.status == "approved"}


def _number(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _indicator_lights(ind: pd.DataFrame, rs: LightThresholds, month: int | None) -> pd.DataFrame:
    """Lights, completion and likelihood for every (project, indicator) at its latest month ≤ ``month``.

    A ≥ / = indicator that accumulates is compared with its pro-rated plan (annual target × m / 12) and projected
    to the year end at its best pace. A level (a rate, share, score, price or unit cost; ``accumulates`` False)
    is compared with the annual target itself at every month: 99.5 % availability in March meets a ≥ 99 %
    target, it is not ahead of a plan, so a level is never blue. It is not projected either: a level does not
    grow with the months left, and its year-end value is the level then, which nothing reported so far predicts
    better than the level now; so its projection is the current level, and its likelihood is 确定能 when it
    meets the target at the latest month, else 有可能.
    """
    ind = ind.sort_values(["project", "indicator_id", "month"], kind="stable", na_position="first")
    spec_cols = ["project", "indicator_id", "name", "direction", "accumulates", "target", "target_upper",
                 "original_target", "approval", "adjusted_on", "unit", "points"]
    spec = ind.drop_duplicates(["project", "indicator_id"])[spec_cols]
    if month is not None:
        ind = ind[ind["month"].isna() | (ind["month"] <= month)]
    key = ["project", "indicator_id"]
    val = ind["value"].astype(float)
    mon = ind["month"].astype(float)
    prev_val = val.groupby([ind["project"], ind["indicator_id"]]).shift(1).fillna(0.0)
    prev_mon = mon.groupby([ind["project"], ind["indicator_id"]]).shift(1).fillna(0.0)
    ind = ind.assign(_recent=(val - prev_val) / (mon - prev_mon).where(mon > prev_mon))
    ind = ind.dropna(subset=["month"]).groupby(key, sort=False).tail(1)
    # an indicator with no progress at or before the month keeps one row with NaN progress
    ind = spec.merge(ind.drop(columns=spec_cols[2:]), on=key, how="left").reset_index(drop=True)
    d = ind["direction"].to_numpy(dtype=object)
    target = ind["target"].to_numpy(dtype=float)
    upper = ind["target_upper"].to_numpy(dtype=float)
    value = ind["value"].to_numpy(dtype=float)
    m = ind["month"].to_numpy(dtype=float)
    plan = ind["plan"].to_numpy(dtype=float)
    graded = np.isin(d, [Direction.POSITIVE.value, Direction.EQUAL.value])  # against a plan
    accumulates = ind["accumulates"].to_numpy(dtype=bool)
    cumulative = graded & accumulates
    level = graded & ~accumulates
    plan = np.where(cumulative, np.where(np.isfinite(plan), plan, target * m / 12.0), np.nan)
    plan = np.where(level, target, plan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(graded & (plan > 0), value / plan, np.nan)
        ratio = np.where(graded & (plan == 0) & np.isfinite(value), np.inf, ratio)
        completion = np.where(graded & (target > 0), value / target, np.nan)
    light = band_light(ratio, rs.indicator_bands.value)
    met = graded & np.isfinite(value) & np.isfinite(target) & (value >= target - _TOL * np.maximum(1, np.abs(target)))
    light = np.where(level & (met | (light == "blue")), "green", light)  # a level is never ahead of plan
    rev = d == Direction.REVERSE.value
    light = np.where(rev & np.isfinite(value) & np.isfinite(target),
                     np.where(value <= target + _TOL * np.maximum(1, np.abs(target)), "green", "red"), light)
    rng = d == Direction.RANGE.value
    inside = (value >= target - _TOL) & (value <= np.where(np.isfinite(upper), upper, np.inf) + _TOL)
    light = np.where(rng & np.isfinite(value) & np.isfinite(target), np.where(inside, "green", "red"), light)
    qual = d == Direction.QUALITATIVE.value
    tiers = ind["tier"].to_numpy(dtype=object)
    qmap = dict(rs.qualitative_lights.value)
    qlight = np.array([qmap.get(t, "none") if isinstance(t, str) else "none" for t in tiers], dtype=object)
    light = np.where(qual, qlight, light)

    # 完成目标可能性
    overall_pace = np.where(m > 0, value / np.where(m > 0, m, 1), np.nan)
    recent = ind["_recent"].to_numpy(dtype=float)
    pace = np.fmax(overall_pace, recent)
    # a count is projected in whole units completed (⌊·⌋), and judged on that number; a level stays where it is
    projected = whole_units(np.where(cumulative, value + pace * (12.0 - m), np.where(level, value, np.nan)),
                            ind["unit"].to_numpy(object))
    with np.errstate(divide="ignore", invalid="ignore"):
        proj_c = np.where(graded & (target > 0), projected / target, np.nan)
    proj_c = np.where(graded & (target <= 0) & np.isfinite(value), np.inf, proj_c)
    lik = np.full(len(ind), None, dtype=object)
    ok = graded & np.isfinite(value) & np.isfinite(target)
    certain = ok & (met | (cumulative & (proj_c >= rs.certain_ratio.value - _TOL)))
    impossible = ok & cumulative & ~certain & (proj_c < rs.impossible_ratio.value - _TOL)
    lik[ok] = "有可能"
    lik[certain] = "确定能"
    lik[impossible] = "完全不可能"
    lev = (rev | rng) & np.isfinite(value) & np.isfinite(target)
    lik[lev] = np.where(light[lev] == "green", "确定能", "有可能")
    qtier = qual & np.array([isinstance(t, str) for t in tiers])
    lik[qtier] = np.where(tiers[qtier] == "达成", "确定能", "有可能")
    out = ind[spec_cols].copy()
    out["month"] = ind["month"].to_numpy()
    out["value"] = value
    out["tier"] = tiers
    out["plan"] = plan
    out["ratio"] = ratio
    out["completion"] = completion
    out["light"] = light
    out["projected"] = projected
    out["projected_completion"] = proj_c
    out["likelihood"] = lik
    return out


def _reasons(proj: pd.DataFrame, ind: pd.DataFrame, rs: LightThresholds) -> pd.DataFrame:
    """One row per red or yellow light of a project (and per target judged 完全不可能), naming the indicator, the
    numbers and the line crossed, in Chinese and English."""
    warn = ["red", "yellow"]
    parts: list[pd.DataFrame] = []
    # -- budget light ------------------------------------------------------------------------------------------
    b = proj[proj["budget_light"].isin(warn)].assign(warn_light=lambda d: d["budget_light"])
    if len(b):
        bands = rs.budget_bands.value or ()
        edge = np.array([LightThresholds.band_edge(bands, c) for c in b["warn_light"]], dtype=float)
        fields = [{"execution": percent(r.execution_progress), "executed": quantity_text(r.executed_cum, r.unit),
                   "budget": quantity_text(r.budget, r.unit), "time": percent(r.time_progress),
                   "ratio": percent(r.budget_ratio, 1, e), "edge": line(e), "lamp": r.warn_light,
                   "adjusted": None if pd.isna(r.original_budget) else
                   {"item": "budget", "before": quantity_text(r.original_budget, r.unit),
                    "after": quantity_text(r.budget, r.unit), "approval": r.budget_approval}}
                  for r, e in zip(b.itertuples(), edge, strict=True)]
        parts.append(reason_frame(b, "budget", "budget", fields, value=b["execution_progress"].to_numpy(float),
                            target=np.nan, plan=b["time_progress"].to_numpy(float), unit="%",
                            ratio=b["budget_ratio"].to_numpy(float), threshold=edge))
    # -- execution floor ---------------------------------------------------------------------------------------
    f = proj[proj["floor_light"].isin(warn)].assign(warn_light=lambda d: d["floor_light"])
    if len(f):
        floors = rs.execution_floors.value or {}
        checkpoint = [max((k for k in floors if k <= m), default=m) for m in f["month"]]
        fields = [{"month": int(r.month), "execution": percent(r.execution_progress, 1, r.floor), "checkpoint": c,
                   "floor": line(r.floor), "lamp": r.warn_light}
                  for r, c in zip(f.itertuples(), checkpoint, strict=True)]
        parts.append(reason_frame(f, "floor", "floor", fields, value=f["execution_progress"].to_numpy(float),
                            target=np.nan, plan=np.nan, unit="%", ratio=np.nan, threshold=f["floor"].to_numpy(float)))
    # -- gap between target progress and execution --------------------------------------------------------------
    g = proj[proj["gap_light"].isin(warn)].assign(warn_light=lambda d: d["gap_light"])
    if len(g):
        points = float(rs.gap_points.value or 0.0)
        fields = [{"target": percent(r.target_progress), "execution": percent(r.execution_progress),
                   "gap": percent(abs(r.gap), 1, points).rstrip("%"), "points": line(points).rstrip("%"),
                   "lamp": r.warn_light}
                  for r in g.itertuples()]
        parts.append(reason_frame(g, "gap", "gap", fields, value=g["target_progress"].to_numpy(float), target=np.nan,
                            plan=g["execution_progress"].to_numpy(float), unit="%", ratio=g["gap"].to_numpy(float),
                            threshold=points))
    # -- indicator lights -----------------------------------------------------------------------------------------
    i = ind[ind["light"].isin(warn)].assign(warn_light=lambda d: d["light"])
    graded = i["direction"].isin([Direction.POSITIVE.value, Direction.EQUAL.value])
    kinds = np.select([graded & i["accumulates"].astype(bool), graded,
                       i["direction"] == Direction.REVERSE.value, i["direction"] == Direction.RANGE.value,
                       i["direction"] == Direction.QUALITATIVE.value],
                      ["positive", "level", "reverse", "range", "qualitative"], default="")
    for key in ("positive", "level", "reverse", "range", "qualitative"):
        rows = i[kinds == key]
        if rows.empty:
            continue
        edge = np.full(len(rows), np.nan)
        if key in ("positive", "level"):
            edge = np.array([LightThresholds.band_edge(rs.indicator_bands.value, c) for c in rows["warn_light"]],
                            dtype=float)
        fields = []
        for r, e in zip(rows.itertuples(), edge, strict=True):
            u = r.unit
            base = {"indicator": r.name, "lamp": r.warn_light, "adjusted": _target_change(r)}
            if key == "positive":
                share = r.plan / r.target if r.target and np.isfinite(r.plan) else np.nan
                base |= {"value": quantity_text(r.value, u), "target": quantity_text(r.target, u),
                         "share": percent(share), "plan": quantity_text(r.plan, u),
                         "ratio": percent(r.ratio, 1, e), "edge": line(e)}
            elif key == "level":
                base |= {"value": quantity_text(r.value, u), "target": quantity_text(r.target, u),
                         "ratio": percent(r.ratio, 1, e), "edge": line(e)}
            elif key == "reverse":
                excess = (r.value - r.target) / abs(r.target) if r.target else np.nan
                base |= {"value": quantity_text(r.value, u), "target": quantity_text(r.target, u),
                         "excess": percent(excess, 1, 0.0)}
            elif key == "range":
                base |= {"value": quantity_text(r.value, u), "target": quantity_text(r.target, u),
                         "upper": quantity_text(r.target_upper, u)}
            else:
                base |= {"tier": r.tier}
            fields.append(base)
        frame = reason_frame(rows, "indicator", key, fields)
        frame["indicator_id"] = rows["indicator_id"].to_numpy(object)
        frame["indicator"] = rows["name"].to_numpy(object)
        frame["value"] = rows["value"].to_numpy(float)
        frame["target"] = rows["target"].to_numpy(float)
        frame["plan"] = rows["plan"].to_numpy(float)
        frame["unit"] = rows["unit"].to_numpy(object)
        frame["ratio"] = rows["ratio"].to_numpy(float)
        frame["threshold"] = edge
        parts.append(frame)
    # -- targets judged 完全不可能 ---------------------------------------------------------------------------------
    k = ind[ind["likelihood"] == "完全不可能"].assign(warn_light="red")
    if len(k):
        edge = float(rs.impossible_ratio.value)
        fields = [{"indicator": r.name, "projected": quantity_text(r.projected, r.unit),
                   "target": quantity_text(r.target, r.unit),
                   "completion": percent(r.projected_completion, 1, edge), "edge": line(edge),
                   "adjusted": _target_change(r)}
                  for r in k.itertuples()]
        frame = reason_frame(k, "likelihood", "likelihood", fields, indicator_id=k["indicator_id"].to_numpy(object),
                       indicator=k["name"].to_numpy(object), value=k["projected"].to_numpy(float),
                       target=k["target"].to_numpy(float), plan=np.nan, unit=k["unit"].to_numpy(object),
                       ratio=k["projected_completion"].to_numpy(float), threshold=edge)
        parts.append(frame)
    return sort_reasons(parts, list(proj["project"]), dict(zip(proj["project"], proj["name"], strict=True)))


def _target_change(row: Any) -> dict[str, str] | None:
    """The approved change of an indicator's target in force, for the reason's sentence (``None``: none)."""
    if row.approval is None or pd.isna(row.original_target):
        return None
    return {"item": "target", "before": quantity_text(row.original_target, row.unit),
            "after": quantity_text(row.target, row.unit), "approval": row.approval, "date": row.adjusted_on}


def _finding(row: dict[str, Any], reasons: pd.DataFrame) -> Finding:
    """The finding of a project needing attention: its light and every reason, from the reasons table."""
    name = f"{row['project']} {row['name']}".strip()
    severity = Severity.WARNING if row["overall_light"] == "red" or row["likelihood"] == "完全不可能" else Severity.INFO
    overall = row["overall_light"]
    return Finding(
        code="monitoring_attention",
        severity=severity,
        message_zh=t("mon.finding", "zh", project=name, month=row["month"], lamp=lamp(overall, "zh"),
                     reasons="；".join(reasons["reason_zh"])),
        message_en=t("mon.finding", "en", project=name, month=row["month"], lamp=lamp(overall, "en"),
                     reasons="; ".join(reasons["reason_en"])),
        indicator_id=None,
        suggestion_zh="分析偏差原因（经费保障、制度保障、人员保障、硬件条件保障、其他），提出继续执行、调剂或调整预算与目标的意见。",
        suggestion_en="Classify the deviation (funding, rules, staffing, facilities, other) and propose to continue, "
                      "reallocate, or adjust the budget and targets.",
    )

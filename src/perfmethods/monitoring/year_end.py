"""Year-end outlook (全年预计执行数 / 预计完成值) for spending and each cumulative indicator.

Only indicators that accumulate over the year are projected (:func:`~perfmethods.monitoring.quantities.accumulates`);
a level (a rate, share, score, price or unit cost) is compared with its annual target as it stands
(:func:`~perfmethods.monitoring.progress.monitor_portfolio`).

财预〔2019〕136号 asks for the expected year-end execution and the trend of each target; local monitoring forms
carry 全年预计执行数 (e.g. 黄石市项目支出绩效监控表, 2019). Two projections, each with an interval:

**Trend (drift)** — when no history is given. The cumulative series starts at 0 in month 0 and grows by
increments :math:`D_i` over periods of :math:`L_i` months, modelled as a random walk with drift
:math:`D_i \\sim (\\mu L_i, \\sigma^2 L_i)`:

.. math::
    \\hat\\mu = y_T / T, \\qquad
    \\hat\\sigma^2 = \\frac{1}{k-1} \\sum_i \\frac{(D_i - \\hat\\mu L_i)^2}{L_i}, \\qquad
    \\hat y_{12} = y_T + \\hat\\mu h, \\qquad
    \\mathrm{se} = \\hat\\sigma \\sqrt{h (1 + h/T)}

with *T* the last reported month, *h = 12 − T*, *k* the number of periods and the interval
:math:`\\hat y_{12} \\pm t_{k-1,\\,1-a/2}\\,\\mathrm{se}` (the drift method of Hyndman & Athanasopoulos,
*Forecasting: Principles and Practice*, 3rd ed., §5.2 and Table 5.2, with the origin known to be 0). No
interval with one period (k = 1). The lower bound is never below what is already reported.

**Seasonal profile** — when history is given: each past year *j* gives the share
:math:`s_j = y_j(T) / y_j(12)` reached by month *T*; the projection is :math:`y_T / \\bar s` and the
interval :math:`\\pm t_{J-1}\\,\\mathrm{sd}(y_T / s_j) \\sqrt{1 + 1/J}` over the *J* years (a prediction
interval for a new year's ratio). Spending that is slow every first half (招标, 工程款 at year end) is then not
mistaken for a shortfall.

A count (场, 人次, 户 …) is projected in whole units: the forecast and the lower bound rounded down, the upper
bound up (:mod:`perfmethods.monitoring.quantities`).

Each projection is then judged by the rule set's lights (:mod:`perfmethods.monitoring.thresholds`): projected
spending by the budget rule applied at the year end (under-spending, ``light``) and, separately, by the
projected-overspend lines (``overspend_light``: above 100 % of the budget yellow, above 110 % red); an indicator
by the indicator bands on its projected completion. The table, the chart, the counts a report states and the
reasons all read these two columns, so they cannot disagree.

All series of a portfolio (projects × spending and indicators) are projected together with grouped
array operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.errors import InputError
from perfmethods.i18n import t, translator
from perfmethods.model.framework import Direction
from perfmethods.monitoring.adjustments import AdjustmentLog
from perfmethods.monitoring.inputs import ProjectReport
from perfmethods.monitoring.progress import _check_log, _month_end
from perfmethods.monitoring.quantities import quantity_text, whole_units
from perfmethods.monitoring.reasons import line, percent, reason_frame, sort_reasons
from perfmethods.monitoring.thresholds import LightThresholds, band_light, get_thresholds
from perfmethods.results import Result
from perfmethods.results import json_scalar as _clean
from perfmethods.validation import check_alpha, check_language

__all__ = ["OutlookResult", "outlook", "SPENDING"]

#: Item name of the spending series in outlook tables and in ``history``.
SPENDING = "spending"
_COLOURS = {"green": "#2e9e44", "blue": "#2f6fd0", "yellow": "#f2b705", "red": "#d62728", "none": "#d9d9d9"}


@dataclass(frozen=True, repr=False)
class OutlookResult(Result):
    """Year-end projections.

    Attributes
    ----------
    table : one row per (project, item): ``project``, ``name`` (the project's), ``item`` ("spending" or an
        indicator id), ``kind``, ``unit`` (the budget's or the indicator's), ``month`` (last reported), ``value``
        (cumulative to date), ``target`` (budget or annual target), ``forecast``, ``lower``, ``upper`` (whole
        units for a count), ``completion`` (forecast / target), ``completion_low``, ``completion_high``,
        ``method`` ("drift" or "seasonal"), ``n_periods``, ``light`` (spending: the budget rule at the year
        end, under-spending only; an indicator: the indicator bands on its projected completion) and
        ``overspend_light`` (spending: the projected-overspend lines; ``none`` for indicators).
    alpha : 1 − confidence level of the intervals.
    thresholds : the rule set that gave the lights.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("alpha",)

    table: pd.DataFrame
    alpha: float
    thresholds: LightThresholds

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def spending(self) -> pd.DataFrame:
        """The spending rows (one per project)."""
        return self.table[self.table["item"] == SPENDING].reset_index(drop=True)

    def counts(self) -> dict[str, int]:
        """Projects by projected-spending flag: ``low`` (under-spending light red or yellow: projected execution
        below :meth:`~perfmethods.monitoring.thresholds.LightThresholds.year_end_bound`), ``low_red``, ``over``
        (overspend light red or yellow: above ``overspend_warn``) and ``over_red`` (above ``overspend_red``).
        The chart's markers count the same."""
        sp = self.spending()
        return {"low": int(sp["light"].isin(["red", "yellow"]).sum()), "low_red": int((sp["light"] == "red").sum()),
                "over": int(sp["overspend_light"].isin(["red", "yellow"]).sum()),
                "over_red": int((sp["overspend_light"] == "red").sum())}

    def reasons(self) -> pd.DataFrame:
        """One row per projected-spending flag (under-spending, ``check`` = ``year_end``; overspend, ``check`` =
        ``overspend``) with the numbers and the sentence in both languages, in the columns of
        :data:`~perfmethods.monitoring.reasons.REASON_COLUMNS`."""
        sp = self.spending()
        rs = self.thresholds
        parts = []
        low = sp[sp["light"].isin(["red", "yellow"])].assign(warn_light=lambda d: d["light"])
        if len(low):
            bands = rs.budget_bands.value
            band = rs.budget_light(low["completion"].to_numpy(float), 1.0)
            edge = np.array([LightThresholds.band_edge(bands, b) if bands is not None and b == c else
                             float(rs.floor_at(12)) for b, c in zip(band, low["warn_light"], strict=True)], dtype=float)
            fields = [{"forecast": quantity_text(r.forecast, r.unit), "budget": quantity_text(r.target, r.unit),
                       "completion": percent(r.completion, 1, e), "edge": line(e), "lamp": r.warn_light}
                      for r, e in zip(low.itertuples(), edge, strict=True)]
            parts.append(reason_frame(low, "year_end", "year_end", fields, value=low["forecast"].to_numpy(float),
                                      target=low["target"].to_numpy(float), unit=low["unit"].to_numpy(object),
                                      ratio=low["completion"].to_numpy(float), threshold=edge))
        over = sp[sp["overspend_light"].isin(["red", "yellow"])].assign(warn_light=lambda d: d["overspend_light"])
        if len(over):
            edge = np.array([rs.overspend_red.value if c == "red" else rs.overspend_warn.value
                             for c in over["warn_light"]], dtype=float)
            fields = [{"forecast": quantity_text(r.forecast, r.unit), "budget": quantity_text(r.target, r.unit),
                       "completion": percent(r.completion, 1, e),
                       "excess": quantity_text(r.forecast - r.target, r.unit), "edge": line(e), "lamp": r.warn_light}
                      for r, e in zip(over.itertuples(), edge, strict=True)]
            parts.append(reason_frame(over, "overspend", "overspend", fields, value=over["forecast"].to_numpy(float),
                                      target=over["target"].to_numpy(float), unit=over["unit"].to_numpy(object),
                                      ratio=over["completion"].to_numpy(float), threshold=edge))
        return sort_reasons(parts, list(dict.fromkeys(self.table["project"])),
                            dict(zip(self.table["project"], self.table["name"], strict=True)))

    def to_dict(self) -> dict[str, Any]:
        return {"alpha": self.alpha, "thresholds": self.thresholds.to_dict(),
                "table": [{k: _clean(v) for k, v in r.items()} for r in self.table.to_dict(orient="records")]}

    def plot(self, ax: Any = None, language: str = "zh", item: str = SPENDING) -> Any:
        """Projected year-end completion with its interval, one row per project, for one item.

        Each point is coloured by its light (``light``: under-spending for spending, the indicator bands for an
        indicator); a projected overspend (``overspend_light`` red or yellow) is drawn as a triangle in its
        colour. The legend names every colour and shape with the rule's lines, and dashed lines mark them.
        """
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
        from matplotlib.ticker import PercentFormatter

        language = check_language(language, func="plot")
        tr = translator(language, "plot.monitoring.outlook.")
        frame = self.table[self.table["item"] == item]
        if frame.empty:
            raise InputError(f"no outlook for item {item!r}; items: {sorted(set(self.table['item']))}")
        n = len(frame)
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.3 * n + 1.8))
        y = np.arange(n)
        c = frame["completion"].to_numpy(dtype=float)
        lo = frame["completion_low"].to_numpy(dtype=float)
        hi = frame["completion_high"].to_numpy(dtype=float)
        err = np.vstack([np.where(np.isfinite(lo), c - lo, 0), np.where(np.isfinite(hi), hi - c, 0)])
        over = frame["overspend_light"].isin(["red", "yellow"]).to_numpy()
        shown = np.where(over, frame["overspend_light"], frame["light"])
        ax.errorbar(c, y, xerr=err, fmt="none", ecolor="0.5", elinewidth=1, capsize=2)
        for marker, mask in (("o", ~over), ("^", over)):
            if mask.any():
                ax.scatter(c[mask], y[mask], c=[_COLOURS[k] for k in shown[mask]], marker=marker, zorder=3, s=36,
                           edgecolors="0.3", linewidths=0.5)
        ax.axvline(1.0, color="0.4", linestyle="--", linewidth=1)
        rs = self.thresholds
        lines = [rs.year_end_bound()] if item == SPENDING else []
        if item == SPENDING:
            lines += [rs.overspend_red.value]
        for x in lines:
            if x is not None:
                ax.axvline(x, color="0.7", linestyle=":", linewidth=1)
        ax.set_yticks(y, [f"{p} {nm}".strip() for p, nm in zip(frame["project"], frame["name"], strict=True)],
                      fontsize="small")
        ax.set_ylim(n - 0.5, -0.5)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_title(tr("title", item=tr("spending") if item == SPENDING else str(frame["item"].iloc[0])))
        ax.set_xlabel(tr("x_spending" if item == SPENDING else "x"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Line2D([], [], marker=m, linestyle="", markersize=7, markerfacecolor=_COLOURS[col],
                          markeredgecolor="0.3", label=label) for m, col, label in self._legend(item, language)]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, frameon=False,
                  fontsize="small")
        return ax

    def _legend(self, item: str, language: str) -> list[tuple[str, str, str]]:
        """(marker, light, label) of every colour and shape the chart can show, with the rule's lines."""
        rs = self.thresholds
        tr = translator(language, "plot.monitoring.outlook.")

        def light(colour: str) -> str:
            return t(f"mon.light.{colour}", language)

        def spans(bands: tuple[tuple[float, str], ...]) -> list[tuple[str, str]]:
            out = []
            for i, (low, colour) in enumerate(bands):
                upper = bands[i - 1][0] if i else None
                out.append((colour, f"≥ {line(low)}" if upper is None else f"< {line(upper)}" if low <= 0 else
                            f"{line(low)}–{line(upper)}"))
            return out

        if item != SPENDING:
            return [("o", c, f"{light(c)} {span}") for c, span in spans(rs.indicator_bands.value)]
        out = [("o", c, tr("legend_execution", light=light(c), span=span))
               for c, span in spans(rs.budget_bands.value or ())]
        floor = rs.floor_at(12)
        if np.isfinite(floor):
            if rs.budget_bands.value is None:
                out.append(("o", "green", tr("legend_execution", light=light("green"), span=f"≥ {line(float(floor))}")))
            out.append(("o", rs.floor_light.value, tr("legend_execution", light=light(rs.floor_light.value),
                                                      span=f"< {line(float(floor))}")))
        for name, colour in (("overspend_warn", "yellow"), ("overspend_red", "red")):
            value = getattr(rs, name).value
            if value is not None:
                out.append(("^", colour, tr("legend_overspend", light=light(colour), span=f"> {line(value)}")))
        return out


def _in_force(log: AdjustmentLog, report: ProjectReport, year: object, month: int | None) -> ProjectReport:
    """``report`` with the budget and targets in force at the end of ``month`` (default: its last reported
    month)."""
    last = int(report.budget.periods["month"].max())
    m = last if month is None else min(int(month), last)
    framework, budget = log.in_force(report.framework, report.budget, project=report.project,
                                     on=_month_end(year, m))
    return replace(report, framework=framework if framework is not None else report.framework,
                   budget=budget if budget is not None else report.budget)


def _series(reports: Sequence[ProjectReport], month: int | None) -> pd.DataFrame:
    frames = []
    for r in reports:  # gather each project's cumulative series (validated already)
        p = r.budget.periods
        frames.append(pd.DataFrame({"project": r.project, "name": r.name, "item": SPENDING, "kind": "spending",
                                    "unit": r.budget.unit,
                                    "month": p["month"].to_numpy(dtype=int),
                                    "value": p["executed_cum"].to_numpy(dtype=float), "target": r.budget.adjusted}))
        if r.framework is not None and r.progress is not None:
            flags = r.accumulating()  # a level (rate, share, unit cost) is not projected
            cum = {i.id: i.target.value for i in r.framework
                   if i.direction in (Direction.POSITIVE, Direction.EQUAL) and i.target.value is not None
                   and flags[i.id]}
            units = {i.id: i.unit for i in r.framework}
            prog = r.progress[r.progress["indicator_id"].isin(list(cum))]
            frames.append(pd.DataFrame({"project": r.project, "name": r.name, "item": prog["indicator_id"].to_numpy(),
                                        "kind": "indicator", "unit": prog["indicator_id"].map(units).to_numpy(object),
                                        "month": prog["month"].to_numpy(dtype=int),
                                        "value": prog["value"].to_numpy(dtype=float),
                                        "target": prog["indicator_id"].map(cum).to_numpy(dtype=float)}))
    out = pd.concat(frames, ignore_index=True)
    if month is not None:
        out = out[out["month"] <= month]
    return out.sort_values(["project", "item", "month"], kind="stable").reset_index(drop=True)


def outlook(
    reports: ProjectReport | Sequence[ProjectReport],
    *,
    month: int | None = None,
    alpha: float = 0.10,
    history: pd.DataFrame | None = None,
    thresholds: str | LightThresholds = "budget_system",
    adjustments: AdjustmentLog | None = None,
    year: int | None = None,
) -> OutlookResult:
    """Project spending and each cumulative indicator (≥, =) to the year end, with an interval.

    Parameters
    ----------
    reports : one project's report or a portfolio's.
    month : use the periods up to this month (default: all reported).
    alpha : 1 − confidence level of the intervals (0.10: 90 % intervals).
    history : past years' cumulative values for the seasonal projection: columns ``project``, ``item``
        ("spending" or an indicator id), ``year``, ``month`` and ``value`` (cumulative); each year needs its
        month-12 value and a value at the reported month. Series without history use the drift method.
    thresholds : the rule set judging the projections (``"budget_system"`` — the default —, ``"sichuan"`` or a
        :class:`~perfmethods.monitoring.thresholds.LightThresholds`): the ``light`` and ``overspend_light``
        columns.
    adjustments : the adjustment log: projections are judged against the budget and targets in force at the
        end of ``month`` (or of each project's last reported month), as :func:`monitor_portfolio` does; without
        it, against the budget and targets in the reports.
    year : the budget year (needed with a log that holds approved changes).

    Returns
    -------
    OutlookResult

    Raises
    ------
    InputError : a history year without its month-12 value or with a zero annual total, or a bad ``alpha``.
    """
    reps = [reports] if isinstance(reports, ProjectReport) else list(reports)
    if not reps or not all(isinstance(r, ProjectReport) for r in reps):
        raise InputError("The 'reports' parameter of outlook must be a ProjectReport or a sequence of them.")
    alpha = check_alpha(alpha, func="outlook")
    rs = get_thresholds(thresholds)
    log = _check_log(adjustments, year, [r.project for r in reps], func="outlook")
    if log is not None:
        reps = [_in_force(log, r, year, month) for r in reps]
    s = _series(reps, month)
    key = ["project", "item"]
    g = s.groupby(key, sort=False)
    prev_m = g["month"].shift(1).fillna(0).to_numpy(dtype=float)
    prev_v = g["value"].shift(1).fillna(0.0).to_numpy(dtype=float)
    length = s["month"].to_numpy(dtype=float) - prev_m
    inc = s["value"].to_numpy(dtype=float) - prev_v
    last = g.tail(1).set_index(key)
    mu = (last["value"] / last["month"]).reindex(pd.MultiIndex.from_frame(s[key])).to_numpy()
    s["_r2"] = (inc - mu * length) ** 2 / length
    agg = s.groupby(key, sort=False).agg(n_periods=("month", "size"), ss=("_r2", "sum"))
    table = last.join(agg).reset_index()
    t_last = table["month"].to_numpy(dtype=float)
    y = table["value"].to_numpy(dtype=float)
    h = 12.0 - t_last
    k = table["n_periods"].to_numpy(dtype=int)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.sqrt(table["ss"].to_numpy(dtype=float) / (k - 1))
        se = sigma * np.sqrt(h * (1 + h / t_last))
        q = stats.t.ppf(1 - alpha / 2, np.maximum(k - 1, 1))
    forecast = y + (y / t_last) * h
    half = np.where(k >= 2, q * se, np.nan)
    lower = np.maximum(forecast - half, y)
    upper = forecast + half
    method = np.full(len(table), "drift", dtype=object)

    if history is not None:
        hist = pd.DataFrame(history).copy()
        missing = {"project", "item", "year", "month", "value"} - set(hist.columns)
        if missing:
            raise InputError(f"the history table lacks columns {sorted(missing)}")
        hist["project"] = hist["project"].astype(str)
        hist["item"] = hist["item"].astype(str)
        annual = hist[hist["month"] == 12].set_index(["project", "item", "year"])["value"]
        years = hist[["project", "item", "year"]].drop_duplicates().set_index(["project", "item", "year"]).index
        no_total = years.difference(annual.index)
        if len(no_total):
            p, i, yr = no_total[0]
            raise InputError(f"history year {yr} has no month-12 (annual) value", location={"project": p, "item": i})
        if (annual <= 0).any():
            p, i, yr = annual[annual <= 0].index[0]
            raise InputError(f"history year {yr} has an annual total of 0", location={"project": p, "item": i})
        at = table[key + ["month"]].merge(hist, on=key + ["month"], how="inner")
        at["share"] = at["value"] / at.set_index(["project", "item", "year"]).index.map(annual).to_numpy(dtype=float)
        at = at.merge(table[key + ["value"]].rename(columns={"value": "y"}), on=key)
        at["f"] = at["y"] / at["share"]
        sh = at.groupby(key, sort=False).agg(J=("share", "size"), sbar=("share", "mean"), fsd=("f", "std"))
        sh = sh.reindex(pd.MultiIndex.from_frame(table[key]))
        has = sh["J"].notna().to_numpy() & (sh["sbar"].to_numpy(dtype=float) > 0)
        J = sh["J"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            f_s = y / sh["sbar"].to_numpy(dtype=float)
            q_s = stats.t.ppf(1 - alpha / 2, np.maximum(J - 1, 1))
            half_s = np.where(J >= 2, q_s * sh["fsd"].to_numpy(dtype=float) * np.sqrt(1 + 1 / J), np.nan)
        forecast = np.where(has, f_s, forecast)
        lower = np.where(has, np.maximum(f_s - half_s, y), lower)
        upper = np.where(has, f_s + half_s, upper)
        method = np.where(has, "seasonal", method)

    units = table["unit"].to_numpy(dtype=object)
    forecast = whole_units(forecast, units, "down")  # a count: whole units by the year end
    lower = whole_units(lower, units, "down")
    upper = whole_units(upper, units, "up")
    target = table["target"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(target > 0, 1.0 / np.where(target > 0, target, 1.0), np.nan)
    completion = forecast * ratio
    spend = table["kind"].to_numpy(dtype=object) == "spending"
    light = np.where(spend, rs.year_end_light(completion), band_light(completion, rs.indicator_bands.value))
    overspend = np.where(spend, rs.overspend_light(completion), "none")
    out = pd.DataFrame({
        "project": table["project"], "name": table["name"], "item": table["item"], "kind": table["kind"],
        "unit": units, "month": t_last.astype(int), "value": y, "target": target, "forecast": forecast,
        "lower": lower, "upper": upper, "completion": completion, "completion_low": lower * ratio,
        "completion_high": upper * ratio, "method": method, "n_periods": k, "light": light,
        "overspend_light": overspend,
    })
    order = {p: i for i, p in enumerate(r.project for r in reps)}
    out = out.sort_values(["project", "kind", "item"], key=lambda c: c.map(order) if c.name == "project" else
                          (c.map({"spending": 0, "indicator": 1}) if c.name == "kind" else c), kind="stable")
    return OutlookResult(table=out.reset_index(drop=True), alpha=alpha, thresholds=rs)

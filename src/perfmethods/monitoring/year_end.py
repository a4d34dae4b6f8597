"""Year-end outlook (全年预计执行数 / 预计完成值) for spending and each cumulative indicator.

财预〔2019〕136号 asks for the expected year-end execution and the trend of each target (digest §3, [M]); the
黄石 template carries 全年预计执行数 (digest §3, [V]). Two projections, each with an interval:

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

All series of a portfolio (projects × spending and indicators) are projected together with grouped
array operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.model.framework import Direction
from perfmethods.monitoring.inputs import ProjectReport
from perfmethods.results import Result
from perfmethods.results import json_scalar as _clean
from perfmethods.validation import check_alpha, check_language

__all__ = ["OutlookResult", "outlook", "SPENDING"]

#: Item name of the spending series in outlook tables and in ``history``.
SPENDING = "spending"

@dataclass(frozen=True, repr=False)
class OutlookResult(Result):
    """Year-end projections.

    Attributes
    ----------
    table : one row per (project, item): ``project``, ``item`` ("spending" or an indicator id), ``kind``,
        ``month`` (last reported), ``value`` (cumulative to date), ``target`` (budget or annual target),
        ``forecast``, ``lower``, ``upper``, ``completion`` (forecast / target), ``completion_low``,
        ``completion_high``, ``method`` ("drift" or "seasonal"), ``n_periods``.
    alpha : 1 − confidence level of the intervals.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("alpha",)

    table: pd.DataFrame
    alpha: float

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"alpha": self.alpha,
                "table": [{k: _clean(v) for k, v in r.items()} for r in self.table.to_dict(orient="records")]}

    def plot(self, ax: Any = None, language: str = "zh", item: str = SPENDING) -> Any:
        """Projected year-end completion with its interval, one row per project, for one item."""
        import matplotlib.pyplot as plt
        from matplotlib.ticker import PercentFormatter

        tr = translator(check_language(language, func="plot"), "plot.monitoring.outlook.")
        frame = self.table[self.table["item"] == item]
        if frame.empty:
            raise InputError(f"no outlook for item {item!r}; items: {sorted(set(self.table['item']))}")
        n = len(frame)
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.3 * n + 1.4))
        y = np.arange(n)
        c = frame["completion"].to_numpy(dtype=float)
        lo = frame["completion_low"].to_numpy(dtype=float)
        hi = frame["completion_high"].to_numpy(dtype=float)
        err = np.vstack([np.where(np.isfinite(lo), c - lo, 0), np.where(np.isfinite(hi), hi - c, 0)])
        colours = np.where(hi < 1, "#d62728", np.where(c < 1, "#f2b705", "#2e9e44"))
        ax.errorbar(c, y, xerr=err, fmt="none", ecolor="0.5", elinewidth=1, capsize=2)
        ax.scatter(c, y, c=list(colours), zorder=3, s=30)
        ax.axvline(1.0, color="0.4", linestyle="--", linewidth=1)
        ax.set_yticks(y, list(frame["project"]), fontsize="small")
        ax.set_ylim(n - 0.5, -0.5)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_title(tr("title", item=tr("spending") if item == SPENDING else item))
        ax.set_xlabel(tr("x"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return ax


def _series(reports: Sequence[ProjectReport], month: int | None) -> pd.DataFrame:
    frames = []
    for r in reports:  # gather each project's cumulative series (validated already)
        p = r.budget.periods
        frames.append(pd.DataFrame({"project": r.project, "item": SPENDING, "kind": "spending",
                                    "month": p["month"].to_numpy(dtype=int),
                                    "value": p["executed_cum"].to_numpy(dtype=float), "target": r.budget.adjusted}))
        if r.framework is not None and r.progress is not None:
            cum = {i.id: i.target.value for i in r.framework
                   if i.direction in (Direction.POSITIVE, Direction.EQUAL) and i.target.value is not None}
            prog = r.progress[r.progress["indicator_id"].isin(list(cum))]
            frames.append(pd.DataFrame({"project": r.project, "item": prog["indicator_id"].to_numpy(),
                                        "kind": "indicator", "month": prog["month"].to_numpy(dtype=int),
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

    target = table["target"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(target > 0, 1.0 / np.where(target > 0, target, 1.0), np.nan)
    out = pd.DataFrame({
        "project": table["project"], "item": table["item"], "kind": table["kind"],
        "month": t_last.astype(int), "value": y, "target": target, "forecast": forecast, "lower": lower,
        "upper": upper, "completion": forecast * ratio, "completion_low": lower * ratio,
        "completion_high": upper * ratio, "method": method, "n_periods": k,
    })
    order = {p: i for i, p in enumerate(r.project for r in reps)}
    out = out.sort_values(["project", "kind", "item"], key=lambda c: c.map(order) if c.name == "project" else
                          (c.map({"spending": 0, "indicator": 1}) if c.name == "kind" else c), kind="stable")
    return OutlookResult(table=out.reset_index(drop=True), alpha=alpha)

"""Appraisal measures: NPV, MIRR, BCR, equivalent annual value, payback, cost-effectiveness, least cost.

Why hand-written: numpy-financial covers NPV and MIRR at one constant rate only; public appraisal needs declining
schedules (chained factors), mid-year timing, vectorised evaluation over many draws, and the cost-effectiveness and
least-cost comparisons (最低成本法, 财预〔2020〕10号) that no financial library offers.

Conventions
-----------
Flows are yearly with the first flow at t = 0, **not discounted** (numpy-financial's ``npv``; Excel's NPV would be
``npv([0] + flows, r)``). Benefits and costs are positive amounts; net flow = benefits - costs.

Formulas
--------
NPV            Σ_t DF(t) v_t                       DF from :func:`~perfmethods.cba.discounting.discount_factors`
BCR            PV(benefits) / PV(costs)
EAV            NPV / Σ_{t=1}^{T} DF(t)             (the constant yearly amount over years 1..T with the same PV)
MIRR           (FV⁺ at reinvest rate / PV⁻ at finance rate)^{1/(n-1)} - 1  (numpy-financial's definition)
payback        first time the cumulative (discounted) net flow reaches 0, interpolated linearly within the year
CER            PV(costs) / effects;   ICER_j = ΔPV(costs) / Δeffects against the previous non-dominated option

References
----------
HM Treasury (2022), *The Green Book*, ch. 5 and Annex A6; Drummond, M. et al. (2015), *Methods for the Economic
Evaluation of Health Care Programmes*, 4th ed., ch. 4 (dominance, extended dominance, ICER); numpy-financial
``npv``/``mirr`` (commit f47e8af).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.cba._checks import as_flows, check_rate
from perfmethods.cba.discounting import Schedule, Timing, discount_factors, get_schedule
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language

__all__ = [
    "OptionComparison",
    "bcr",
    "cost_effectiveness",
    "eav",
    "least_cost",
    "mirr",
    "npv",
    "npv_dated",
    "payback",
    "present_value",
]

RateLike = float | str | Schedule | np.ndarray | list[float]


def _factors(n: int, rate: RateLike, timing: Timing, func: str) -> np.ndarray:
    """Discount factors of shape (T,) or, for an array of K constant rates, (K, T)."""
    if isinstance(rate, (str, Schedule)):
        return discount_factors(n, rate, timing=timing)
    r = check_rate(rate, func=func)
    if r.ndim == 0:
        return discount_factors(n, float(r), timing=timing)
    t = np.arange(n, dtype=float)
    t = np.where(t > 0, t - 0.5, 0.0) if timing == "mid" else t
    if timing not in ("end", "mid"):
        discount_factors(1, 0.0, timing=timing)  # raises the timing error
    return (1.0 + r.reshape(r.shape + (1,))) ** (-t)


def npv(flows: object, rate: RateLike, *, timing: Timing = "end") -> Any:
    """Net present value of flows starting at t = 0 (first flow undiscounted).

    Parameters
    ----------
    flows : array of shape (..., T): t = 0, 1, ..., T-1 on the last axis (several series on the leading axes).
    rate : a constant rate; a schedule name or :class:`~perfmethods.cba.discounting.Schedule`; or a 1-D array of K
        constant rates, giving an output of shape (K, ...) (numpy-financial HEAD's vectorised form).
    timing : ``"end"`` (default) or ``"mid"`` year convention.

    Returns
    -------
    float or ndarray : NPV = Σ_t DF(t) v_t.

    Raises
    ------
    InputError : a missing flow (naming the year), a rate <= -1, an unknown schedule name.

    Examples
    --------
    >>> round(npv([-15000, 1500, 2500, 3500, 4500, 6000], 0.05), 8)  # numpy-financial test_npv
    122.89485495
    """
    f = as_flows(flows, func="npv")
    df = _factors(f.shape[-1], rate, timing, "npv")
    if df.ndim == 1:
        out = f @ df
    else:  # (K, T) rates x (..., T) flows -> (K, ...)
        out = np.tensordot(df, f, axes=([-1], [-1]))
    return float(out) if np.ndim(out) == 0 else out


def present_value(flows: object, rate: RateLike, *, timing: Timing = "end") -> Any:
    """Present value of a flow series (an alias of :func:`npv` for one-signed flows such as costs or benefits).

    Parameters
    ----------
    flows : yearly amounts from t = 0.
    rate : rate or schedule (see :func:`npv`).
    timing : ``"end"`` or ``"mid"``.
    """
    return npv(flows, rate, timing=timing)


def mirr(flows: object, finance_rate: float, reinvest_rate: float) -> float:
    """Modified internal rate of return (numpy-financial's definition).

    Parameters
    ----------
    flows : 1-D flows from t = 0.
    finance_rate : rate paid on the negative flows (discounted to t = 0).
    reinvest_rate : rate earned on the positive flows (compounded to t = n - 1).

    Returns
    -------
    float : (|NPV(reinvest, v⁺)| / |NPV(finance, v⁻)|)^{1/(n-1)} (1 + reinvest) - 1; NaN when the flows do not
        contain both signs.

    Examples
    --------
    >>> round(mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.10, 0.12), 12)  # numpy-financial test_mirr
    0.126094130366
    """
    f = as_flows(flows, func="mirr")
    if f.ndim != 1 or f.size < 2:
        raise InputError(f"The 'flows' parameter of mirr must be 1-D with at least two years; got shape {f.shape}.")
    fr = float(check_rate(finance_rate, name="finance_rate", func="mirr"))
    rr = float(check_rate(reinvest_rate, name="reinvest_rate", func="mirr"))
    pos, neg = f > 0, f < 0
    if not (pos.any() and neg.any()):
        return float("nan")
    numer = abs(npv(np.where(pos, f, 0.0), rr))
    denom = abs(npv(np.where(neg, f, 0.0), fr))
    return float((numer / denom) ** (1.0 / (f.size - 1)) * (1.0 + rr) - 1.0)


def bcr(benefits: object, costs: object, rate: RateLike, *, timing: Timing = "end") -> Any:
    """Benefit-cost ratio PV(benefits) / PV(costs).

    Parameters
    ----------
    benefits, costs : positive yearly amounts from t = 0, same length.
    rate : rate or schedule (see :func:`npv`).
    timing : ``"end"`` or ``"mid"``.

    Raises
    ------
    InputError : lengths differ, or PV(costs) is not positive.
    """
    b = as_flows(benefits, name="benefits", func="bcr")
    c = as_flows(costs, name="costs", func="bcr")
    if b.shape[-1] != c.shape[-1]:
        raise InputError(f"The 'benefits' and 'costs' of bcr must cover the same years; got {b.shape[-1]} and "
                         f"{c.shape[-1]} years.")
    pvc = np.asarray(npv(c, rate, timing=timing))
    if np.any(pvc <= 0):
        raise InputError("The 'costs' of bcr have a present value <= 0; the benefit-cost ratio is undefined.",
                         location={"key": "costs"})
    out = np.asarray(npv(b, rate, timing=timing)) / pvc
    return float(out) if out.ndim == 0 else out


def eav(flows: object, rate: RateLike, *, timing: Timing = "end") -> Any:
    """Equivalent annual value: the constant amount over years 1..T-1 with the same present value.

    Parameters
    ----------
    flows : yearly flows from t = 0 (at least two years).
    rate : rate or schedule (see :func:`npv`).
    timing : ``"end"`` or ``"mid"``.

    Returns
    -------
    float or ndarray : NPV / Σ_{t=1}^{T-1} DF(t). With a constant rate r this is NPV · r / (1 - (1+r)^-(T-1)).
    """
    f = as_flows(flows, func="eav")
    if f.shape[-1] < 2:
        raise InputError("The 'flows' parameter of eav must cover at least two years (t = 0 and t = 1).")
    df = _factors(f.shape[-1], rate, timing, "eav")
    annuity = df[..., 1:].sum(axis=-1)
    value = np.asarray(npv(f, rate, timing=timing))
    if annuity.ndim:
        annuity = annuity.reshape(annuity.shape + (1,) * (value.ndim - annuity.ndim))
    out = value / annuity
    return float(out) if np.ndim(out) == 0 else out


def payback(flows: object, rate: RateLike | None = None, *, timing: Timing = "end") -> float:
    """Simple (``rate=None``) or discounted payback period, in years from t = 0.

    Parameters
    ----------
    flows : 1-D net flows from t = 0.
    rate : ``None`` for simple payback, else a rate or schedule for discounted payback.
    timing : year convention of the discounting.

    Returns
    -------
    float : the first time the cumulative (discounted) net flow reaches 0, interpolated linearly within the year in
        which it turns non-negative (0 when the first flow is already >= 0 ... and stays so); NaN if never.
    """
    f = as_flows(flows, func="payback")
    if f.ndim != 1:
        raise InputError(f"The 'flows' parameter of payback must be 1-D; got shape {f.shape}.")
    if rate is not None:
        f = f * _factors(f.size, rate, timing, "payback")
    cum = np.cumsum(f)
    neg = np.flatnonzero(cum < 0)
    if neg.size == 0:
        return 0.0
    last_neg = int(neg[-1])
    if last_neg == f.size - 1:
        return float("nan")
    # cumulative turns >= 0 at last_neg + 1 for good
    return float(last_neg + (-cum[last_neg]) / f[last_neg + 1])


@dataclass(frozen=True, repr=False)
class OptionComparison(Result):
    """Options compared by cost-effectiveness or least cost.

    Attributes
    ----------
    table : one row per option. Cost-effectiveness: ``option``, ``pv_cost``, ``effect``, ``cer``, ``status``
        (``"reference"``, ``"efficient"``, ``"dominated"``, ``"extendedly dominated"``), ``icer``. Least cost:
        ``option``, ``pv_cost``, ``years``, ``eac`` (equivalent annual cost), ``rank``.
        Options by NPV (:func:`~perfmethods.cba.cashflows.compare_options`): ``option``, ``npv``, ``pv_benefits``,
        ``pv_costs``, ``bcr``, ``irr``, ``irr_flag``, ``rank``.
    method : ``"cost_effectiveness"``, ``"least_cost"`` or ``"npv"``.
    rate : the rate or schedule name used.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("best", "method")

    table: pd.DataFrame
    method: str
    rate: Any

    @property
    def best(self) -> str:
        """The least-cost option (least cost) or the cheapest efficient option (cost-effectiveness)."""
        if self.method in ("least_cost", "npv"):
            return str(self.table.sort_values("rank", kind="stable")["option"].iloc[0])
        eff = self.table[self.table["status"].isin(["reference", "efficient"])]
        return str(eff.sort_values("pv_cost")["option"].iloc[0])

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        t = self.table.astype(object).where(self.table.notna(), None)
        rows = [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
                for r in t.to_dict(orient="records")]
        rate = self.rate.name if isinstance(self.rate, Schedule) else self.rate
        return {"method": self.method, "rate": rate, "table": rows}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Cost-effectiveness plane (with the efficient frontier) or a bar chart of PV costs."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.cba.options.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        t = self.table
        if self.method == "npv":
            ax.barh(t["option"].astype(str), t["npv"], color=["C3" if v < 0 else "C0" for v in t["npv"]])
            ax.axvline(0, color="0.4", lw=0.6)
            ax.set_xlabel(tr("npv"))
            ax.set_title(tr("cmp"))
            return ax
        if self.method == "least_cost":
            ax.barh(t["option"].astype(str), t["pv_cost"], color=["C2" if r == 1 else "C0" for r in t["rank"]])
            ax.set_xlabel(tr("pvc"))
            ax.set_title(tr("lc"))
            return ax
        ax.scatter(t["effect"], t["pv_cost"], color="C0")
        for _, row in t.iterrows():
            ax.annotate(str(row["option"]), (row["effect"], row["pv_cost"]), textcoords="offset points",
                        xytext=(4, 4), fontsize="small")
        front = t[t["status"].isin(["reference", "efficient"])].sort_values("effect")
        ax.plot(front["effect"], front["pv_cost"], color="C2")
        ax.set_xlabel(tr("x"))
        ax.set_ylabel(tr("y"))
        ax.set_title(tr("ce"))
        return ax


def _check_options(options: Mapping[str, Any], func: str) -> None:
    if not isinstance(options, Mapping) or len(options) < 1:
        raise InputError(f"The 'options' parameter of {func} must be a non-empty mapping of option name to flows; "
                         f"got {options!r} instead.")


def cost_effectiveness(options: Mapping[str, tuple[object, object]], rate: RateLike, *, discount_effects: bool = True,
                       timing: Timing = "end") -> OptionComparison:
    """Cost-effectiveness ratios (CER) and incremental ratios (ICER) between options.

    Parameters
    ----------
    options : option name → ``(costs, effects)``: yearly costs from t = 0 and yearly effects (same length) or a
        single total effect (a number, not discounted).
    rate : rate or schedule (see :func:`npv`).
    discount_effects : discount yearly effects at the same rate (default, the Green Book and health-economics
        convention) or sum them undiscounted.
    timing : year convention.

    Returns
    -------
    OptionComparison : options sorted by effect; CER = PV(costs)/effect; strongly dominated options (costlier and no
        more effective than another) and extendedly dominated ones (ICER higher than the next more effective option's)
        are marked; ICER is computed along the efficient frontier (Drummond et al. 2015, ch. 4).
    """
    _check_options(options, "cost_effectiveness")
    rows = []
    for name, pair in options.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InputError(f"option {name!r} of cost_effectiveness must be a pair (costs, effects); got {pair!r}.",
                             location={"key": str(name)})
        costs, effects = pair
        pvc = float(npv(as_flows(costs, name=f"costs of {name!r}", func="cost_effectiveness"), rate, timing=timing))
        e = np.asarray(effects, dtype=float)
        if e.ndim == 0:
            eff = float(e)
        else:
            e = as_flows(e, name=f"effects of {name!r}", func="cost_effectiveness")
            eff = float(npv(e, rate, timing=timing)) if discount_effects else float(e.sum())
        if eff <= 0:
            raise InputError(f"option {name!r} of cost_effectiveness has a total effect <= 0 ({eff}); a "
                             f"cost-effectiveness ratio needs a positive effect.", location={"key": str(name)})
        rows.append({"option": str(name), "pv_cost": pvc, "effect": eff})
    t = pd.DataFrame(rows).sort_values(["effect", "pv_cost"], kind="stable").reset_index(drop=True)
    t["cer"] = t["pv_cost"] / t["effect"]
    c, e = t["pv_cost"].to_numpy(), t["effect"].to_numpy()
    # strong dominance: another option with cost <= and effect >= (one strict)
    dominated = ((c[None, :] <= c[:, None]) & (e[None, :] >= e[:, None])
                 & ((c[None, :] < c[:, None]) | (e[None, :] > e[:, None]))).any(axis=1)
    status = np.where(dominated, "dominated", "efficient").astype(object)
    icer = np.full(len(t), np.nan)
    # extended dominance: iterate until ICERs increase along the frontier
    while True:
        idx = np.flatnonzero(status != "dominated")
        idx = idx[status[idx] != "extendedly dominated"]
        inc = np.diff(c[idx]) / np.diff(e[idx]) if idx.size > 1 else np.array([])
        bad = np.flatnonzero(np.diff(inc) < 0) if inc.size > 1 else np.array([], dtype=int)
        if bad.size == 0:
            break
        status[idx[bad[0] + 1]] = "extendedly dominated"
    icer[idx[1:]] = inc
    status[idx[0]] = "reference"
    t["status"] = status
    t["icer"] = icer
    return OptionComparison(table=t, method="cost_effectiveness", rate=rate)


def least_cost(options: Mapping[str, object], rate: RateLike, *, timing: Timing = "end") -> OptionComparison:
    """Least-cost comparison (最低成本法) of options delivering the same benefits.

    Parameters
    ----------
    options : option name → yearly costs from t = 0 (positive amounts); lives may differ.
    rate : rate or schedule (see :func:`npv`).
    timing : year convention.

    Returns
    -------
    OptionComparison : ``pv_cost``, ``years`` (length of the series), ``eac`` = PV cost / Σ_{t=1}^{T-1} DF(t) (the
        equivalent annual cost, to compare options of different lives) and ``rank`` by PV cost (1 = least cost);
        when the lives differ, rank by ``eac`` (the table's ``rank_eac``) unless the options are replicated to a
        common horizon.
    """
    _check_options(options, "least_cost")
    rows = []
    for name, costs in options.items():
        f = as_flows(costs, name=f"costs of {name!r}", func="least_cost")
        pvc = float(npv(f, rate, timing=timing))
        eacv = float(eav(f, rate, timing=timing)) if f.size > 1 else float("nan")
        rows.append({"option": str(name), "pv_cost": pvc, "years": int(f.size), "eac": eacv})
    t = pd.DataFrame(rows)
    t["rank"] = t["pv_cost"].rank(method="min").astype(int)
    t["rank_eac"] = t["eac"].rank(method="min")
    return OptionComparison(table=t, method="least_cost", rate=rate)


def npv_dated(amounts: object, dates: object, rate: float | str | Schedule, *, base_date: object = None,
              days_per_year: float = 365.0) -> float:
    """Net present value of flows on arbitrary dates (Excel's XNPV convention).

    Parameters
    ----------
    amounts : the flows (signed).
    dates : their dates (anything ``pandas.to_datetime`` reads), in any order.
    rate : a constant rate or a schedule; the time of a flow is t = (date - base_date) / ``days_per_year`` years and
        its factor the chained DF(t) (fractional years compound within their band).
    base_date : the date of t = 0 (default: the earliest date); flows before it are refused.
    days_per_year : day count (365, the ACT/365 convention of XNPV).

    Returns
    -------
    float : Σ_i DF(t_i) v_i.

    Examples
    --------
    >>> round(npv_dated([-10000, 2750, 4250, 3250, 2750],
    ...                 ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"], 0.09), 2)
    2086.65
    """
    import pandas as pd

    v = as_flows(amounts, name="amounts", func="npv_dated")
    try:
        d = pd.to_datetime(pd.Series(list(np.atleast_1d(np.asarray(dates, dtype=object)))))
    except (TypeError, ValueError) as exc:
        raise InputError(f"The 'dates' parameter of npv_dated must hold dates; got {dates!r} instead.") from exc
    if v.ndim != 1 or d.size != v.size:
        raise InputError(f"npv_dated needs one date per amount; got {v.size} amounts and {d.size} dates.")
    if d.isna().any():
        i = int(np.flatnonzero(d.isna().to_numpy())[0])
        raise InputError(f"the date of flow {i} is missing", location={"key": "dates", "row": i + 1})
    base = d.min() if base_date is None else pd.Timestamp(base_date)
    t = ((d - base).dt.days / float(days_per_year)).to_numpy(dtype=float)
    if np.any(t < 0):
        i = int(np.flatnonzero(t < 0)[0])
        raise InputError(f"flow {i} is dated {d.iloc[i].date()}, before the base date {base.date()}",
                         location={"key": "dates", "row": i + 1})
    sched = rate if isinstance(rate, Schedule) else get_schedule(rate)
    return float(v @ sched.factors(t))

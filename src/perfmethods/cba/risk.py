"""One-way sensitivity (tornado), switching values and scenario tables.

Why hand-written: SALib and similar packages do global sensitivity (Sobol, Morris) on a generic model; public
appraisal guidance asks for something simpler and specific — a one-way table and tornado chart, the EU guide's
critical-variable test (elasticity of NPV above 1), and the Green Book's switching value (the value of a variable at
which NPV turns zero, required at least for the preferred option, paras 5.59–5.61). All points are evaluated in one
vectorised model call.

Formulas
--------
swing_k       NPV(x_k = high_k) - NPV(x_k = low_k), others at base
elasticity_k  (ΔNPV / NPV_0) / (Δx_k / x_k0) with Δx_k = ±1 % of x_k0 (central difference); |e| > 1 → critical
switching     x_k* with NPV(x_k*) = 0, others at base; for a linear variable x_k* = x_k0 - NPV_0 / (∂NPV/∂x_k),
              otherwise Brent's method on a bracket found by expanding steps around the base value

References
----------
HM Treasury (2022), *The Green Book*, paras 5.59–5.61 and (2003) Box 15; European Commission (2014), *Guide to
Cost-Benefit Analysis of Investment Projects*, §2.9.1 (critical variables, switching values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from perfmethods.cba.model import Model
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.progress import progress_bar
from perfmethods.results import Result
from perfmethods.results import json_records as _records
from perfmethods.validation import check_language

__all__ = ["Scenarios", "Sensitivity", "SwitchingValues", "one_way_sensitivity", "scenarios", "switching_values"]

def _lab(language: str) -> Any:
    """The plot labels of the risk results in ``language``."""
    return translator(check_language(language, func="plot"), "plot.cba.risk.")


def _check_model(model: object, func: str) -> None:
    if not hasattr(model, "evaluate") or not hasattr(model, "base"):
        raise InputError(f"The 'model' parameter of {func} must be an NPVModel or FunctionModel; got "
                         f"{type(model).__name__} instead.")


def _switch_one(model: Model, var: str, npv0: float) -> float:
    x0 = float(model.base[var])
    step = max(abs(x0), 1e-2)
    pts = np.array([x0, x0 + step, x0 + 2 * step])
    vals = model.evaluate({var: pts})
    if abs(vals[1] - vals[0]) < 1e-12 * max(1.0, abs(npv0)):
        return float("nan")  # NPV does not depend on this variable
    second = vals[2] - 2 * vals[1] + vals[0]
    if abs(second) <= 1e-9 * max(abs(vals[1] - vals[0]), 1e-300) and npv0 != 0:
        return float(x0 - npv0 * step / (vals[1] - vals[0]))
    if npv0 == 0:
        return x0

    def f(x: float) -> float:
        return float(model.evaluate({var: np.array([x])})[0])

    # expand a bracket on both sides; take the root nearest the base
    best = float("nan")
    for direction in (-1.0, 1.0):
        prev, fprev = x0, npv0
        for k in range(1, 40):
            x = x0 + direction * step * (2 ** (k - 1) - 0.5) * 2
            if var == getattr(model, "rate_variable", None) and x <= -1:
                x = -1 + 1e-9
            try:
                fx = f(x)
            except InputError:
                break
            if np.sign(fx) != np.sign(fprev):
                root = brentq(f, min(prev, x), max(prev, x), xtol=1e-12, rtol=1e-12)
                if np.isnan(best) or abs(root - x0) < abs(best - x0):
                    best = root
                break
            prev, fprev = x, fx
            if x <= -1 + 1e-9:
                break
    return float(best)


@dataclass(frozen=True, repr=False)
class SwitchingValues(Result):
    """The value of each variable at which NPV = 0, others at base.

    Attributes
    ----------
    table : ``variable``, ``base``, ``switching_value`` (NaN: NPV never turns zero, or does not depend on it),
        ``change`` (relative change from base, e.g. -0.20 = a 20 % fall).
    npv_base : NPV at base values.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("npv_base",)

    table: pd.DataFrame
    npv_base: float

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"npv_base": self.npv_base, "table": _records(self.table)}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Horizontal bars of the change from base that turns NPV to zero (smallest = most critical on top)."""
        import matplotlib.pyplot as plt
        from matplotlib.ticker import PercentFormatter

        lab = _lab(language)
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        t = self.table.dropna(subset=["change"]).assign(a=lambda d: d["change"].abs()).sort_values("a",
                                                                                                    ascending=False)
        ax.barh(t["variable"].astype(str), t["change"], color=np.where(t["change"] < 0, "C3", "C0"))
        ax.axvline(0, color="0.4", lw=0.6)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_title(lab("sv"))
        return ax


def switching_values(model: Model, variables: Sequence[str] | None = None, *,
                     progress: bool | None = None) -> SwitchingValues:
    """Switching values (临界值) of the model's variables.

    Parameters
    ----------
    model : an :class:`~perfmethods.cba.model.NPVModel` or :class:`~perfmethods.cba.model.FunctionModel`.
    variables : the variables to report (default all).
    progress : show a progress bar over the variables (each a root search; see
        :func:`perfmethods.progress.progress_bar`); the values are the same either way.

    Returns
    -------
    SwitchingValues

    Examples
    --------
    Green Book (2003) Box 15: £1m now, saving £150k a year for 10 years at 3.5 % — the saving can fall to
    £120,241 a year (-19.8 %) before NPV turns negative.
    """
    _check_model(model, "switching_values")
    names = list(variables) if variables is not None else list(model.base)
    npv0 = float(np.ravel(model.evaluate({}))[0])
    unknown = [var for var in names if var not in model.base]
    if unknown:
        raise InputError(f"unknown model variable {unknown[0]!r}; the model's variables are {list(model.base)}",
                         location={"key": unknown[0]})
    rows = []
    with progress_bar(len(names), show=progress, desc="临界值 switching values", unit="项") as bar:
        for var in names:  # one root search per variable
            x0 = float(model.base[var])
            sv = _switch_one(model, var, npv0)
            change = (sv - x0) / abs(x0) if x0 != 0 and np.isfinite(sv) else float("nan")
            rows.append({"variable": var, "base": x0, "switching_value": sv, "change": change})
            bar.update(1)
    return SwitchingValues(table=pd.DataFrame(rows), npv_base=npv0)


@dataclass(frozen=True, repr=False)
class Sensitivity(Result):
    """One-way sensitivity of NPV.

    Attributes
    ----------
    table : per variable: ``variable``, ``base``, ``low``, ``high``, ``npv_low``, ``npv_high``, ``swing``
        (|npv_high - npv_low|), ``elasticity``, ``critical`` (|elasticity| > 1, EU 2014), ``switching_value``,
        ``switching_change``; sorted by swing (largest first: the tornado's order).
    npv_base : NPV at base values.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("npv_base",)

    table: pd.DataFrame
    npv_base: float

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"npv_base": self.npv_base, "table": _records(self.table)}

    def plot(self, ax: Any = None, language: str = "zh", *, unit: str = "") -> Any:
        """Tornado chart: NPV at the low and high value of each variable around the base NPV.

        Parameters
        ----------
        ax : matplotlib axes (a new figure when ``None``).
        language : ``"zh"`` or ``"en"``.
        unit : currency unit shown on the NPV axis (e.g. ``"万元"``).
        """
        import matplotlib.pyplot as plt

        lab = _lab(language)
        t = self.table.iloc[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.5 * len(t) + 1.5))
        y = np.arange(len(t))
        base = self.npv_base
        ax.barh(y, t["npv_low"] - base, left=base, color="C3", label=lab("low"))
        ax.barh(y, t["npv_high"] - base, left=base, color="C0", label=lab("high"), alpha=0.8)
        ax.axvline(base, color="k", lw=0.8, label=lab("base"))
        ax.axvline(0, color="0.5", lw=0.6, ls="--")
        ax.set_yticks(y)
        ax.set_yticklabels(t["variable"].astype(str))
        ax.set_xlabel(lab("npv") + ((f"（{unit}）" if language == "zh" else f" ({unit})") if unit else ""))
        ax.set_title(lab("tornado"))
        ax.legend(fontsize="small")
        return ax


def one_way_sensitivity(model: Model, ranges: Mapping[str, tuple[float, float]] | None = None, *,
                        delta: float = 0.2, progress: bool | None = None) -> Sensitivity:
    """One-way sensitivity: NPV at a low and a high value of each variable, the others at base.

    Parameters
    ----------
    model : an :class:`~perfmethods.cba.model.NPVModel` or :class:`~perfmethods.cba.model.FunctionModel`.
    ranges : variable → (low, high); variables not given use base × (1 ∓ ``delta``).
    delta : relative change for variables without a range (default 0.2 = ±20 %).
    progress : show a progress bar over the switching-value searches (see :func:`switching_values`).

    Returns
    -------
    Sensitivity : the tornado table, elasticities (critical variables) and switching values.
    """
    _check_model(model, "one_way_sensitivity")
    if not (0 < delta < 1):
        raise InputError(f"The 'delta' parameter of one_way_sensitivity must be in (0, 1); got {delta!r} instead.",
                         location={"key": "delta"})
    ranges = dict(ranges or {})
    unknown = [k for k in ranges if k not in model.base]
    if unknown:
        raise InputError(f"unknown model variable(s) {unknown}; the model's variables are {list(model.base)}",
                         location={"key": unknown[0]})
    names = list(model.base)
    k = len(names)
    base = np.array([model.base[n] for n in names], dtype=float)
    low = np.array([ranges.get(n, (b * (1 - delta), b * (1 + delta)))[0] for n, b in zip(names, base, strict=True)])
    high = np.array([ranges.get(n, (b * (1 - delta), b * (1 + delta)))[1] for n, b in zip(names, base, strict=True)])
    h = 0.01 * np.where(base != 0, np.abs(base), 1.0)
    # one batch: rows = [base, low_k, high_k, base - h_k, base + h_k]
    pts = np.tile(base, (1 + 4 * k, 1))
    idx = np.arange(k)
    pts[1 + idx, idx] = low
    pts[1 + k + idx, idx] = high
    pts[1 + 2 * k + idx, idx] = base - h
    pts[1 + 3 * k + idx, idx] = base + h
    vals = model.evaluate({n: pts[:, j] for j, n in enumerate(names)})
    npv0 = float(vals[0])
    npv_low, npv_high = vals[1:1 + k], vals[1 + k:1 + 2 * k]
    d = (vals[1 + 3 * k:] - vals[1 + 2 * k:1 + 3 * k]) / (2 * h)
    with np.errstate(divide="ignore", invalid="ignore"):
        elasticity = np.where(npv0 != 0, d * base / npv0, np.nan)
    sv = switching_values(model, names, progress=progress).table
    t = pd.DataFrame({"variable": names, "base": base, "low": low, "high": high, "npv_low": npv_low,
                      "npv_high": npv_high, "swing": np.abs(npv_high - npv_low), "elasticity": elasticity,
                      "critical": np.abs(elasticity) > 1, "switching_value": sv["switching_value"].to_numpy(),
                      "switching_change": sv["change"].to_numpy()})
    t = t.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return Sensitivity(table=t, npv_base=npv0)


@dataclass(frozen=True, repr=False)
class Scenarios(Result):
    """NPV under named scenarios.

    Attributes
    ----------
    table : one row per scenario (``"base"`` first): ``scenario``, ``npv``, and the value of every variable.
    """

    table: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"table": _records(self.table)}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bar chart of NPV by scenario."""
        import matplotlib.pyplot as plt

        lab = _lab(language)
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        v = self.table["npv"].to_numpy()
        ax.bar(self.table["scenario"].astype(str), v, color=np.where(v < 0, "C3", "C0"))
        ax.axhline(0, color="0.4", lw=0.6)
        ax.set_ylabel(lab("npv"))
        ax.set_title(lab("sc"))
        return ax


def scenarios(model: Model, definitions: Mapping[str, Mapping[str, float]]) -> Scenarios:
    """NPV under scenarios that set several variables at once.

    Parameters
    ----------
    model : an :class:`~perfmethods.cba.model.NPVModel` or :class:`~perfmethods.cba.model.FunctionModel`.
    definitions : scenario name → {variable: value}; unset variables stay at base. A ``"base"`` row is added.

    Returns
    -------
    Scenarios
    """
    _check_model(model, "scenarios")
    names = list(model.base)
    rows = [{"scenario": "base", **model.base}]
    for sc, values in definitions.items():
        unknown = [k for k in values if k not in model.base]
        if unknown:
            raise InputError(f"scenario {sc!r} sets unknown variable(s) {unknown}; the model's variables are "
                             f"{names}", location={"key": str(sc)})
        rows.append({"scenario": str(sc), **model.base, **{k: float(v) for k, v in values.items()}})
    t = pd.DataFrame(rows)
    t.insert(1, "npv", model.evaluate({n: t[n].to_numpy(dtype=float) for n in names}))
    return Scenarios(table=t)

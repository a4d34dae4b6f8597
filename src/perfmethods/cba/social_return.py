"""Social return on investment (SROI, 社会投资回报): outcomes valued by financial proxies, net of deadweight,
displacement and attribution, with drop-off.

Why hand-written: the SROI Network method is a spreadsheet convention with no Python implementation; this module
vectorises it over outcomes × years.

Formulas (Cabinet Office / SROI Network, *A guide to Social Return on Investment*, 2009, rev. 2012)
---------------------------------------------------------------------------------------------------
impact_1          = quantity · proxy · (1 - deadweight)(1 - displacement)(1 - attribution)
impact_{k+1}      = impact_k · (1 - drop_off)                 (drop-off deducted each year after the first)
PV                = Σ_t DF(t) Σ_outcomes impact_t             (outcomes from t = start, default 1; Green Book 3.5 %)
SROI ratio        = PV / value of inputs;   net SROI = (PV - inputs) / inputs
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.cba.discounting import Schedule, Timing, discount_factors
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language

__all__ = ["SROIResult", "sroi"]

_REQUIRED = ("outcome", "quantity", "proxy")
_OPTIONAL = {"deadweight": 0.0, "displacement": 0.0, "attribution": 0.0, "drop_off": 0.0, "duration": 1, "start": 1}


@dataclass(frozen=True, repr=False)
class SROIResult(Result):
    """An SROI calculation.

    Attributes
    ----------
    impacts : DataFrame, outcomes × year index: the impact of each outcome each year (undiscounted).
    outcomes : the validated outcome table.
    present_value : PV of all impacts.
    investment : value of the inputs (present value if given as flows).
    ratio, net_ratio : PV / investment and (PV - investment) / investment.
    schedule : the rate or schedule name.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("ratio", "net_ratio", "present_value", "investment")

    impacts: pd.DataFrame
    outcomes: pd.DataFrame
    present_value: float
    investment: float
    ratio: float
    net_ratio: float
    schedule: str

    def summary(self) -> pd.DataFrame:
        """One row per outcome with its year-1 impact and PV, and a total row."""
        pv = self.outcomes["pv"].to_numpy()
        out = pd.DataFrame({"outcome": self.outcomes["outcome"], "impact_first_year":
                            self.outcomes["impact_first_year"], "pv": pv})
        total = pd.DataFrame({"outcome": ["total"], "impact_first_year": [out["impact_first_year"].sum()],
                              "pv": [self.present_value]})
        return pd.concat([out, total], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        return {"present_value": self.present_value, "investment": self.investment, "ratio": self.ratio,
                "net_ratio": self.net_ratio, "schedule": self.schedule,
                "outcomes": [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
                             for r in self.outcomes.to_dict(orient="records")]}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Stacked bars of yearly impact by outcome."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.cba.sroi.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        bottom = np.zeros(self.impacts.shape[1])
        for name, row in self.impacts.iterrows():
            ax.bar(self.impacts.columns, row.to_numpy(), bottom=bottom, label=str(name))
            bottom += row.to_numpy()
        ax.set_xlabel(tr("x"))
        ax.set_ylabel(tr("y"))
        ax.set_title(tr("title"))
        ax.legend(fontsize="small")
        return ax


def sroi(outcomes: pd.DataFrame | Sequence[Mapping[str, Any]], investment: float | Sequence[float], *,
         rate: float | str | Schedule = 0.035, timing: Timing = "end") -> SROIResult:
    """Social return on investment.

    Parameters
    ----------
    outcomes : one row per outcome: ``outcome``, ``quantity``, ``proxy`` (financial proxy per unit) and optionally
        ``deadweight``, ``displacement``, ``attribution``, ``drop_off`` (fractions in [0, 1], default 0),
        ``duration`` (years the outcome lasts, default 1) and ``start`` (first year index, default 1).
    investment : value of the inputs: a number (at t = 0) or yearly flows from t = 0 (discounted).
    rate : rate or schedule (default 3.5 %, the Green Book rate the guide uses).
    timing : year convention.

    Returns
    -------
    SROIResult

    Raises
    ------
    InputError : a missing column, a fraction outside [0, 1], a duration < 1, or an investment <= 0.
    """
    t = pd.DataFrame(list(outcomes)) if not isinstance(outcomes, pd.DataFrame) else outcomes.copy()
    missing = [c for c in _REQUIRED if c not in t.columns]
    if missing or t.empty:
        raise InputError(f"The 'outcomes' of sroi need the columns {list(_REQUIRED)}; missing {missing}",
                         location={"key": "outcomes"})
    for col, default in _OPTIONAL.items():
        if col not in t.columns:
            t[col] = default
        t[col] = t[col].fillna(default)
    for i, row in t.iterrows():
        name = row["outcome"]
        for col in ("quantity", "proxy"):
            v = row[col]
            if not (isinstance(v, (int, float, np.number)) and np.isfinite(v) and v >= 0):
                raise InputError(f"outcome {name!r}: {col} must be a number >= 0; got {v!r}",
                                 location={"row": int(i) + 1, "column": col})
        for col in ("deadweight", "displacement", "attribution", "drop_off"):
            v = row[col]
            if not (isinstance(v, (int, float, np.number)) and 0 <= v <= 1):
                raise InputError(f"outcome {name!r}: {col} must be in [0, 1]; got {v!r}",
                                 location={"row": int(i) + 1, "column": col})
        for col, lo in (("duration", 1), ("start", 0)):
            v = row[col]
            if not (float(v).is_integer() and v >= lo):
                raise InputError(f"outcome {name!r}: {col} must be a whole number >= {lo}; got {v!r}",
                                 location={"row": int(i) + 1, "column": col})
    q = t["quantity"].to_numpy(float) * t["proxy"].to_numpy(float)
    y1 = q * (1 - t["deadweight"].to_numpy(float)) * (1 - t["displacement"].to_numpy(float)) * (
        1 - t["attribution"].to_numpy(float))
    start = t["start"].to_numpy(int)
    dur = t["duration"].to_numpy(int)
    horizon = int((start + dur).max())
    years = np.arange(horizon)
    k = years[None, :] - start[:, None]                       # years since the outcome started
    active = (k >= 0) & (k < dur[:, None])
    impacts = np.where(active, y1[:, None] * (1 - t["drop_off"].to_numpy(float))[:, None] ** np.maximum(k, 0), 0.0)
    df = discount_factors(horizon, rate, timing=timing)
    pv_each = impacts @ df
    inv = np.asarray(investment, dtype=float)
    if inv.ndim == 0:
        inv_pv = float(inv)
    else:
        inv_pv = float(inv @ discount_factors(inv.size, rate, timing=timing))
    if not np.isfinite(inv_pv) or inv_pv <= 0:
        raise InputError(f"The 'investment' of sroi must have a positive value; got {investment!r}",
                         location={"key": "investment"})
    pv = float(pv_each.sum())
    t = t.assign(impact_first_year=y1, pv=pv_each)
    name = rate.name if isinstance(rate, Schedule) else str(rate)
    return SROIResult(impacts=pd.DataFrame(impacts, index=t["outcome"].astype(str), columns=years), outcomes=t,
                      present_value=pv, investment=inv_pv, ratio=pv / inv_pv, net_ratio=(pv - inv_pv) / inv_pv,
                      schedule=name)

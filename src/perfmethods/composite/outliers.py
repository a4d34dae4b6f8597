"""Outlier treatment (异常值处理) by the JRC rule: winsorise a few points, else log-transform.

Step 3 of the JRC ten-step guide (outliers and transformations). An indicator *fails* when its skewness and
kurtosis are both large,

    |G1| ≥ 2   and   G2 ≥ 3.5,

with the sample skewness and excess kurtosis of e1071 ``type = 2`` (as Excel's ``SKEW`` and ``KURT``): for
deviations d = x − x̄ of n values,

    g = √n Σd³ / (Σd²)^{3/2},      G1 = g √(n(n − 1)) / (n − 2),
    r = n Σd⁴ / (Σd²)²,            G2 = ((n + 1)(r − 3) + 6)(n − 1) / ((n − 2)(n − 3)).

A failing indicator is winsorised one step at a time — with positive skew its largest value(s) take the
next-largest value, with negative skew its smallest take the next-smallest — until it passes or ``winmax``
points have been changed. If it still fails, the winsorising is undone and the original values are
log-transformed instead: ln(x − min + 0.01 (max − min)) (COINr's ``log_CT``). This is COINr's default
``Treat()`` (bluefoxr/COINr@b9682034 ``R/treat.R``: ``skew``, ``kurt``, ``check_SkewKurt``, ``winsorise``,
``log_CT``; ``combine_treat = FALSE``).

Two deliberate differences from COINr, both documented in the result: (1) with *negative* skew the log is taken
of the mirrored values, −ln(max − x + 0.01 (max − min)), which keeps the order of the units and reduces the
skew, where ``log_CT`` would make it worse; (2) the count of winsorised points is the number of distinct units
changed (COINr counts the tied points of the last step, which is the same when all steps are on one side).

Hand-written because no Python library implements this rule; scipy's skewness and kurtosis with
``bias=False`` give the same G1 and G2, and are used to cross-check in the tests. The loop runs over
indicators and at most ``winmax`` steps, never over units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.composite._frames import as_frame
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language, check_number

__all__ = ["OutlierTreatment", "kurtosis", "skewness", "treat_outliers"]


def skewness(values: Any) -> np.ndarray | float:
    """Sample skewness G1 (e1071 type 2, Excel ``SKEW``) of each column, skipping missing values.

    Parameters
    ----------
    values : a vector or a units × indicators array.

    Returns
    -------
    float (for a vector) or one value per column; NaN with fewer than 3 values or no spread.
    """
    x = np.asarray(values, dtype=float)
    g1, _ = _moments(x.reshape(len(x), -1))
    return float(g1[0]) if x.ndim == 1 else g1


def kurtosis(values: Any) -> np.ndarray | float:
    """Sample excess kurtosis G2 (e1071 type 2, Excel ``KURT``) of each column, skipping missing values.

    Parameters
    ----------
    values : a vector or a units × indicators array.

    Returns
    -------
    float (for a vector) or one value per column; NaN with fewer than 4 values or no spread.
    """
    x = np.asarray(values, dtype=float)
    _, g2 = _moments(x.reshape(len(x), -1))
    return float(g2[0]) if x.ndim == 1 else g2


def _moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ok = ~np.isnan(x)
    n = ok.sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(ok, x - np.nanmean(np.where(ok, x, np.nan), axis=0), 0.0)
        m2, m3, m4 = (d**2).sum(axis=0), (d**3).sum(axis=0), (d**4).sum(axis=0)
        g = np.sqrt(n) * m3 / m2**1.5
        g1 = g * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * m4 / m2**2
        g2 = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    spread = m2 > 1e-12 * np.maximum(1.0, np.nanmax(np.abs(np.where(ok, x, np.nan)), axis=0)) ** 2
    g1 = np.where((n >= 3) & spread, g1, np.nan)
    g2 = np.where((n >= 4) & spread, g2, np.nan)
    return g1, g2


def _fails(x: np.ndarray, skew_limit: float, kurt_limit: float) -> bool:
    g1, g2 = _moments(x[:, None])
    return bool(abs(g1[0]) >= skew_limit and g2[0] >= kurt_limit)


@dataclass(frozen=True, repr=False)
class OutlierTreatment(Result):
    """What the outlier rule did to each indicator, and the treated data.

    Attributes
    ----------
    data : the treated table (units × indicators).
    table : one row per indicator: ``indicator``, ``n``, ``skew``, ``kurtosis`` (before), ``fails`` (before),
        ``action`` (``none`` / ``winsorised`` / ``log`` / ``too_few_values``), ``winsorised_high``,
        ``winsorised_low`` (numbers of units changed), ``skew_after``, ``kurtosis_after``, ``passes_after``.
    points : one row per treated value: ``unit``, ``indicator``, ``treatment``, ``before``, ``after``.
    settings : the rule's thresholds and ``winmax``.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("n_treated",)

    data: pd.DataFrame = field(repr=False)
    table: pd.DataFrame = field(repr=False)
    points: pd.DataFrame = field(repr=False)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def n_treated(self) -> int:
        """How many indicators were winsorised or transformed."""
        return int(self.table["action"].isin(["winsorised", "log"]).sum())

    def summary(self) -> pd.DataFrame:
        """The per-indicator table."""
        return self.table.copy()

    def report_table(self, language: str = "zh") -> pd.DataFrame:
        """The per-indicator table as a reader sees it: headers and actions in words, skewness and kurtosis
        rounded to 2 decimals, one row per indicator.

        Parameters
        ----------
        language : ``"zh"`` or ``"en"``.
        """
        tr = translator(check_language(language, func="report_table"), "composite.outliers.")
        t = self.table
        return pd.DataFrame({
            tr("col.indicator"): t["indicator"], tr("col.n"): t["n"],
            tr("col.skew"): t["skew"].round(2), tr("col.kurtosis"): t["kurtosis"].round(2),
            tr("col.action"): [tr(f"action.{a}") for a in t["action"]],
            tr("col.points"): t["winsorised_high"] + t["winsorised_low"],
            tr("col.skew_after"): t["skew_after"].round(2), tr("col.kurtosis_after"): t["kurtosis_after"].round(2),
        })

    def to_dict(self) -> dict[str, Any]:
        """Settings, the per-indicator table and the treated points (JSON-safe)."""
        from perfmethods.results import json_records

        return {"settings": dict(self.settings), "n_treated": self.n_treated, "table": json_records(self.table),
                "points": json_records(self.points)}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Skewness against kurtosis of each indicator, before (hollow) and after (filled), with the thresholds."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "composite.outliers.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 4.5))
        t = self.table
        ax.scatter(t["skew"].abs(), t["kurtosis"], facecolors="none", edgecolors="#4C72B0", label=tr("before"))
        ax.scatter(t["skew_after"].abs(), t["kurtosis_after"], color="#C44E52", s=18, label=tr("after"))
        ax.axvline(self.settings["skew_threshold"], color="grey", lw=0.8, ls="--")
        ax.axhline(self.settings["kurtosis_threshold"], color="grey", lw=0.8, ls="--")
        ax.set_xlabel(tr("x"))
        ax.set_ylabel(tr("y"))
        ax.legend(fontsize="small")
        return ax


def treat_outliers(
    data: Any,
    *,
    skew_threshold: float = 2.0,
    kurtosis_threshold: float = 3.5,
    winmax: int = 5,
) -> OutlierTreatment:
    """Treat outliers indicator by indicator with the JRC skewness–kurtosis rule (see the module docstring).

    Parameters
    ----------
    data : units × indicators (DataFrame indexed by unit name, or a 2-D array); missing values are skipped.
    skew_threshold : |skewness| at or above which (together with the kurtosis) an indicator fails (default 2).
    kurtosis_threshold : excess kurtosis at or above which (with the skewness) an indicator fails (default 3.5).
    winmax : the most units winsorised per indicator before falling back to the log transform (default 5).

    Returns
    -------
    OutlierTreatment
        The treated data, a per-indicator table of what was done, and every treated point.

    References
    ----------
    OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, §1.3; COINr
    (bluefoxr/COINr@b9682034 ``R/treat.R``); Joanes & Gill (1998), "Comparing measures of sample skewness and
    kurtosis", *The Statistician* 47(1):183–189 (G1, G2).
    """
    func = "treat_outliers"
    frame = as_frame(data, func=func)
    skew_limit = float(check_number(skew_threshold, name="skew_threshold", func=func, low=0.0, closed="neither"))
    kurt_limit = float(check_number(kurtosis_threshold, name="kurtosis_threshold", func=func))
    winmax = int(check_number(winmax, name="winmax", func=func, low=0, integer=True))
    raw = frame.to_numpy(dtype=float)
    g1, g2 = _moments(raw)
    treated = raw.copy()
    rows, points = [], []
    for j, indicator in enumerate(frame.columns):  # per indicator; at most winmax steps each
        x = raw[:, j].copy()
        ok = ~np.isnan(x)
        n = int(ok.sum())
        row = {"indicator": indicator, "n": n, "skew": g1[j], "kurtosis": g2[j], "fails": False, "action": "none",
               "winsorised_high": 0, "winsorised_low": 0}
        if n < 4:
            row["action"] = "too_few_values"
        elif _fails(x, skew_limit, kurt_limit):
            row["fails"] = True
            changed_hi, changed_lo = np.zeros(len(x), bool), np.zeros(len(x), bool)
            while _fails(x, skew_limit, kurt_limit) and (changed_hi | changed_lo).sum() < winmax:
                high = skewness(x) >= 0
                values = np.unique(x[ok])
                if values.size < 2:
                    break
                extreme, nxt = (values[-1], values[-2]) if high else (values[0], values[1])
                hit = ok & (x == extreme)
                x[hit] = nxt
                (changed_hi if high else changed_lo)[hit] = True
            if not _fails(x, skew_limit, kurt_limit):
                row.update(action="winsorised", winsorised_high=int(changed_hi.sum()),
                           winsorised_low=int(changed_lo.sum()))
                for i in np.flatnonzero(changed_hi | changed_lo):
                    points.append({"unit": frame.index[i], "indicator": indicator,
                                   "treatment": "winsorised_high" if changed_hi[i] else "winsorised_low",
                                   "before": raw[i, j], "after": x[i]})
            else:
                x = raw[:, j].copy()
                lo, hi = np.nanmin(x), np.nanmax(x)
                shift = 0.01 * (hi - lo)
                x = np.log(x - lo + shift) if g1[j] >= 0 else -np.log(hi - x + shift)
                row["action"] = "log"
                for i in np.flatnonzero(ok):
                    points.append({"unit": frame.index[i], "indicator": indicator, "treatment": "log",
                                   "before": raw[i, j], "after": x[i]})
            treated[:, j] = x
        a1, a2 = _moments(treated[:, [j]])
        row.update(skew_after=float(a1[0]), kurtosis_after=float(a2[0]),
                   passes_after=not (abs(a1[0]) >= skew_limit and a2[0] >= kurt_limit))
        rows.append(row)
    table = pd.DataFrame(rows)
    point_table = pd.DataFrame(points, columns=["unit", "indicator", "treatment", "before", "after"])
    return OutlierTreatment(
        data=pd.DataFrame(treated, index=frame.index, columns=frame.columns), table=table, points=point_table,
        settings={"skew_threshold": skew_limit, "kurtosis_threshold": kurt_limit, "winmax": winmax})

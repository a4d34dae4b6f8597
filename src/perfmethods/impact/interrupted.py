"""Interrupted time series: segmented regression with level and slope change (Wagner et al. 2002).

.. math:: y_t = \\beta_0 + \\beta_1 t + \\beta_2 P_t + \\beta_3 (t - t_0) P_t + \\sum_s \\gamma_s S_{s,t}
   + \\varepsilon_t

with :math:`P_t = \\mathbf 1[t \\ge t_0]`: :math:`\\beta_2` is the level change at the interruption and
:math:`\\beta_3` the change in slope; :math:`S_{s,t}` are optional seasonal dummies. Standard errors are
Newey–West (HAC, Bartlett kernel) from statsmodels, with the usual lag rule
:math:`\\lfloor 4 (n/100)^{2/9} \\rfloor` unless ``maxlags`` is given.

With a control series (comparative ITS; Linden 2015) the same model is fitted to the difference
treated − control, which is OLS on the fully interacted stacked model (identical regressors), and the HAC
covariance of the difference accounts for shocks the two series share.

The regression and HAC covariance are statsmodels'; this module builds the design, checks the input and
reports the effect at chosen horizons (level + slope × h) with its standard error. statsmodels is imported
on first call so that ``import perfmethods.impact`` stays light.

References
----------
Wagner, A. K., Soumerai, S. B., Zhang, F. and Ross-Degnan, D. (2002). Segmented regression analysis of
interrupted time series studies in medication use research. J. Clin. Pharm. Ther. 27: 299–309.
Linden, A. (2015). Conducting interrupted time-series analysis for single- and multiple-group comparisons.
Stata Journal 15(2): 480–500.
Newey, W. K. and West, K. D. (1987). Econometrica 55(3): 703–708.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.impact.panel_data import json_tree, normal_p_value, require_columns
from perfmethods.results import Result, estimates_frame
from perfmethods.validation import check_alpha, check_frame, check_language, check_number

__all__ = ["ITSResult", "its"]

@dataclass(frozen=True, repr=False)
class ITSResult(Result):
    """Result of :func:`its`.

    Attributes
    ----------
    estimate, se, ci : the level change at the interruption (β2) with its Newey–West standard error and
        normal confidence interval.
    n : number of time points.
    slope_change : (estimate, se, ci_low, ci_high) of the slope change β3 per period.
    params : coefficient table of the segmented regression (HAC standard errors).
    effects : effect at horizons h (periods after the interruption): level + slope × h, with se and CI.
    fitted : DataFrame by period: time, observed, fitted, counterfactual (and control when given).
    intervention : the first post-intervention period (as given).
    maxlags : HAC lag truncation used.
    alpha : significance level.
    diagnostics : pre/post counts, Durbin–Watson, Ljung–Box p-value of residuals, R².
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    n: int
    slope_change: tuple[float, float, float, float]
    params: pd.DataFrame
    effects: pd.DataFrame
    fitted: pd.DataFrame
    intervention: Any
    maxlags: int
    alpha: float
    diagnostics: dict[str, Any] = field(default_factory=dict)

    _headline_fields: ClassVar[tuple[str, ...]] = ("estimate", "se", "n", "maxlags")

    def estimates(self) -> pd.DataFrame:
        """Level change (first row), slope change, then the effect at each horizon (``"effect_h12"``), with
        Newey–West standard errors and normal p-values."""
        s = self.slope_change
        rows = [{"term": "level_change", "estimate": self.estimate, "se": self.se, "ci_low": self.ci[0],
                 "ci_high": self.ci[1]},
                {"term": "slope_change", "estimate": s[0], "se": s[1], "ci_low": s[2], "ci_high": s[3]}]
        rows += [{"term": f"effect_h{int(r.horizon)}", "estimate": r.estimate, "se": r.se, "ci_low": r.ci_low,
                  "ci_high": r.ci_high} for r in self.effects.itertuples(index=False)]
        control = " (with a control series)" if self.diagnostics.get("control") else ""
        method = "interrupted time series" + control
        frame = estimates_frame({**r, "n": self.n, "method": method} for r in rows)
        frame["p_value"] = normal_p_value(frame["estimate"].to_numpy(), frame["se"].to_numpy())
        return frame

    def summary(self) -> pd.DataFrame:
        """Tidy table: level change, slope change, then effects at the horizons."""
        s = self.slope_change
        head = pd.DataFrame([
            {"parameter": "level_change", "estimate": self.estimate, "se": self.se, "ci_low": self.ci[0],
             "ci_high": self.ci[1]},
            {"parameter": "slope_change", "estimate": s[0], "se": s[1], "ci_low": s[2], "ci_high": s[3]},
        ])
        eff = self.effects.assign(parameter=lambda d: "effect_h" + d["horizon"].astype(str))
        return pd.concat([head, eff[["parameter", "estimate", "se", "ci_low", "ci_high"]]], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (NaN → None)."""
        return json_tree({"method": "its", "estimate": self.estimate, "se": self.se, "ci": list(self.ci),
                         "n": self.n, "slope_change": list(self.slope_change), "params": self.params,
                         "effects": self.effects, "intervention": str(self.intervention),
                         "maxlags": self.maxlags, "alpha": self.alpha, "diagnostics": self.diagnostics})

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Observed series, fitted segments and the counterfactual continuation of the pre-trend."""
        import matplotlib.pyplot as plt

        lab = translator(check_language(language, func="plot"), "plot.impact.its.")
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 3.8))
        f = self.fitted
        x = np.arange(len(f))
        ax.plot(x, f["observed"], color="0.6", linewidth=1, label=lab("obs"))
        ax.plot(x, f["fitted"], linewidth=1.6, label=lab("fit"))
        post = f["post"].to_numpy() == 1
        ax.plot(x[post], f["counterfactual"].to_numpy()[post], linestyle="--", label=lab("cf"))
        ax.axvline(int(np.argmax(post)) - 0.5, color="0.4", linestyle=":", linewidth=1, label=lab("start"))
        step = max(1, len(f) // 8)
        ax.set_xticks(x[::step], f["time"].astype(str).to_numpy()[::step], rotation=30, ha="right")
        ax.set_xlabel(lab("x"))
        ax.set_ylabel(lab("y"))
        ax.set_title(lab("title"))
        ax.legend(fontsize="small")
        return ax


def its(
    data: pd.DataFrame,
    *,
    outcome: str,
    time: str,
    intervention: Any,
    control: str | None = None,
    season_period: int | None = None,
    maxlags: int | None = None,
    horizons: Sequence[int] = (0, 12),
    alpha: float = 0.05,
) -> ITSResult:
    """Segmented-regression interrupted time series with Newey–West standard errors.

    Parameters
    ----------
    data : one row per period, sorted or sortable by ``time``; no duplicated periods.
    outcome : numeric outcome column (the treated series).
    time : period column (numbers, dates or ``YYYY-MM`` strings; sorted before fitting).
    intervention : the first period under the intervention (a value of ``time``; for a datetime column any
        value ``pd.Timestamp`` accepts, e.g. ``"2018-01-01"``).
    control : optional control-series column: the model is fitted to ``outcome − control``.
    season_period : add seasonal dummies for a cycle of this length (e.g. 12 for monthly data), by position.
    maxlags : Newey–West lag truncation; default :math:`\\lfloor 4 (n/100)^{2/9} \\rfloor`.
    horizons : periods after the interruption at which to report the effect level + slope × h
        (h = 0 is the first intervention period).
    alpha : significance level (default 0.05).

    Returns
    -------
    ITSResult

    Raises
    ------
    InputError
        Missing or non-numeric columns, duplicated or missing periods, an intervention not among the
        periods, or fewer than 3 periods (plus seasonal parameters) before or after it.
    """
    import statsmodels.api as sm
    from statsmodels.stats.diagnostic import acorr_ljungbox
    from statsmodels.stats.stattools import durbin_watson

    func = "its"
    alpha = check_alpha(alpha, func=func)
    if not isinstance(data, pd.DataFrame):
        check_frame(data, func=func)  # raises; only the columns used are copied below
    require_columns(data, {"outcome": outcome, "time": time, "control": control}, func=func)
    frame = data[[c for c in dict.fromkeys([time, outcome, *([control] if control else [])])]].copy()
    if frame[time].isna().any():
        raise InputError(f"the time column {time!r} has missing values.", location={"column": time})
    if frame[time].duplicated().any():
        dup = frame.loc[frame[time].duplicated(), time].iloc[0]
        raise InputError(f"period {dup!r} appears more than once; an interrupted time series needs one row per "
                         "period (aggregate first).", location={"column": time})
    frame = frame.sort_values(time).reset_index(drop=True)
    for col in [outcome, *([control] if control else [])]:
        if not pd.api.types.is_numeric_dtype(frame[col]) or frame[col].isna().any():
            raise InputError(f"the column {col!r} must be numeric without missing values.", location={"column": col})
    tcol = frame[time]
    if pd.api.types.is_datetime64_any_dtype(tcol):
        try:
            hit = np.flatnonzero(tcol.to_numpy() == pd.Timestamp(intervention).to_datetime64())
        except (TypeError, ValueError):
            hit = np.array([], dtype=int)
    else:
        hit = np.flatnonzero(tcol.to_numpy() == intervention)
    if len(hit) == 0:
        raise InputError(f"The 'intervention' parameter of {func} must be one of the periods in {time!r}; got "
                         f"{intervention!r}.", location={"column": time})
    t0 = int(hit[0])
    n = len(frame)
    if season_period is not None:
        season_period = int(check_number(season_period, name="season_period", func=func, low=2, integer=True))
    n_season = (season_period - 1) if season_period else 0
    min_seg = 3 + n_season // 2
    if t0 < min_seg or n - t0 < min_seg:
        raise InputError(f"the series has {t0} period(s) before and {n - t0} after the intervention; a segmented "
                         f"regression needs at least {min_seg} on each side. Use a longer series.")
    y_obs = frame[outcome].to_numpy(dtype=float)
    y = y_obs - frame[control].to_numpy(dtype=float) if control else y_obs
    t = np.arange(n, dtype=float)
    post = (t >= t0).astype(float)
    cols = {"const": np.ones(n), "trend": t, "level_change": post, "slope_change": post * (t - t0)}
    if season_period:
        pos = np.arange(n) % season_period
        for s in range(1, season_period):
            cols[f"season_{s}"] = (pos == s).astype(float)
    X = pd.DataFrame(cols)
    if maxlags is None:
        maxlags = int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))
    res = sm.OLS(y, X.to_numpy()).fit(cov_type="HAC", cov_kwds={"maxlags": int(maxlags)})
    z = float(stats.norm.ppf(1 - alpha / 2))
    params = pd.DataFrame({"term": list(cols), "estimate": res.params, "se": res.bse,
                           "p_value": res.pvalues, "ci_low": res.params - z * res.bse,
                           "ci_high": res.params + z * res.bse})
    V = np.asarray(res.cov_params())
    b = np.asarray(res.params)
    rows = []
    for h in horizons:
        w = np.zeros(len(b))
        w[2], w[3] = 1.0, float(h)
        est, se = float(w @ b), float(np.sqrt(w @ V @ w))
        rows.append({"horizon": int(h), "estimate": est, "se": se, "ci_low": est - z * se, "ci_high": est + z * se})
    effects = pd.DataFrame(rows)
    fitted = np.asarray(X.to_numpy() @ b)
    b_cf = b.copy()
    b_cf[2:4] = 0.0
    cf = X.to_numpy() @ b_cf
    ctrl = frame[control].to_numpy(dtype=float) if control else np.zeros(n)
    fitted_frame = pd.DataFrame({"time": frame[time].to_numpy(), "post": post.astype(int), "observed": y_obs,
                                 "fitted": fitted + ctrl, "counterfactual": cf + ctrl})
    if control:
        fitted_frame["control"] = ctrl
    resid = np.asarray(res.resid)
    lb_lag = max(1, min(season_period or 10, n // 5))
    diag = {"n_pre": t0, "n_post": n - t0, "r_squared": float(res.rsquared),
            "durbin_watson": float(durbin_watson(resid)),
            "ljung_box_p": float(acorr_ljungbox(resid, lags=[lb_lag])["lb_pvalue"].iloc[0]),
            "ljung_box_lag": lb_lag, "control": control, "season_period": season_period,
            "se_type": "Newey-West (HAC, Bartlett)"}
    sl = (float(b[3]), float(res.bse[3]), float(b[3] - z * res.bse[3]), float(b[3] + z * res.bse[3]))
    return ITSResult(estimate=float(b[2]), se=float(res.bse[2]),
                     ci=(float(b[2] - z * res.bse[2]), float(b[2] + z * res.bse[2])), n=n, slope_change=sl,
                     params=params, effects=effects, fitted=fitted_frame, intervention=intervention,
                     maxlags=int(maxlags), alpha=alpha, diagnostics=diag)

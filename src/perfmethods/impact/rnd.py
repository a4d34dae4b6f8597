"""R&D: capital stock by perpetual inventory, distributed-lag returns, and benefit flows for appraisal.

* :func:`rd_capital_stock` — :math:`K_t = (1-\\delta) K_{t-1} + R_t` (timing ``"end"``), with
  :math:`K_0 = R_0 / (g + \\delta)` (Griliches 1980; Hall & Mairesse 1995), δ = 15 % by default.
* :func:`rd_returns` — polynomial (Almon 1965) distributed lag of output on R&D in a two-way
  fixed-effects panel: :math:`y_{it} = \\alpha_i + \\lambda_t + \\sum_{l=0}^{L} \\beta_l R_{i,t-l} +
  \\varepsilon_{it}` with :math:`\\beta_l = \\sum_{j=0}^{d} a_j l^j`.
* :func:`benefit_flows` — turns estimated lag returns and an R&D spending plan into yearly cost and benefit
  flows (a plain DataFrame with its price base year) for the cost-benefit module ``perfmethods.cba``.

Why hand-written: the perpetual inventory is a one-line recursion (vectorised over units, looped over the
few years); the Almon lag is a linear restriction that turns the lag regression into a two-way FE
regression on d + 1 constructed regressors, estimated with :func:`perfmethods.impact.twfe` (whose
coefficients and clustered SEs are checked against statsmodels).

References
----------
Griliches, Z. (1980). Returns to R&D expenditures in the private sector. In Kendrick & Vaccara (eds.),
New Developments in Productivity Measurement, NBER, 419–462.
Hall, B. H. and Mairesse, J. (1995). Exploring the relationship between R&D and productivity in French
manufacturing firms. J. Econometrics 65(1): 263–293.
Almon, S. (1965). The distributed lag between capital appropriations and expenditures. Econometrica
33(1): 178–196.
Hall, B. H., Mairesse, J. and Mohnen, P. (2010). Measuring the returns to R&D. Handbook of the
Economics of Innovation, vol. 2, ch. 24.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.errors import InputError, PerfMethodsWarning
from perfmethods.i18n import translator
from perfmethods.impact.panel_data import check_panel, json_tree, require_columns
from perfmethods.results import Result, estimates_frame
from perfmethods.validation import check_alpha, check_language, check_number, check_option

__all__ = ["RDReturnsResult", "RDStockResult", "benefit_flows", "rd_capital_stock", "rd_returns"]

# =====================================================================================================
# capital stock
# =====================================================================================================

@dataclass(frozen=True, repr=False)
class RDStockResult(Result):
    """Result of :func:`rd_capital_stock`.

    Attributes
    ----------
    stock : long DataFrame: unit (if any), time, ``rd`` (real R&D used), ``stock``, ``growth`` (the g used
        for the unit's initial stock).
    delta : depreciation rate.
    timing : ``"end"``, ``"beginning"`` or ``"mid"``.
    initial : ``"griliches"`` or ``"steady_state"``.
    price_base_year : base year of the deflator, or ``None`` when values were used as given.
    n : number of unit-years.
    diagnostics : the share of the final stock that comes from the (assumed) initial stock, per unit
        (mean and max), and the units whose pre-sample growth was clipped.
    """

    stock: pd.DataFrame
    delta: float
    timing: str
    initial: str
    price_base_year: int | None
    n: int
    diagnostics: dict[str, Any] = field(default_factory=dict)

    _headline_fields: ClassVar[tuple[str, ...]] = ("estimate", "delta", "initial", "n")

    @property
    def estimate(self) -> float:
        """The total stock in the last period (sum over units)."""
        last = self.stock["time"].max()
        return float(self.stock.loc[self.stock["time"] == last, "stock"].sum())

    def summary(self) -> pd.DataFrame:
        """The stock table (tidy)."""
        return self.stock.copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (NaN → None)."""
        return json_tree({"method": "rd_capital_stock", "estimate": self.estimate, "delta": self.delta,
                         "timing": self.timing, "initial": self.initial, "price_base_year": self.price_base_year,
                         "n": self.n, "stock": self.stock, "diagnostics": self.diagnostics})

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Total stock and R&D spending over time (summed over units)."""
        import matplotlib.pyplot as plt

        lab = translator(check_language(language, func="plot"), "plot.impact.rnd.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        tot = self.stock.groupby("time")[["stock", "rd"]].sum()
        ax.plot(tot.index, tot["stock"], marker="o", label=lab("stock"))
        ax.bar(tot.index, tot["rd"], alpha=0.4, label=lab("flow"))
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        ax.set_xlabel(lab("year"))
        ax.set_title(lab("title"))
        ax.legend(fontsize="small")
        return ax


def _deflate(values: np.ndarray, times: np.ndarray, deflator: Mapping[Any, float] | pd.Series | None,
             base_year: int | None) -> tuple[np.ndarray, int | None]:
    if deflator is None:
        return values, None
    d = pd.Series(deflator, dtype=float)
    missing = sorted(set(times.tolist()) - set(d.index.tolist()))
    if missing:
        raise InputError(f"the deflator has no value for period(s) {missing[:5]}; give one for every period.",
                         location={"key": "deflator"})
    if base_year is None:
        ones = d.index[np.isclose(d.to_numpy(), 1.0)]
        if len(ones) != 1:
            raise InputError("The 'price_base_year' parameter is required unless exactly one deflator value equals 1.")
        base_year = int(ones[0])
    if base_year not in d.index:
        raise InputError(f"the price base year {base_year} is not in the deflator index.", location={"key": "deflator"})
    if (d <= 0).any():
        raise InputError("deflator values must be positive.", location={"key": "deflator"})
    return values / (d.loc[times].to_numpy() / d.loc[base_year]), int(base_year)


def rd_capital_stock(
    data: pd.DataFrame | pd.Series | Sequence[float],
    *,
    rd: str | None = None,
    unit: str | None = None,
    time: str | None = None,
    delta: float = 0.15,
    growth: float | Literal["observed"] = 0.05,
    growth_window: int = 3,
    timing: Literal["end", "beginning", "mid"] = "end",
    initial: Literal["griliches", "steady_state"] = "griliches",
    deflator: Mapping[Any, float] | pd.Series | None = None,
    price_base_year: int | None = None,
) -> RDStockResult:
    """R&D capital stock by the perpetual inventory method.

    Accumulation (δ = ``delta``):

    * ``timing="end"`` (stock at the end of year t): :math:`K_t = (1-\\delta) K_{t-1} + R_t`;
    * ``"beginning"`` (stock at the start of t, the Hall & Mairesse convention):
      :math:`K_t = (1-\\delta) K_{t-1} + R_{t-1}`;
    * ``"mid"`` (spending in mid-year, half a year of depreciation): :math:`K_t = (1-\\delta) K_{t-1} +
      (1 - \\delta/2) R_t`.

    Initial stock: ``initial="griliches"`` uses :math:`K_0 = R_0 / (g + \\delta)` whatever the timing
    (Griliches 1980); ``"steady_state"`` uses the exact value on a path growing at g:
    :math:`R_0 (1+g)/(g+\\delta)` for ``"end"``, :math:`R_0 / (g+\\delta)` for ``"beginning"`` and
    :math:`(1-\\delta/2) R_0 (1+g)/(g+\\delta)` for ``"mid"``. ``growth`` is the pre-sample growth g: a
    number (default 0.05, Hall & Mairesse 1995) or ``"observed"``: the unit's mean log growth over its first
    ``growth_window`` years, clipped to [0, 0.5] (negative or explosive early growth would make K0 absurd).
    Reference: R = (100, 110, 121), g = 0.10, δ = 0.15, ``"end"`` → K = (400, 450, 503.5).

    Parameters
    ----------
    data : a Series indexed by year, a sequence (years 0, 1, …), or a long DataFrame with ``rd``,
        ``time`` and optionally ``unit`` columns (balanced panel).
    rd : R&D spending column (DataFrame input).
    unit : unit column (DataFrame input; ``None`` for a single series).
    time : time column (DataFrame input).
    delta : depreciation rate in (0, 1) (default 0.15).
    growth : pre-sample growth g (number > −δ) or ``"observed"``.
    growth_window : years used by ``growth="observed"`` (default 3).
    timing : ``"end"`` (default), ``"beginning"`` or ``"mid"``.
    initial : ``"griliches"`` (default) or ``"steady_state"``.
    deflator : price index by period (mapping or Series); R&D is divided by deflator / deflator[base].
    price_base_year : base year of the real values (default: the period where the deflator equals 1).

    Returns
    -------
    RDStockResult

    Raises
    ------
    InputError
        Missing or negative R&D, a delta outside (0, 1), g + δ ≤ 0, an unbalanced panel, a deflator
        without a value for some period.
    """
    func = "rd_capital_stock"
    delta = check_number(delta, name="delta", func=func, low=0.0, high=1.0, closed="neither")
    check_option(timing, ("end", "beginning", "mid"), name="timing", func=func)
    check_option(initial, ("griliches", "steady_state"), name="initial", func=func)
    if isinstance(data, pd.DataFrame):
        require_columns(data, {"rd": rd, "time": time, "unit": unit}, func=func)
        if rd is None or time is None:
            raise InputError(f"The 'rd' and 'time' parameters of {func} are required with a DataFrame.")
        if unit is None:
            frame = data[[time, rd]].copy().assign(_unit=0)
            ucol = "_unit"
        else:
            frame = data[[unit, time, rd]].copy()
            ucol = unit
        frame = check_panel(frame, unit=ucol, time=time, outcome=rd, balanced=True)
        units = pd.unique(frame[ucol])
        times = np.asarray(pd.unique(frame[time]))
        R = frame[rd].to_numpy(dtype=float).reshape(len(units), len(times))
    else:
        s = data if isinstance(data, pd.Series) else pd.Series(np.asarray(data, dtype=float))
        s = s.sort_index()
        units, times, R = np.array([0]), s.index.to_numpy(), s.to_numpy(dtype=float)[None, :]
        unit = None
    if not np.all(np.isfinite(R)) or (R < 0).any():
        raise InputError("R&D spending must be finite and non-negative in every period.", location={"key": "rd"})
    R, base = _deflate(R.ravel(), np.tile(times, len(units)), deflator, price_base_year)
    R = R.reshape(len(units), len(times))
    n_u, n_t = R.shape
    clipped = 0
    if isinstance(growth, str):
        if growth != "observed":
            raise InputError(f"The 'growth' parameter of {func} must be a number or 'observed'; got {growth!r}.")
        w = int(min(max(growth_window, 1), n_t - 1))
        if w < 1:
            raise InputError("growth='observed' needs at least two periods.")
        with np.errstate(divide="ignore", invalid="ignore"):
            gr = np.expm1(np.log(R[:, w] / R[:, 0]) / w)
        bad = ~np.isfinite(gr)
        gr_clip = np.clip(np.where(bad, 0.0, gr), 0.0, 0.5)
        clipped = int(np.sum(bad | (gr_clip != gr)))
        g = gr_clip
    else:
        growth = check_number(growth, name="growth", func=func, low=-delta, closed="neither")
        g = np.full(n_u, float(growth))
    K = np.empty_like(R)
    K0 = R[:, 0] / (g + delta)
    if initial == "steady_state":
        K0 = K0 * {"end": 1 + g, "beginning": 1.0, "mid": (1 - delta / 2) * (1 + g)}[timing]
    K[:, 0] = K0
    for j in range(1, n_t):  # recursion over years, vectorised over units
        inflow = {"end": R[:, j], "beginning": R[:, j - 1], "mid": (1 - delta / 2) * R[:, j]}[timing]
        K[:, j] = (1 - delta) * K[:, j - 1] + inflow
    init_share = K0 * (1 - delta) ** (n_t - 1) / np.where(K[:, -1] > 0, K[:, -1], np.nan)
    if np.nanmax(init_share) > 0.5:
        warnings.warn(PerfMethodsWarning(
            f"the assumed initial stock still makes up {np.nanmax(init_share):.0%} of the last stock for some unit: "
            "the series is short relative to 1/delta, so the result depends on the pre-sample growth g. Show the "
            "sensitivity to g or use a longer R&D series."), stacklevel=2)
    out = pd.DataFrame({"time": np.tile(times, n_u), "rd": R.ravel(), "stock": K.ravel(),
                        "growth": np.repeat(g, n_t)})
    if unit is not None:
        out.insert(0, unit, np.repeat(units, n_t))
    diag = {"initial_share_of_last_stock_mean": float(np.nanmean(init_share)),
            "initial_share_of_last_stock_max": float(np.nanmax(init_share)), "growth_clipped_units": clipped}
    return RDStockResult(stock=out, delta=delta, timing=timing, initial=initial, price_base_year=base, n=len(out),
                         diagnostics=diag)


# =====================================================================================================
# polynomial distributed lag
# =====================================================================================================

@dataclass(frozen=True, repr=False)
class RDReturnsResult(Result):
    """Result of :func:`rd_returns`.

    Attributes
    ----------
    estimate, se, ci : the long-run return :math:`\\sum_l \\beta_l` with its cluster-robust standard error
        and t interval.
    n : observations used (after losing ``lags`` leading years per unit).
    lags : lag weights table: ``lag``, ``estimate``, ``se``, ``ci_low``, ``ci_high`` (restricted) and
        ``unrestricted`` (free lag coefficients, for comparison).
    coefficients : the polynomial coefficients :math:`a_j` with standard errors.
    degree : polynomial degree d.
    alpha : significance level.
    diagnostics : Wald test of the polynomial restriction (F against the unrestricted lag model), clusters.
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    n: int
    lags: pd.DataFrame
    coefficients: pd.DataFrame
    degree: int
    alpha: float
    diagnostics: dict[str, Any] = field(default_factory=dict)

    _headline_fields: ClassVar[tuple[str, ...]] = ("estimate", "se", "n", "degree")

    def estimates(self) -> pd.DataFrame:
        """The long-run return (first row, ``term="total_return"``), then each restricted lag weight
        (``"lag_0"``, …), with cluster-robust standard errors, t intervals and t p-values (G − 1 df)."""
        df = self.diagnostics.get("n_clusters", 0) - 1
        rows = [{"term": "total_return", "estimate": self.estimate, "se": self.se, "ci_low": self.ci[0],
                 "ci_high": self.ci[1]}]
        rows += [{"term": f"lag_{int(r.lag)}", "estimate": r.estimate, "se": r.se, "ci_low": r.ci_low,
                  "ci_high": r.ci_high} for r in self.lags.itertuples(index=False)]
        method = "R&D returns (Almon distributed lag)"
        frame = estimates_frame({**r, "n": self.n, "method": method} for r in rows)
        est, se = frame["estimate"].to_numpy(), frame["se"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            p = 2 * stats.t.sf(np.abs(est / se), df) if df > 0 else np.full(len(frame), np.nan)
        frame["p_value"] = np.where(se > 0, p, np.nan)
        return frame

    def summary(self) -> pd.DataFrame:
        """Lag weights, then the long-run total."""
        total = pd.DataFrame([{"lag": "total", "estimate": self.estimate, "se": self.se, "ci_low": self.ci[0],
                               "ci_high": self.ci[1]}])
        return pd.concat([self.lags.astype({"lag": object}), total], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (NaN → None)."""
        return json_tree({"method": "rd_returns", "estimate": self.estimate, "se": self.se,
                          "ci": list(self.ci),
                         "n": self.n, "lags": self.lags, "coefficients": self.coefficients, "degree": self.degree,
                         "alpha": self.alpha, "diagnostics": self.diagnostics})

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Restricted lag weights with confidence band, and the unrestricted estimates."""
        import matplotlib.pyplot as plt

        lab = translator(check_language(language, func="plot"), "plot.impact.rnd.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        lg = self.lags
        ax.plot(lg["lag"], lg["estimate"], marker="o")
        ax.fill_between(lg["lag"], lg["ci_low"], lg["ci_high"], alpha=0.25)
        ax.plot(lg["lag"], lg["unrestricted"], linestyle="none", marker="x", color="0.4", label=lab("free"))
        ax.axhline(0, color="0.5", linewidth=0.8)
        ax.set_xlabel(lab("lag"))
        ax.set_ylabel(lab("beta"))
        ax.set_title(lab("title_lag", p=1 - self.alpha))
        ax.legend(fontsize="small")
        return ax


def rd_returns(
    data: pd.DataFrame,
    *,
    outcome: str,
    rd: str,
    unit: str,
    time: str,
    lags: int = 4,
    degree: int = 2,
    covariates: Sequence[str] = (),
    cluster: str | None = None,
    alpha: float = 0.05,
) -> RDReturnsResult:
    """Returns to R&D by a polynomial (Almon) distributed lag in a two-way fixed-effects panel.

    .. math:: y_{it} = \\alpha_i + \\lambda_t + \\sum_{l=0}^{L} \\beta_l R_{i,t-l} + \\varepsilon_{it},
       \\qquad \\beta_l = \\sum_{j=0}^{d} a_j l^j

    Substituting gives regressors :math:`Z_{j,it} = \\sum_l l^j R_{i,t-l}`; the :math:`a_j` are estimated
    with :func:`perfmethods.impact.twfe` (clustered by unit) and :math:`\\beta = H a`,
    :math:`V_\\beta = H V_a H'` with :math:`H_{lj} = l^j`. The long-run return is :math:`\\sum_l \\beta_l`.
    The unrestricted lag model is fitted too, and the restriction tested (Wald, F with (L − d, G − 1) df).

    Parameters
    ----------
    data : balanced long panel (unit × time), consecutive integer periods.
    outcome : output column (revenue, value added) in the same money units as ``rd``.
    rd : R&D spending column (real values).
    unit : unit column.
    time : integer period column.
    lags : maximum lag L (default 4).
    degree : polynomial degree d < L + 1 (default 2).
    covariates : further regressors.
    cluster : cluster column (default ``unit``).
    alpha : significance level (default 0.05).

    Returns
    -------
    RDReturnsResult

    Raises
    ------
    InputError
        Unbalanced panel, non-consecutive periods, too few periods for the lags, degree ≥ lags + 1.
    """
    from perfmethods.impact.did import twfe

    func = "rd_returns"
    alpha = check_alpha(alpha, func=func)
    lags = int(check_number(lags, name="lags", func=func, low=1, integer=True))
    degree = int(check_number(degree, name="degree", func=func, low=0, high=lags, integer=True))
    require_columns(data, {"outcome": outcome, "rd": rd, "unit": unit, "time": time, "covariates": list(covariates),
                           "cluster": cluster}, func=func)
    frame = check_panel(data, unit=unit, time=time, outcome=[outcome, rd], balanced=True)
    tv = np.sort(pd.unique(frame[time]).astype(float))
    if not np.allclose(np.diff(tv), 1.0):
        raise InputError(f"the time column {time!r} must hold consecutive integer periods for a distributed lag.",
                         location={"column": time})
    n_t = len(tv)
    n_u = len(frame) // n_t
    if n_t < lags + 3:
        raise InputError(f"{n_t} periods are too few for {lags} lags: at least lags + 3 are needed.")
    R = frame[rd].to_numpy(dtype=float).reshape(n_u, n_t)
    Rl = np.stack([R[:, lags - lag: n_t - lag] for lag in range(lags + 1)], axis=2)  # n_u × (n_t - L) × (L + 1)
    ls = np.arange(lags + 1, dtype=float)
    H = np.vander(ls, degree + 1, increasing=True)  # (L + 1) × (d + 1)
    Z = Rl @ H
    keep_idx = (np.arange(n_u)[:, None] * n_t + np.arange(lags, n_t)[None, :]).ravel()
    sub = frame.iloc[keep_idx].reset_index(drop=True)
    znames = [f"_almon_{j}" for j in range(degree + 1)]
    lnames = [f"_lag_{lag}" for lag in range(lags + 1)]
    sub = sub.assign(**{nm: Z[:, :, j].ravel() for j, nm in enumerate(znames)},
                     **{nm: Rl[:, :, lag].ravel() for lag, nm in enumerate(lnames)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfMethodsWarning)
        restricted = twfe(sub, outcome=outcome, unit=unit, time=time, treated=znames[0],
                          covariates=[*znames[1:], *covariates], cluster=cluster, alpha=alpha)
        free = twfe(sub, outcome=outcome, unit=unit, time=time, treated=lnames[0],
                    covariates=[*lnames[1:], *covariates], cluster=cluster, alpha=alpha)
    a = restricted.params["estimate"].to_numpy()[: degree + 1]
    Va = restricted.vcov.to_numpy()[: degree + 1, : degree + 1]
    beta = H @ a
    Vb = H @ Va @ H.T
    se_b = np.sqrt(np.diag(Vb))
    df = restricted.n_clusters - 1
    crit = float(stats.t.ppf(1 - alpha / 2, df))
    b_free = free.params["estimate"].to_numpy()[: lags + 1]
    V_free = free.vcov.to_numpy()[: lags + 1, : lags + 1]
    lag_table = pd.DataFrame({"lag": np.arange(lags + 1), "estimate": beta, "se": se_b,
                              "ci_low": beta - crit * se_b, "ci_high": beta + crit * se_b,
                              "unrestricted": b_free, "unrestricted_se": np.sqrt(np.diag(V_free))})
    total_w = np.ones(lags + 1)
    est = float(total_w @ beta)
    se = float(np.sqrt(total_w @ Vb @ total_w))
    coefs = restricted.params.iloc[: degree + 1].assign(term=[f"a{j}" for j in range(degree + 1)])
    # Wald test of the restriction: the free coefficients lie in the column space of H
    q = lags - degree
    if q > 0:
        M = np.eye(lags + 1) - H @ np.linalg.pinv(H)
        U, s, _ = np.linalg.svd(M)
        Rm = U[:, : q].T  # q independent restrictions R b = 0
        rb = Rm @ b_free
        W = float(rb @ np.linalg.solve(Rm @ V_free @ Rm.T, rb))
        wald = {"F": W / q, "df1": q, "df2": df, "p_value": float(stats.f.sf(W / q, q, df))}
    else:
        wald = {"F": np.nan, "df1": 0, "df2": df, "p_value": np.nan}
    diag = {"restriction_test": wald, "n_clusters": restricted.n_clusters, "lost_leading_periods": lags,
            "unrestricted_total": float(b_free.sum()), "unrestricted_total_se": float(np.sqrt(V_free.sum()))}
    return RDReturnsResult(estimate=est, se=se, ci=(est - crit * se, est + crit * se), n=restricted.n,
                           lags=lag_table, coefficients=coefs.reset_index(drop=True), degree=degree, alpha=alpha,
                           diagnostics=diag)


# =====================================================================================================
# flows for cost-benefit appraisal
# =====================================================================================================

def benefit_flows(
    returns: RDReturnsResult | Sequence[float] | np.ndarray,
    spending: pd.Series | Mapping[int, float],
    *,
    price_base_year: int,
    horizon: int | None = None,
    persistence: float = 0.0,
    currency: str = "万元",
) -> pd.DataFrame:
    """Yearly cost and benefit flows of an R&D programme, ready for a cost-benefit appraisal.

    The benefit in year t is the distributed-lag response to spending,
    :math:`B_t = \\sum_{l=0}^{L} \\beta_l R_{t-l}` (+ a geometric tail after the last lag when
    ``persistence`` > 0: :math:`\\beta_{L+k} = \\beta_L\\,\\rho^k`), and the cost is the spending itself. The
    flows are undiscounted and in constant prices of ``price_base_year``: discounting (including long-horizon
    declining schedules) and optimism-bias adjustments belong to the cost-benefit module. This function does
    not import it; it returns a plain DataFrame.

    Parameters
    ----------
    returns : an :class:`RDReturnsResult` (its restricted lag weights are used) or the lag weights
        :math:`\\beta_0 … \\beta_L` (benefit per unit of spending, by years since spending).
    spending : R&D spending by year (Series or mapping year → amount), real, in ``price_base_year`` prices.
    price_base_year : the price base year of all amounts (recorded in the output).
    horizon : last year of the flows is ``first spending year + horizon − 1`` (default: long enough for the
        last spending's lags, plus 50 years of tail when ``persistence`` > 0).
    persistence : ρ in [0, 1) for a geometric tail of benefits after the last lag (default 0: none).
    currency : money unit label (default 万元).

    Returns
    -------
    DataFrame
        One row per year: ``year``, ``cost`` (= spending), ``benefit``, ``net`` (benefit − cost),
        ``price_base_year``, ``currency``, ``real`` (True). ``attrs`` hold ``price_base_year``, ``currency``,
        ``discounted`` (False) and ``source`` ("perfmethods.impact.benefit_flows").

    Raises
    ------
    InputError
        Empty or non-finite spending, a persistence outside [0, 1), a horizon shorter than the spending years.
    """
    func = "benefit_flows"
    beta = returns.lags["estimate"].to_numpy(dtype=float) if isinstance(returns, RDReturnsResult) else np.asarray(
        returns, dtype=float)
    if beta.ndim != 1 or len(beta) == 0 or not np.all(np.isfinite(beta)):
        raise InputError(f"The 'returns' parameter of {func} must be an RDReturnsResult or a non-empty vector of "
                         "finite lag weights.")
    persistence = check_number(persistence, name="persistence", func=func, low=0.0, high=1.0, closed="left")
    s = pd.Series(spending, dtype=float).sort_index()
    if s.empty or not np.all(np.isfinite(s.to_numpy())):
        raise InputError(f"The 'spending' parameter of {func} must hold finite amounts by year.")
    years_in = s.index.astype(int)
    first, last = int(years_in.min()), int(years_in.max())
    tail = 50 if persistence > 0 else 0
    if horizon is None:
        horizon = last - first + len(beta) + tail
    if horizon < last - first + 1:
        raise InputError(f"The 'horizon' parameter of {func} ({horizon}) is shorter than the spending years "
                         f"({last - first + 1}).")
    kernel_len = horizon
    k = np.zeros(kernel_len)
    m = min(len(beta), kernel_len)
    k[:m] = beta[:m]
    if persistence > 0 and kernel_len > len(beta):
        k[len(beta):] = beta[-1] * persistence ** np.arange(1, kernel_len - len(beta) + 1)
    years = np.arange(first, first + horizon)
    cost = s.reindex(years, fill_value=0.0).to_numpy()
    benefit = np.convolve(cost, k)[:horizon]
    out = pd.DataFrame({"year": years, "cost": cost, "benefit": benefit, "net": benefit - cost,
                        "price_base_year": int(price_base_year), "currency": currency, "real": True})
    out.attrs.update({"price_base_year": int(price_base_year), "currency": currency, "discounted": False,
                      "source": "perfmethods.impact.benefit_flows"})
    return out

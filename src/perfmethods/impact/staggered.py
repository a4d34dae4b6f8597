"""Staggered adoption: Callaway & Sant'Anna (2021) group-time average treatment effects.

For each treatment cohort g (first treated period) and period t the unconditional estimator is

.. math:: ATT(g,t) = E[Y_t - Y_{b} \\mid G = g] - E[Y_t - Y_{b} \\mid C]

with base period :math:`b = g - 1 - \\delta` (δ = anticipation) for post-treatment cells and, by default
("varying"), :math:`b = t - 1` for pre-treatment cells; C is the never-treated units (``control="never"``)
or the never- and not-yet-treated units, :math:`G = 0 \\lor G > \\max(t, b) + \\delta`, excluding g
(``control="notyet"``). Each cell's influence function,
:math:`\\psi_i = \\frac{n}{n_g}(\\Delta Y_i - \\bar{\\Delta Y}_g)1[G_i = g] - \\frac{n}{n_C}(\\Delta Y_i -
\\bar{\\Delta Y}_C)1[i \\in C]`, gives analytic standard errors :math:`\\sqrt{\\sum_i \\psi_i^2}/n` and the
multiplier bootstrap (Rademacher weights; standard error from the interquartile range of the bootstrap
distribution; sup-t uniform bands), as in the R package ``did`` (``att_gt``, ``aggte``, ``mboot``).
Aggregations (``simple``, ``cohort``, ``dynamic``, ``calendar``) weight cells by cohort shares and add the
influence function of the estimated weights (``did``'s ``wif``).

Why hand-written: the Python ports (csdid, differences) are loop-heavy and csdid had wrong standard errors
until v0.4.1; the unconditional estimator is a few lines of vectorised means. Everything here is
vectorised over units (one pass per (g, t) cell; the bootstrap is a matrix product per chunk of draws, the
chunks run in this process or on a Dask cluster with the same numbers, :mod:`perfmethods.engines`). The tests compare
every ATT(g,t), analytic SE and aggregate with csdid 0.4.3 (numbers committed with the script that made
them) and check planted effects.

Not covered: covariates (doubly robust / IPW versions), unbalanced panels, repeated cross-sections.

Reference
---------
Callaway, B. and Sant'Anna, P. H. C. (2021). Difference-in-differences with multiple time periods.
J. Econometrics 225(2): 200–230. R package ``did`` (github.com/bcallaway11/did), ``att_gt``/``aggte``.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.engines import check_engine, run_chunks, seeded_chunks
from perfmethods.errors import InputError, PerfMethodsWarning
from perfmethods.i18n import translator
from perfmethods.impact.panel_data import (
    check_panel,
    json_tree,
    normal_p_value,
    panel_codes,
    require_columns,
    z_crit,
)
from perfmethods.results import Result, estimates_frame
from perfmethods.validation import check_alpha, check_language, check_number, check_option, check_rng

__all__ = ["AggregatedEffect", "CallawaySantAnnaResult", "callaway_santanna"]

_KINDS = ("simple", "cohort", "dynamic", "calendar")
_IQR_Z = float(stats.norm.ppf(0.75) - stats.norm.ppf(0.25))

#: Bootstrap draws per chunk: a constant of the computation (never of the engine), so a seeded bootstrap gives
#: the same draws in this process and on a Dask cluster; a chunk's (draws × units) weights stay small in memory.
BOOTSTRAP_CHUNK = 100


@dataclass(frozen=True)
class _MultiplierChunk:
    """One chunk of the multiplier bootstrap: its number of draws, the influence functions on an integer grid
    (``psi ≈ grid × step``), the step per column, and the chunk's generator."""

    size: int
    grid: np.ndarray
    step: np.ndarray
    rng: np.random.Generator


def _multiplier_chunk(task: _MultiplierChunk) -> np.ndarray:
    """Rows of :math:`V \\psi / \\sqrt n` for one chunk of Rademacher weights V (size × n): one matrix product.

    The product is of integers below :math:`2^{53}` in every partial sum, so it is exact in double precision
    whatever order a BLAS library (and its number of threads) adds the terms in: the same draws give the same
    bits in this process and on any Dask worker.
    """
    n = task.grid.shape[0]
    v = task.rng.integers(0, 2, size=(task.size, n), dtype=np.int8).astype(float) * 2.0 - 1.0
    return (v @ task.grid) * (task.step / np.sqrt(n))


def _boot_draws(seed: int, n_boot: int, psi: np.ndarray, progress: bool | None = None, *, engine: str = "local",
                address: str | None = None, func: str = "callaway_santanna") -> np.ndarray:
    """Multiplier bootstrap: rows of :math:`V \\psi / \\sqrt n` for Rademacher V (B × K), in chunks of
    :data:`BOOTSTRAP_CHUNK` draws, each from its own generator (:func:`perfmethods.engines.chunk_generators`).

    Each column of psi is put on an integer grid of :math:`\\lfloor 2^{52} / n \\rfloor` steps up to its largest
    absolute value (a relative rounding below :math:`n \\cdot 2^{-53}`, far below the Monte Carlo error), so that
    every sum of n ± grid values is an exact double (see :func:`_multiplier_chunk`).
    """
    n = psi.shape[0]
    top = np.abs(psi).max(axis=0)
    step = np.where(top > 0, top, 1.0) / float(2**52 // n)
    grid = np.rint(psi / step)
    tasks = [_MultiplierChunk(size, grid, step, rng) for size, rng in
             seeded_chunks(n_boot, BOOTSTRAP_CHUNK, np.random.default_rng(seed))]
    parts = run_chunks(_multiplier_chunk, tasks, engine=engine, address=address, progress=progress,
                       desc="自助法 bootstrap", func_name=func)
    return np.concatenate(parts)


def _se_from(psi: np.ndarray, se_type: str, seed: int, n_boot: int, alpha: float,
             progress: bool | None = None, *, engine: str = "local", address: str | None = None,
             func: str = "callaway_santanna") -> tuple[np.ndarray, float]:
    """Standard errors of the columns of psi and the uniform (sup-t) critical value."""
    n = psi.shape[0]
    if se_type == "analytic":
        se = np.sqrt((psi**2).sum(axis=0)) / n
        return se, z_crit(alpha)
    draws = _boot_draws(seed, n_boot, psi, progress, engine=engine, address=address, func=func)
    q75, q25 = np.quantile(draws, [0.75, 0.25], axis=0)
    sigma = (q75 - q25) / _IQR_Z
    se = sigma / np.sqrt(n)
    ok = sigma > np.sqrt(np.finfo(float).eps) * 10
    if ok.any():
        tmax = np.max(np.abs(draws[:, ok] / sigma[ok]), axis=1)
        crit = float(np.quantile(tmax, 1 - alpha))
    else:
        crit = z_crit(alpha)
    se = np.where(ok, se, np.nan)
    return se, crit


@dataclass(frozen=True, repr=False)
class AggregatedEffect(Result):
    """An aggregation of group-time effects (:meth:`CallawaySantAnnaResult.aggregate`).

    Attributes
    ----------
    kind : ``"simple"``, ``"cohort"``, ``"dynamic"`` or ``"calendar"``.
    estimate, se, ci : the overall effect (for ``dynamic``: the mean over event times ≥ 0; ``cohort``:
        cohort effects weighted by cohort size; ``calendar``: the mean over periods) with its standard
        error and pointwise confidence interval.
    n : number of units.
    table : one row per event time / cohort / period: ``estimate``, ``se``, ``ci_low``, ``ci_high`` and,
        with the bootstrap, the uniform band ``cband_low``/``cband_high``; empty for ``simple``.
    se_type : ``"analytic"`` or ``"bootstrap"``.
    alpha : significance level.
    diagnostics : critical values, the number of cells used.
    """

    kind: str
    estimate: float
    se: float
    ci: tuple[float, float]
    n: int
    table: pd.DataFrame
    se_type: str
    alpha: float
    diagnostics: dict[str, Any] = field(default_factory=dict)

    _headline_fields: ClassVar[tuple[str, ...]] = ("kind", "estimate", "se", "n", "se_type")

    def estimates(self) -> pd.DataFrame:
        """The overall effect (first row, ``term="overall"``), then one row per level (``"event_time=2"``,
        ``"cohort=2016"``, ``"time=2019"``); normal p-values; ``n`` is units × periods."""
        n_obs = self.n * int(self.diagnostics.get("n_periods", 1))
        method = f"Callaway–Sant'Anna ({self.kind} aggregation)"
        rows = [{"term": "overall", "estimate": self.estimate, "se": self.se, "ci_low": self.ci[0],
                 "ci_high": self.ci[1]}]
        if not self.table.empty:
            col = self.table.columns[0]
            levels = self.table[[col, "estimate", "se", "ci_low", "ci_high"]].itertuples(index=False)
            rows += [{"term": f"{col}={level:g}", "estimate": e, "se": s, "ci_low": lo, "ci_high": hi}
                     for level, e, s, lo, hi in levels]
        frame = estimates_frame({**r, "n": n_obs, "method": method} for r in rows)
        frame["p_value"] = normal_p_value(frame["estimate"].to_numpy(), frame["se"].to_numpy())
        return frame

    def summary(self) -> pd.DataFrame:
        """The by-level table followed by the overall row."""
        overall = pd.DataFrame([{"level": "overall", "estimate": self.estimate, "se": self.se,
                                 "ci_low": self.ci[0], "ci_high": self.ci[1]}])
        if self.table.empty:
            return overall
        return pd.concat([self.table.assign(level=self.table.iloc[:, 0].astype(str)), overall], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (NaN → None)."""
        return json_tree({"method": "callaway_santanna", "kind": self.kind, "estimate": self.estimate,
                          "se": self.se,
                         "ci": list(self.ci), "n": self.n, "table": self.table, "se_type": self.se_type,
                         "alpha": self.alpha, "diagnostics": self.diagnostics})

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Estimates by event time / cohort / period with confidence intervals (pre-treatment in grey)."""
        import matplotlib.pyplot as plt

        lab = translator(check_language(language, func="plot"), "plot.impact.staggered.")
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 3.8))
        ax.set_title(lab("title", kind=lab(f"kinds.{self.kind}"), p=1 - self.alpha))
        ax.axhline(0, color="0.5", linewidth=0.8)
        if self.table.empty:
            ax.errorbar([0], [self.estimate], yerr=[[self.estimate - self.ci[0]], [self.ci[1] - self.estimate]],
                        fmt="o", capsize=4)
            ax.set_xticks([0], [lab("kinds.simple")])
            ax.set_ylabel(lab("y"))
            return ax
        tab = self.table
        x = tab.iloc[:, 0].to_numpy(dtype=float)
        est = tab["estimate"].to_numpy()
        lo, hi = tab["ci_low"].to_numpy(), tab["ci_high"].to_numpy()
        pre = x < 0 if self.kind == "dynamic" else np.zeros(len(x), dtype=bool)
        for mask, color, name in ((pre, "0.55", lab("pre")), (~pre, None, lab("post"))):
            if mask.any():
                ax.errorbar(x[mask], est[mask], yerr=[est[mask] - lo[mask], hi[mask] - est[mask]], fmt="o",
                            capsize=3, color=color, label=name)
        if self.kind == "dynamic":
            ax.axvline(-0.5, color="0.5", linestyle="--", linewidth=0.8)
            ax.legend(fontsize="small")
        ax.set_xlabel({"dynamic": lab("e"), "cohort": lab("g"), "calendar": lab("t")}[self.kind])
        ax.set_ylabel(lab("y"))
        return ax


@dataclass(frozen=True, repr=False)
class CallawaySantAnnaResult(Result):
    """Result of :func:`callaway_santanna`.

    Attributes
    ----------
    estimate, se, ci : the ``simple`` aggregate (average effect over all treated post-treatment cells,
        weighted by cohort size) — the headline number.
    n : number of units.
    att_gt : one row per (cohort, time) cell: ``cohort``, ``time``, ``event_time``, ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``post``, ``n_treated``, ``n_control``.
    control : ``"never"`` or ``"notyet"``.
    base_period : ``"varying"`` or ``"universal"``.
    se_type : ``"analytic"`` or ``"bootstrap"``.
    alpha : significance level.
    diagnostics : pre-trend Wald test over all pre-treatment cells, cohorts, dropped units and cells.
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    n: int
    att_gt: pd.DataFrame
    control: str
    base_period: str
    se_type: str
    alpha: float
    diagnostics: dict[str, Any] = field(default_factory=dict)
    _psi: np.ndarray = field(default_factory=lambda: np.empty((0, 0)), repr=False, compare=False)
    _unit_group: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False, compare=False)
    _boot: tuple[int, int] = field(default=(0, 999), repr=False, compare=False)

    _headline_fields: ClassVar[tuple[str, ...]] = ("estimate", "se", "n", "control", "se_type")

    def estimates(self) -> pd.DataFrame:
        """The simple aggregate (first row, ``term="att_simple"``), then every ATT(g,t) cell
        (``term="ATT(2016,2018)"``); normal p-values; ``n`` is units × periods."""
        n_obs = self.n * int(self.diagnostics.get("n_periods", 1))
        gt = self.att_gt
        rows = [{"term": "att_simple", "estimate": self.estimate, "se": self.se, "ci_low": self.ci[0],
                 "ci_high": self.ci[1]}]
        cells = gt[["cohort", "time", "estimate", "se", "ci_low", "ci_high"]].itertuples(index=False)
        rows += [{"term": f"ATT({g:g},{t:g})", "estimate": e, "se": s, "ci_low": lo, "ci_high": hi}
                 for g, t, e, s, lo, hi in cells]
        method = "Callaway–Sant'Anna (staggered adoption)"
        frame = estimates_frame({**r, "n": n_obs, "method": method} for r in rows)
        frame["p_value"] = normal_p_value(frame["estimate"].to_numpy(), frame["se"].to_numpy())
        return frame

    def aggregate(self, kind: Literal["simple", "cohort", "dynamic", "calendar"] = "simple", *,
                  alpha: float | None = None, min_e: float = -np.inf, max_e: float = np.inf,
                  progress: bool | None = None, engine: str = "local", address: str | None = None
                  ) -> AggregatedEffect:
        """Aggregate the group-time effects (R ``did::aggte``).

        Parameters
        ----------
        kind : ``"simple"`` (cohort-size weighted mean of post cells), ``"cohort"`` (R's ``type = "group"``:
            per cohort, then weighted by cohort size), ``"dynamic"`` (per event time e = t − g; overall =
            mean over e ≥ 0) or ``"calendar"`` (per period; overall = mean over periods).
        alpha : significance level (default: the estimation's).
        min_e, max_e : keep event times in [min_e, max_e] (``dynamic``; ``max_e`` also limits the post
            cells of ``simple`` and ``cohort``).
        progress : show a progress bar over the chunks of bootstrap draws (see
            :func:`perfmethods.progress.progress_bar`); the result is the same either way.
        engine : where the multiplier bootstrap's chunks of draws run: ``"local"`` (this process, the default)
            or ``"dask"`` (a Dask distributed cluster, see :mod:`perfmethods.engines`); the same numbers either
            way. Unused with analytic standard errors.
        address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's default ``distributed.Client``.
            Only with ``engine="dask"``.

        Returns
        -------
        AggregatedEffect
        """
        check_option(kind, _KINDS, name="kind", func="aggregate")
        engine = check_engine(engine, address, func="aggregate")
        alpha = self.alpha if alpha is None else check_alpha(alpha, func="aggregate")
        gt = self.att_gt
        att = gt["estimate"].to_numpy()
        grp = gt["cohort"].to_numpy(dtype=float)
        tim = gt["time"].to_numpy(dtype=float)
        ev = tim - grp
        psi = self._psi
        G = self._unit_group
        n = psi.shape[0]
        glist = np.unique(grp)
        pg_g = np.array([(G == g).mean() for g in glist])  # one entry per cohort (few)
        pg = pg_g[np.searchsorted(glist, grp)]
        onehot = (G[:, None] == glist[None, :]).astype(float) - pg_g[None, :]  # n × n_groups

        def wif(keep: np.ndarray) -> np.ndarray:
            cols = onehot[:, np.searchsorted(glist, grp[keep])]
            s = pg[keep].sum()
            return cols / s - cols.sum(axis=1, keepdims=True) * (pg[keep] / s**2)[None, :]

        def agg(keep: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, np.ndarray]:
            w = pg[keep] / pg[keep].sum() if weights is None else weights
            theta = float(att[keep] @ w)
            inf = psi[:, keep] @ w
            if weights is None:
                inf = inf + wif(keep) @ att[keep]
            return theta, inf

        levels: list[Any] = []
        ests: list[float] = []
        infs: list[np.ndarray] = []
        post = (grp <= tim) & (ev <= max_e)
        if kind == "simple":
            theta, inf = agg(post)
            col = None
        elif kind == "cohort":
            col = "cohort"
            for g in glist:
                keep = post & (grp == g)
                if keep.any():
                    th, inf_g = agg(keep, np.full(keep.sum(), 1.0 / keep.sum()))
                    levels.append(g), ests.append(th), infs.append(inf_g)
            lv = np.array(levels)
            pgl = pg_g[np.searchsorted(glist, lv)]
            w = pgl / pgl.sum()
            theta = float(np.array(ests) @ w)
            cols = onehot[:, np.searchsorted(glist, lv)]
            s = pgl.sum()
            wif_g = cols / s - cols.sum(axis=1, keepdims=True) * (pgl / s**2)[None, :]
            inf = np.column_stack(infs) @ w + wif_g @ np.array(ests)
        elif kind == "dynamic":
            col = "event_time"
            for e in np.unique(ev):
                if e < min_e or e > max_e:
                    continue
                th, inf_e = agg(ev == e)
                levels.append(e), ests.append(th), infs.append(inf_e)
            lv = np.array(levels)
            sel = lv >= 0
            if not sel.any():
                raise InputError("no post-treatment event time is left after min_e/max_e.")
            theta = float(np.mean(np.array(ests)[sel]))
            inf = np.column_stack(infs)[:, sel].mean(axis=1)
        else:
            col = "time"
            for t in np.unique(tim[grp <= tim]):
                th, inf_t = agg((tim == t) & (grp <= tim))
                levels.append(t), ests.append(th), infs.append(inf_t)
            theta = float(np.mean(ests))
            inf = np.column_stack(infs).mean(axis=1)
        all_inf = np.column_stack([inf, *infs]) if infs else inf[:, None]
        seed, n_boot = self._boot
        se_all, crit_u = _se_from(all_inf, self.se_type, seed, n_boot, alpha, progress, engine=engine,
                                  address=address, func="aggregate")
        z = z_crit(alpha)
        se = float(se_all[0])
        table = pd.DataFrame()
        if col is not None:
            ses = se_all[1:]
            e_arr = np.array(ests)
            table = pd.DataFrame({col: np.array(levels), "estimate": e_arr, "se": ses,
                                  "ci_low": e_arr - z * ses, "ci_high": e_arr + z * ses})
            if self.se_type == "bootstrap":
                table["cband_low"] = e_arr - crit_u * ses
                table["cband_high"] = e_arr + crit_u * ses
        diag = {"n_cells": int(post.sum()) if kind == "simple" else len(levels),
                "n_periods": int(self.diagnostics.get("n_periods", 1)),
                "critical_value_pointwise": z,
                "critical_value_uniform": crit_u if self.se_type == "bootstrap" else None}
        return AggregatedEffect(kind=kind, estimate=theta, se=se, ci=(theta - z * se, theta + z * se), n=n,
                                table=table, se_type=self.se_type, alpha=alpha, diagnostics=diag)

    def summary(self) -> pd.DataFrame:
        """The group-time table (tidy)."""
        return self.att_gt.copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (NaN → None); the influence functions are not included."""
        return json_tree({"method": "callaway_santanna", "estimate": self.estimate, "se": self.se,
                         "ci": list(self.ci), "n": self.n, "control": self.control,
                         "base_period": self.base_period, "se_type": self.se_type, "alpha": self.alpha,
                         "att_gt": self.att_gt, "diagnostics": self.diagnostics})

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """ATT(g,t) by period, one colour per cohort, with confidence intervals."""
        import matplotlib.pyplot as plt

        lab = translator(check_language(language, func="plot"), "plot.impact.staggered.")
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 4.0))
        gt = self.att_gt
        groups = np.unique(gt["cohort"])
        width = 0.6 / max(len(groups), 1)
        for j, g in enumerate(groups):
            d = gt[gt["cohort"] == g]
            x = d["time"].to_numpy(dtype=float) + (j - (len(groups) - 1) / 2) * width
            est = d["estimate"].to_numpy()
            ax.errorbar(x, est, yerr=[est - d["ci_low"].to_numpy(), d["ci_high"].to_numpy() - est], fmt="o",
                        markersize=3, capsize=2, label=f"{lab('g')} {g:g}")
        ax.axhline(0, color="0.5", linewidth=0.8)
        ax.set_xlabel(lab("t"))
        ax.set_ylabel(lab("y"))
        ax.set_title(lab("gt"))
        ax.legend(fontsize="x-small", ncol=2)
        return ax


def callaway_santanna(
    data: pd.DataFrame,
    outcome: str,
    unit: str,
    time: str,
    cohort: str,
    control: Literal["never", "notyet"] = "never",
    *,
    base_period: Literal["varying", "universal"] = "varying",
    anticipation: int = 0,
    se: Literal["analytic", "bootstrap"] = "analytic",
    n_boot: int = 999,
    seed: int | np.random.Generator = 0,
    alpha: float = 0.05,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> CallawaySantAnnaResult:
    """Callaway & Sant'Anna (2021) group-time average treatment effects for staggered adoption.

    See the module docstring for the estimator, the control groups and the standard errors.

    Parameters
    ----------
    data : balanced long panel (one row per unit and period).
    outcome : numeric outcome column.
    unit : unit key column.
    time : period column (numeric: years, quarters numbered, …).
    cohort : the unit's first treated period (constant within unit); 0, NaN or inf for never treated.
        Units first treated after the last period count as never treated; units treated in the first
        period are dropped (no pre-treatment period), with a warning.
    control : ``"never"`` (never-treated units only) or ``"notyet"`` (never- and not-yet-treated).
    base_period : ``"varying"`` (default; pre-treatment cells compare t with t − 1) or ``"universal"``
        (every cell compares with g − 1 − anticipation; the cell t = g − 1 is then 0 and omitted).
    anticipation : number of periods before g in which units may already react (default 0).
    se : ``"analytic"`` (influence function) or ``"bootstrap"`` (multiplier bootstrap, Rademacher).
    n_boot : bootstrap draws (default 999).
    seed : seed of the bootstrap (int or Generator; ``0`` is a seed).
    alpha : significance level (default 0.05).
    progress : show a progress bar over the chunks of bootstrap draws (see
        :func:`perfmethods.progress.progress_bar`; ``None``: on a terminal or in JupyterLab, not in CI); the
        result is the same either way.
    engine : where the multiplier bootstrap's chunks of :data:`BOOTSTRAP_CHUNK` draws run: ``"local"`` (this
        process, the default) or ``"dask"`` (a Dask distributed cluster, see :mod:`perfmethods.engines`); a
        seeded run gives the same numbers on either. Unused with ``se="analytic"``. ``.aggregate`` takes its own.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's default ``distributed.Client``.
        Only with ``engine="dask"``.

    Returns
    -------
    CallawaySantAnnaResult
        with ``.aggregate("simple" | "cohort" | "dynamic" | "calendar")``.

    Raises
    ------
    InputError
        Unbalanced or duplicated panel keys, a cohort that varies within a unit, no treated units, no
        never-treated units with ``control="never"``, no usable control group at all, bad options.
    """
    func = "callaway_santanna"
    alpha = check_alpha(alpha, func=func)
    check_option(control, ("never", "notyet"), name="control", func=func)
    check_option(base_period, ("varying", "universal"), name="base_period", func=func)
    check_option(se, ("analytic", "bootstrap"), name="se", func=func)
    engine = check_engine(engine, address, func=func)
    n_boot = check_number(n_boot, name="n_boot", func=func, low=50, integer=True)
    anticipation = check_number(anticipation, name="anticipation", func=func, low=0, integer=True)
    rng = check_rng(seed, func=func)
    boot_seed = int(rng.integers(0, 2**63 - 1))
    require_columns(data, {"outcome": outcome, "unit": unit, "time": time, "cohort": cohort}, func=func)
    frame = check_panel(data, unit=unit, time=time, outcome=outcome, balanced=True)
    if frame[outcome].isna().any():
        raise InputError(f"the outcome {outcome!r} has missing values; the estimator needs a balanced panel without "
                         "gaps (drop the units concerned).", location={"column": outcome})
    ucode, tcode, ulev, tlev = panel_codes(frame, unit, time)
    n_u, n_t = len(ulev), len(tlev)
    try:
        tvals = np.asarray(tlev, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"the time column {time!r} must be numeric (years or numbered periods).",
                         location={"column": time}) from None
    Y = frame[outcome].to_numpy(dtype=float).reshape(n_u, n_t)  # sorted by unit then time
    graw = pd.to_numeric(frame[cohort], errors="coerce").to_numpy(dtype=float).reshape(n_u, n_t)
    gfill = np.where(np.isfinite(graw), graw, 0.0)
    if not (gfill == gfill[:, :1]).all():
        bad = int(np.flatnonzero(~(gfill == gfill[:, :1]).all(axis=1))[0])
        raise InputError(f"the cohort column {cohort!r} must be constant within each unit (the first treated "
                         f"period); unit {ulev[bad]!r} has several values.", location={"column": cohort})
    G = gfill[:, 0].copy()
    diag: dict[str, Any] = {}
    late = G > tvals[-1]
    if late.any():
        diag["treated_after_last_period_as_never"] = int(late.sum())
        G[late] = 0.0
    first = (G > 0) & (G <= tvals[0] + anticipation)
    if first.any():
        warnings.warn(PerfMethodsWarning(
            f"{int(first.sum())} unit(s) are treated in the first period (no pre-treatment period) and are dropped."),
            stacklevel=2)
        keep = ~first
        Y, G = Y[keep], G[keep]
        diag["dropped_treated_in_first_period"] = int(first.sum())
    n = len(G)
    glist = np.unique(G[G > 0])
    if len(glist) == 0:
        raise InputError(f"no unit is ever treated (cohort column {cohort!r} is 0/NaN for every unit).")
    if not np.isin(glist, tvals).all():
        raise InputError(f"the cohort column {cohort!r} holds values that are not periods of {time!r}: "
                         f"{sorted(set(glist) - set(tvals))[:5]}.", location={"column": cohort})
    never = G == 0
    if len(glist) == 1 and not never.any():
        raise InputError(f"treatment timing never varies: every unit is first treated in {glist[0]:g} and no unit is "
                         "never treated, so there is no comparison group. Add never-treated units (or units treated "
                         "later), or use an interrupted time series.")
    if control == "never" and not never.any():
        raise InputError("there are no never-treated units: use control='notyet' (not-yet-treated units as "
                         "controls), or add never-treated units.")
    rows = []
    skipped = 0
    tpos = {v: j for j, v in enumerate(tvals)}
    n_g_all = {g: int((G == g).sum()) for g in glist}
    YF = np.asfortranarray(Y)  # period columns contiguous
    order_g = np.argsort(G, kind="stable")  # units sorted by cohort: control sets are slices of this order
    G_sorted = G[order_g]
    idx_never = np.flatnonzero(never)
    psi_all = np.zeros((n, len(glist) * n_t), order="F")
    k = 0
    for g in glist:  # loops over cohorts × periods (cells); each cell is vectorised over units
        gi = tpos[g]
        idx_g = np.flatnonzero(G == g)
        n_g = n_g_all[g]
        b_post = int(np.searchsorted(tvals, g - anticipation, side="left")) - 1  # last t with t + δ < g
        t_range = range(1, n_t) if base_period == "varying" else range(n_t)
        for ti in t_range:
            is_post = ti >= gi
            b = b_post if (is_post or base_period == "universal") else ti - 1
            if b < 0:
                continue
            if base_period == "universal" and ti == b:
                continue
            if control == "never":
                idx_c = idx_never
            else:
                cutoff = max(tvals[ti], tvals[b]) + anticipation
                later = order_g[np.searchsorted(G_sorted, cutoff, side="right"):]
                idx_c = np.concatenate([idx_never, later[G[later] != g]])
            n_c = len(idx_c)
            if n_c == 0:
                skipped += 1
                continue
            dy_g = YF[idx_g, ti] - YF[idx_g, b]
            dy_c = YF[idx_c, ti] - YF[idx_c, b]
            mu_g = dy_g.mean()
            mu_c = dy_c.mean()
            psi_all[idx_g, k] = (n / n_g) * (dy_g - mu_g)
            psi_all[idx_c, k] = -(n / n_c) * (dy_c - mu_c)
            k += 1
            rows.append({"cohort": g, "time": tvals[ti], "event_time": tvals[ti] - g, "estimate": mu_g - mu_c,
                         "post": bool(tvals[ti] >= g), "n_treated": n_g, "n_control": n_c})
    if not rows:
        raise InputError("no group-time effect could be estimated: no control units are available for any cell "
                         "(with control='notyet' the last cohort needs never-treated units or a later cohort).")
    if skipped:
        diag["cells_without_controls"] = skipped
    psi_all = psi_all[:, :k]
    att_gt = pd.DataFrame(rows)
    se_cells, crit_u = _se_from(psi_all, se, boot_seed, int(n_boot), alpha, progress, engine=engine,
                                address=address, func=func)
    z = z_crit(alpha)
    att_gt["se"] = se_cells
    att_gt["ci_low"] = att_gt["estimate"] - z * se_cells
    att_gt["ci_high"] = att_gt["estimate"] + z * se_cells
    if se == "bootstrap":
        att_gt["cband_low"] = att_gt["estimate"] - crit_u * se_cells
        att_gt["cband_high"] = att_gt["estimate"] + crit_u * se_cells
    order = ("cohort", "time", "event_time", "estimate", "se", "ci_low", "ci_high", "cband_low", "cband_high",
             "post", "n_treated", "n_control")
    att_gt = att_gt[[c for c in order if c in att_gt.columns]]
    pre = (~att_gt["post"]).to_numpy()
    if pre.any():
        b = att_gt["estimate"].to_numpy()[pre]
        V = psi_all[:, pre].T @ psi_all[:, pre] / n**2
        w_eig, Q = np.linalg.eigh(V)  # V is symmetric PSD: a generalised inverse through its eigenvalues
        pos = w_eig > w_eig.max() * len(w_eig) * np.finfo(float).eps
        W = float(np.sum((Q[:, pos].T @ b) ** 2 / w_eig[pos]))
        q = int(pos.sum())
        diag["pretrend"] = {"wald_chi2": W, "df": q, "p_value": float(stats.chi2.sf(W, q)) if q else np.nan}
    else:
        diag["pretrend"] = {"wald_chi2": np.nan, "df": 0, "p_value": np.nan}
        warnings.warn(PerfMethodsWarning("no pre-treatment cell is estimable: parallel trends cannot be checked "
                                         "(too few pre-periods)."), stacklevel=2)
    diag.update({"cohorts": [float(g) for g in glist], "cohort_sizes": {f"{g:g}": n_g_all[g] for g in glist},
                 "never_treated_units": int(never.sum()), "n_periods": n_t, "anticipation": int(anticipation),
                 "n_boot": int(n_boot) if se == "bootstrap" else None})
    result = CallawaySantAnnaResult(estimate=np.nan, se=np.nan, ci=(np.nan, np.nan), n=n, att_gt=att_gt,
                                    control=control, base_period=base_period, se_type=se, alpha=alpha,
                                    diagnostics=diag, _psi=psi_all, _unit_group=G, _boot=(boot_seed, int(n_boot)))
    simple = result.aggregate("simple", progress=progress, engine=engine, address=address)
    return dataclasses.replace(result, estimate=simple.estimate, se=simple.se, ci=simple.ci)

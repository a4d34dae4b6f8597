"""Synthetic control (合成控制法; Abadie, Diamond & Hainmueller 2010).

A single treated unit (a province, a national programme) is compared with a weighted average of untreated
donor units. With predictors :math:`X_1` (k × 1) for the treated unit and :math:`X_0` (k × J) for the donors,
each row standardised by its standard deviation across all units, the donor weights solve the nested problem

.. math::

    W^*(V) = \\arg\\min_{W \\in \\Delta^J} (X_1 - X_0 W)^\\top V (X_1 - X_0 W), \\qquad
    V^* = \\arg\\min_{V \\in \\Delta^k} \\frac{1}{T_0} \\lVert Z_1 - Z_0 W^*(V) \\rVert^2,

with :math:`\\Delta` the unit simplex and :math:`Z` the pre-treatment outcomes (ADH 2010, eq. 4 and §2.3).
The effect in period t is the gap :math:`Y_{1t} - Y_{0t}^\\top W^*`.

Why hand-written: the outer V problem is non-convex and non-smooth, and the peers get stuck. On Prop 99,
pysyncon 1.7.0 ends at a pre-period RMSPE of 4.66 (Nelder–Mead, equal start) or 1.86 (Powell) where the best
known value is 1.754 (mlsynth's ``mscmt`` global search, Stata ``synth2``: 1.756; see
``data/reference/prop99/SOURCE.md``). Here:

* the inner problem is a simplex-constrained least-squares solved *exactly enough* by non-negative least
  squares on the system augmented with a heavily weighted row of ones (Lawson–Hanson, ``scipy.optimize.nnls``,
  about 35 µs for Prop 99);
* V is floored at ``v_floor`` × max(V) (as MSCMT's lower bound does), so that when a few predictors can be fitted
  exactly the inner problem still has a unique, reproducible solution: without the floor the outer search
  "wins" by exploiting which of many exact fits the inner solver happens to return (on Prop 99, V on ``beer``
  alone gives an RMSPE of 1.70 with weights nobody can reproduce);
* the outer search screens ``n_candidates`` random V from a sparse Dirichlet (plus the equal and the
  one-predictor V), runs Nelder–Mead from the ``n_starts`` best distinct candidates and polishes the best end
  point with Powell.

In-space placebos (ADH 2010 §3.3) re-run the whole nested fit with each donor as the "treated" unit and the
other donors (not the treated unit) as its pool; the permutation p-value is the share of units whose post/pre
RMSPE ratio is at least the treated unit's, :math:`p = \\#\\{j: r_j \\ge r_1\\} / (J + 1) \\in (0, 1]`.
The placebos run in chunks of donors (:data:`PLACEBO_CHUNK`), in this process or on a Dask cluster with the same
numbers (:mod:`perfmethods.engines`): each placebo is a small optimisation whose inner steps are vectorised
solves, and each chunk draws its candidate V from its own generator (the caller's one when there is one chunk).

V is reported for transparency but is **not identified** (many V give the same W); read W and the RMSPE.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import optimize

from perfmethods.engines import check_engine, run_chunks, seeded_chunks
from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.i18n import translator
from perfmethods.impact.panel_data import check_panel
from perfmethods.results import Result, estimates_frame, json_records, json_scalar
from perfmethods.validation import check_alpha, check_language, check_number, check_option, check_rng

__all__ = ["SyntheticControlResult", "synthetic_control"]

PredictorSpec = str | tuple[str, Any] | tuple[str, Any, str]


# --------------------------------------------------------------------------------------------------- engine
class _SimplexLS:
    """argmin_w ||diag(s)(x0 w - x1)||² over the simplex, by NNLS with a heavily weighted sum-to-one row.

    The augmented matrix is allocated once per fit and only its top rows are rescaled per call (the outer
    search calls this thousands of times; the solve itself is Lawson–Hanson in compiled code).
    """

    def __init__(self, x1: np.ndarray, x0: np.ndarray) -> None:
        k, j = x0.shape
        self.x0, self.x1 = x0, x1
        big = 1e3 * max(1.0, float(np.abs(x0).max(initial=0.0)), float(np.abs(x1).max(initial=0.0)))
        self.aa = np.empty((k + 1, j))
        self.aa[k] = big
        self.bb = np.empty(k + 1)
        self.bb[k] = big
        self.k, self.j = k, j

    def __call__(self, v: np.ndarray) -> np.ndarray:
        s = np.sqrt(v)
        np.multiply(self.x0, s[:, None], out=self.aa[: self.k])
        np.multiply(self.x1, s, out=self.bb[: self.k])
        w, _ = optimize.nnls(self.aa, self.bb)
        total = w.sum()
        return w / total if total > 0 else np.full(self.j, 1.0 / self.j)


@dataclass
class _Fit:
    v: np.ndarray
    w: np.ndarray
    loss: float
    n_evaluations: int
    start_losses: list[float] = field(default_factory=list)


def _nested_fit(x1: np.ndarray, x0: np.ndarray, z1: np.ndarray, z0: np.ndarray, *, n_candidates: int,
                n_starts: int, v_floor: float, maxfev: int, rng: np.random.Generator, polish: bool = True,
                extra: np.ndarray | None = None) -> _Fit:
    """Nested V/W search (see the module docstring). x rows are already standardised.

    Screens random V, runs Nelder–Mead from the ``n_starts`` best distinct candidates, then (``polish``) Powell
    from the best Nelder–Mead end point.
    """
    k = x1.shape[0]
    evaluations = 0
    weights = _SimplexLS(x1, x0)

    def normalise(v: np.ndarray) -> np.ndarray:
        v = np.maximum(v / v.max(), v_floor)
        return v / v.sum()

    def loss_v(v: np.ndarray) -> float:
        nonlocal evaluations
        evaluations += 1
        r = z1 - z0 @ weights(v)
        return float(r @ r) / r.size

    def loss_theta(theta: np.ndarray) -> float:
        return loss_v(normalise(np.exp(theta - theta.max())))

    if k == 1:
        v = np.ones(1)
        w = weights(v)
        return _Fit(v, w, loss_v(v), evaluations)
    candidates = np.vstack([np.full(k, 1.0 / k), np.eye(k), rng.dirichlet(np.full(k, 0.5), n_candidates),
                            *([] if extra is None else [extra])])
    candidates = np.maximum(candidates, 1e-12)
    screened = np.array([loss_v(normalise(c)) for c in candidates])
    order = np.argsort(screened, kind="stable")
    starts: list[np.ndarray] = []
    seen: list[np.ndarray] = []
    for i in order:  # the n_starts best candidates whose weights differ
        w_i = weights(normalise(candidates[i]))
        if any(np.abs(w_i - s).max() < 1e-3 for s in seen):
            continue
        seen.append(w_i)
        starts.append(candidates[i])
        if len(starts) == n_starts:
            break
    best: tuple[float, np.ndarray] | None = None
    start_losses: list[float] = []
    for start in starts:
        res = optimize.minimize(loss_theta, np.log(start), method="Nelder-Mead",
                                options={"maxfev": maxfev, "xatol": 1e-7, "fatol": 1e-12})
        start_losses.append(float(res.fun))
        if best is None or res.fun < best[0]:
            best = (float(res.fun), res.x)
    assert best is not None
    if polish:
        res = optimize.minimize(loss_theta, best[1], method="Powell", options={"maxfev": maxfev, "xtol": 1e-6})
        if res.fun < best[0]:
            best = (float(res.fun), res.x)
    v = normalise(np.exp(best[1] - best[1].max()))
    w = weights(v)
    w[w < 1e-10] = 0.0
    w = w / w.sum()
    r = z1 - z0 @ w
    return _Fit(v, w, float(r @ r) / r.size, evaluations, start_losses)


# ------------------------------------------------------------------------------------------------ placebos
#: Placebo units per chunk: a constant of the computation (never of the engine), so a seeded run gives the same
#: placebo fits in this process and on a Dask cluster; each chunk draws its candidate V from its own generator.
PLACEBO_CHUNK = 8


@dataclass(frozen=True)
class _PlaceboChunk:
    """In-space placebos for the units ``columns`` (positions in ``y``; column 0 is the treated unit)."""

    xs: np.ndarray  # standardised predictors, k × N
    y: np.ndarray  # outcomes, T × N
    fit_idx: np.ndarray
    pre_idx: np.ndarray
    post_idx: np.ndarray
    columns: tuple[int, ...]
    n_starts: int
    n_candidates: int
    maxfev: int
    v_floor: float
    extra: np.ndarray  # the treated unit's V, one of every placebo's candidates
    rng: np.random.Generator


def _rmspe(g: np.ndarray, idx: np.ndarray) -> float:
    return float(np.sqrt(np.mean(g[idx] ** 2)))


def _placebo_chunk(task: _PlaceboChunk) -> list[np.ndarray]:
    """The gap path of each placebo unit of the chunk: its nested fit with the other donors (not the treated unit)
    as its pool, in turn (each fit is a small optimisation; its inner steps are vectorised solves)."""
    xs, y, fit_idx = task.xs, task.y, task.fit_idx
    donors = np.arange(1, y.shape[1])
    out = []
    for j in task.columns:
        others = donors[donors != j]
        pf = _nested_fit(xs[:, j], xs[:, others], y[fit_idx, j], y[fit_idx][:, others], n_starts=task.n_starts,
                         n_candidates=task.n_candidates, v_floor=task.v_floor, maxfev=task.maxfev, rng=task.rng,
                         polish=False, extra=task.extra)
        out.append(y[:, j] - y[:, others] @ pf.w)
    return out


# ---------------------------------------------------------------------------------------------- validation
def _predictor_matrix(data: pd.DataFrame, *, unit: str, time: str, units: list[Any], pre_times: list[Any],
                      predictors: Sequence[PredictorSpec], outcome: str) -> tuple[np.ndarray, list[str]]:
    rows: list[np.ndarray] = []
    names: list[str] = []
    all_times = set(data[time].unique())
    for spec in predictors:
        if isinstance(spec, str):
            var, periods, label = spec, list(pre_times), None
        elif isinstance(spec, tuple) and len(spec) in (2, 3) and isinstance(spec[0], str):
            var = spec[0]
            raw = spec[1]
            periods = [raw] if np.isscalar(raw) else list(raw)
            label = spec[2] if len(spec) == 3 else None
        else:
            raise InputError(
                "The 'predictors' parameter of synthetic_control must list column names or (column, periods) or "
                f"(column, periods, label) tuples; got {spec!r} instead.", location={"key": "predictors"})
        if var not in data.columns:
            raise InputError(f"predictor column {var!r} is not in the data; columns are {list(data.columns)}.",
                             location={"column": var})
        missing = [p for p in periods if p not in all_times]
        if missing or not periods:
            raise InputError(f"predictor {var!r} asks for periods {missing or periods} that are not in the "
                             f"{time!r} column.", location={"column": var})
        if label is None:
            if len(periods) == 1:
                label = f"{var} {periods[0]}"
            elif periods == list(pre_times) and var != outcome:
                label = var
            else:
                label = f"{var} {min(periods)}-{max(periods)}"
        sub = data.loc[data[time].isin(periods), [unit, var]]
        means = pd.to_numeric(sub[var], errors="coerce").groupby(sub[unit]).mean().reindex(units)
        if means.isna().any():
            bad = list(means.index[means.isna()])
            raise InputError(f"predictor {label!r} has no value for units {bad} in periods {periods}; choose "
                             "periods where it is observed or drop those donors.", location={"column": var})
        rows.append(means.to_numpy(float))
        names.append(str(label))
    if len(set(names)) != len(names):
        raise InputError(f"predictor labels must be unique; got {names}. Pass (column, periods, label) tuples.",
                         location={"key": "predictors"})
    return np.vstack(rows), names


# ------------------------------------------------------------------------------------------------- result
@dataclass(frozen=True, repr=False)
class SyntheticControlResult(Result):
    """Synthetic-control fit, effect path and in-space placebo inference.

    Attributes
    ----------
    estimate : mean post-treatment gap (treated − synthetic), the average effect on the treated unit.
    se : standard deviation of the placebo units' mean post-period gaps (spread under no effect); NaN without
        placebos.
    ci : ``estimate`` minus the (1 − α/2, α/2) quantiles of the placebo mean gaps (a placebo-calibrated
        interval; coarse with few donors); NaN without placebos.
    p_value : permutation p-value of the post/pre RMSPE ratio, in (0, 1]; NaN without placebos.
    weights : donor weights (a Series indexed by donor, summing to 1, non-negative).
    v : predictor importance V (diagonal). Not identified: do not interpret or compare it.
    predictors : table of predictor values: treated, synthetic, donor mean.
    path : one row per period: ``time``, ``treated``, ``synthetic``, ``gap``, ``post``.
    pre_rmspe, post_rmspe, rmspe_ratio : root mean squared gaps before and after treatment and their ratio.
    placebos : one row per unit (treated first): ``unit``, ``treated``, ``pre_rmspe``, ``post_rmspe``,
        ``ratio``, ``estimate``.
    placebo_gaps : gaps by period (rows) and unit (columns, the treated unit first).
    n : number of units (treated + donors); ``n_pre`` / ``n_post`` periods.
    diagnostics : optimiser and fit diagnostics (loss per start, evaluations, predictor balance).
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    p_value: float
    weights: pd.Series
    v: pd.Series
    predictors: pd.DataFrame
    path: pd.DataFrame
    pre_rmspe: float
    post_rmspe: float
    rmspe_ratio: float
    placebos: pd.DataFrame
    placebo_gaps: pd.DataFrame
    treated_unit: Any
    treatment_time: Any
    n: int
    n_pre: int
    n_post: int
    alpha: float
    diagnostics: dict[str, Any]

    _headline_fields: ClassVar[tuple[str, ...]] = ("estimate", "p_value", "pre_rmspe", "rmspe_ratio", "n")

    def estimates(self) -> pd.DataFrame:
        """The mean post-treatment gap in the common estimates table: ``se`` and the interval are the
        placebo-calibrated ones of the result (NaN without placebos), ``p_value`` the placebo (permutation)
        p-value of the RMSPE ratio, ``n`` units × periods."""
        return estimates_frame([{"term": "average_post_gap", "estimate": self.estimate, "se": self.se,
                                 "ci_low": self.ci[0], "ci_high": self.ci[1], "p_value": self.p_value,
                                 "n": self.n * (self.n_pre + self.n_post),
                                 "method": "synthetic control (placebo inference)"}])

    def summary(self) -> pd.DataFrame:
        """Tidy one-row-per-statistic table."""
        rows = [
            ("estimate", self.estimate), ("se", self.se), ("ci_low", self.ci[0]), ("ci_high", self.ci[1]),
            ("p_value", self.p_value), ("pre_rmspe", self.pre_rmspe), ("post_rmspe", self.post_rmspe),
            ("rmspe_ratio", self.rmspe_ratio), ("n_units", float(self.n)), ("n_pre", float(self.n_pre)),
            ("n_post", float(self.n_post)), ("n_positive_weights", float((self.weights > 0).sum())),
        ]
        return pd.DataFrame(rows, columns=["statistic", "value"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary (NaN → None)."""
        return {
            "estimate": json_scalar(self.estimate), "se": json_scalar(self.se), "ci": json_scalar(self.ci),
            "p_value": json_scalar(self.p_value), "pre_rmspe": json_scalar(self.pre_rmspe),
            "post_rmspe": json_scalar(self.post_rmspe), "rmspe_ratio": json_scalar(self.rmspe_ratio),
            "weights": {str(k): json_scalar(v) for k, v in self.weights.items()},
            "v": {str(k): json_scalar(v) for k, v in self.v.items()},
            "predictors": json_records(self.predictors.reset_index()),
            "path": json_records(self.path), "placebos": json_records(self.placebos),
            "treated_unit": json_scalar(self.treated_unit) if not isinstance(self.treated_unit, str)
            else self.treated_unit,
            "treatment_time": json_scalar(self.treatment_time), "n": self.n, "n_pre": self.n_pre,
            "n_post": self.n_post, "alpha": self.alpha,
            "diagnostics": {k: ([json_scalar(x) for x in v] if isinstance(v, list) else json_scalar(v))
                            for k, v in self.diagnostics.items()},
        }

    def plot(self, ax: Any = None, language: str = "zh",
             kind: Literal["paths", "gap", "placebos"] = "paths") -> Any:
        """Treated and synthetic paths (``"paths"``), the gap (``"gap"``), or the gap among placebo gaps
        (``"placebos"``, units with pre-RMSPE above 5 × the treated unit's left out as ADH 2010 Fig. 5)."""
        import matplotlib.pyplot as plt

        text = translator(check_language(language, func="plot"), "plot.impact.synth.")
        check_option(kind, ("paths", "gap", "placebos"), name="kind", func="plot")
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        p = self.path
        if kind == "paths":
            ax.plot(p["time"], p["treated"], color="black", label=f"{text('treated')}: {self.treated_unit}")
            ax.plot(p["time"], p["synthetic"], color="tab:blue", linestyle="--", label=text("synthetic"))
            ax.set_title(text("paths"))
        else:
            if kind == "placebos" and not self.placebo_gaps.empty:
                keep = self.placebos.loc[(~self.placebos["treated"])
                                         & (self.placebos["pre_rmspe"] <= 5 * self.pre_rmspe), "unit"]
                gaps = self.placebo_gaps[list(keep)]
                for i, col in enumerate(gaps.columns):
                    ax.plot(gaps.index, gaps[col], color="0.75", linewidth=0.8,
                            label=text("placebo") if i == 0 else None)
            ax.plot(p["time"], p["gap"], color="black", linewidth=2, label=text("gap"))
            ax.axhline(0, color="0.4", linewidth=0.8)
            ax.set_title(text("gaps") if kind == "gap" else text("placebos"))
        ax.axvline(self.treatment_time, color="tab:red", linestyle=":", linewidth=1, label=text("start"))
        ax.set_xlabel(text("time"))
        ax.set_ylabel(text("y") if kind == "paths" else text("gap"))
        ax.legend(frameon=False, fontsize="small")
        return ax


# ------------------------------------------------------------------------------------------------- public
def synthetic_control(
    data: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated_unit: Any,
    treatment_time: Any,
    predictors: Sequence[PredictorSpec] | None = None,
    donors: Iterable[Any] | None = None,
    fit_periods: Iterable[Any] | None = None,
    placebos: bool = True,
    n_candidates: int = 400,
    n_starts: int = 4,
    placebo_starts: int = 1,
    placebo_candidates: int = 50,
    placebo_maxfev: int = 400,
    v_floor: float = 1e-6,
    maxfev: int = 1500,
    alpha: float = 0.05,
    seed: int | np.random.Generator = 0,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> SyntheticControlResult:
    """Synthetic control with nested V/W optimisation and in-space placebos (ADH 2010).

    .. math:: \\hat\\tau_t = Y_{1t} - \\sum_j w_j^* Y_{jt}, \\qquad
              \\text{RMSPE}_{pre} = \\Big(\\frac{1}{T_0}\\sum_{t < T_0} \\hat\\tau_t^2\\Big)^{1/2}

    Parameters
    ----------
    data : long panel, one row per unit and period.
    unit, time, outcome : column names.
    treated_unit : the value of ``unit`` that is treated.
    treatment_time : first treated period; earlier periods are the pre-period.
    predictors : predictor rows. Each is a column name (its mean over all pre-periods), ``(column, periods)``
        (the mean over ``periods``, a single period allowed, e.g. ``("cigsale", 1975)``) or
        ``(column, periods, label)``. Missing values are skipped in the means. Default: the outcome in each
        pre-period.
    donors : donor units (default: every other unit). Donors need the outcome in every period.
    fit_periods : pre-periods whose outcome the outer V search fits (default: all pre-periods).
    placebos : run in-space placebos (each donor as if treated) for the permutation p-value.
    n_candidates : random V screened before the local searches.
    n_starts : local (Nelder–Mead) searches from the best distinct candidates; the best is polished by Powell.
    placebo_starts, placebo_candidates, placebo_maxfev : the (smaller) search budget of each placebo fit (the
        treated unit's V is one of its candidates); the placebos only need a good pre-period fit, and J full
        searches would cost J × the main fit.
    v_floor : lower bound on V relative to its largest element (keeps W*(V) unique and reproducible).
    maxfev : evaluation budget of each local search.
    alpha : 1 − confidence level of ``ci``.
    seed : int or Generator for the candidate V (fixed default; ``0`` is a seed).
    progress : show a progress bar over the chunks of placebo fits (see :func:`perfmethods.progress.progress_bar`;
        ``None``: on a terminal or in JupyterLab, not in CI); the result is the same either way.
    engine : where the chunks of :data:`PLACEBO_CHUNK` placebo fits run: ``"local"`` (this process, the default)
        or ``"dask"`` (a Dask distributed cluster, see :mod:`perfmethods.engines`); a seeded run gives the same
        numbers on either. Unused with ``placebos=False``.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's default ``distributed.Client``.
        Only with ``engine="dask"``.

    Returns
    -------
    SyntheticControlResult

    Raises
    ------
    InputError
        Duplicated keys, an unknown treated unit, a treatment time with fewer than 2 pre-periods or no
        post-period, fewer than 2 donors, missing outcomes, or a constant predictor.

    References
    ----------
    Abadie, A., Diamond, A. & Hainmueller, J. (2010). Synthetic control methods for comparative case studies:
    estimating the effect of California's tobacco control program. JASA 105(490), 493–505.
    """
    func = "synthetic_control"
    df = check_panel(data, unit=unit, time=time, outcome=outcome, balanced=False, sort=False, func=func)
    rng = check_rng(seed, func=func)
    engine = check_engine(engine, address, func=func)
    alpha = check_alpha(alpha, func=func)
    v_floor = check_number(v_floor, name="v_floor", func=func, low=0.0, high=1.0, closed="neither")
    if min(n_starts, placebo_starts) < 1 or min(n_candidates, placebo_candidates) < 0 or min(maxfev,
                                                                                             placebo_maxfev) < 10:
        raise InputError(f"{func} needs n_starts, placebo_starts >= 1, n_candidates, placebo_candidates >= 0 and "
                         "maxfev, placebo_maxfev >= 10.")
    all_units = list(pd.unique(df[unit]))
    if treated_unit not in all_units:
        raise InputError(f"treated unit {treated_unit!r} is not in column {unit!r}.", location={"column": unit})
    times = sorted(pd.unique(df[time]))
    pre_times = [t for t in times if t < treatment_time]
    post_times = [t for t in times if t >= treatment_time]
    if len(pre_times) < 2 or not post_times:
        raise InputError(f"treatment time {treatment_time!r} leaves {len(pre_times)} pre-periods and "
                         f"{len(post_times)} post-periods; synthetic control needs at least 2 pre-periods (many "
                         "more for a credible fit) and 1 post-period.", location={"column": time})
    if len(pre_times) < 5:
        warnings.warn(f"only {len(pre_times)} pre-treatment periods: the synthetic control may fit the pre-period "
                      "by chance (ADH 2015 recommend a long pre-period).", DataQualityWarning, stacklevel=2)
    donor_list = [u for u in all_units if u != treated_unit] if donors is None else list(donors)
    unknown = [d for d in donor_list if d not in all_units or d == treated_unit]
    if unknown:
        raise InputError(f"donors {unknown} are not untreated units of column {unit!r}.", location={"key": "donors"})
    if len(donor_list) < 2:
        raise InputError(f"synthetic control needs at least 2 donors; got {len(donor_list)}.",
                         location={"key": "donors"})
    units = [treated_unit, *donor_list]
    df = df[df[unit].isin(units)]
    y_wide = df.pivot(index=time, columns=unit, values=outcome).reindex(index=times, columns=units)
    y_wide = y_wide.apply(pd.to_numeric, errors="coerce")
    if y_wide.isna().any().any():
        bad = [u for u in units if y_wide[u].isna().any()]
        raise InputError(f"outcome {outcome!r} is missing for units {bad[:10]} in some periods; synthetic control "
                         "needs a balanced outcome panel: drop those donors (donors=...) or fill the gaps.",
                         location={"column": outcome})
    fit_list = list(pre_times) if fit_periods is None else list(fit_periods)
    if not fit_list or any(t not in pre_times for t in fit_list):
        raise InputError(f"fit_periods must be pre-treatment periods of {time!r}; got {fit_list!r}.",
                         location={"key": "fit_periods"})
    preds = [(outcome, [t]) for t in pre_times] if predictors is None else list(predictors)
    x, names = _predictor_matrix(df, unit=unit, time=time, units=units, pre_times=pre_times, predictors=preds,
                                 outcome=outcome)
    sd = x.std(axis=1, ddof=1)
    if np.any(sd == 0):
        const = [n for n, s in zip(names, sd, strict=True) if s == 0]
        raise InputError(f"predictors {const} are constant across units; remove them.", location={"key": "predictors"})
    xs = x / sd[:, None]
    y = y_wide.to_numpy(float)  # T x N, column 0 treated
    fit_idx = np.array([times.index(t) for t in fit_list])
    pre_idx = np.arange(len(pre_times))
    post_idx = np.arange(len(pre_times), len(times))
    options = {"n_candidates": n_candidates, "v_floor": v_floor, "maxfev": maxfev}

    fit = _nested_fit(xs[:, 0], xs[:, 1:], y[fit_idx, 0], y[fit_idx][:, 1:], n_starts=n_starts, rng=rng,
                      **options)
    synthetic = y[:, 1:] @ fit.w
    gap = y[:, 0] - synthetic

    pre_rmspe, post_rmspe = _rmspe(gap, pre_idx), _rmspe(gap, post_idx)
    estimate = float(gap[post_idx].mean())
    weights = pd.Series(fit.w, index=pd.Index(donor_list, name=unit), name="weight")
    v = pd.Series(fit.v, index=pd.Index(names, name="predictor"), name="v")
    predictor_table = pd.DataFrame(
        {"treated": x[:, 0], "synthetic": x[:, 1:] @ fit.w, "donor_mean": x[:, 1:].mean(axis=1)},
        index=pd.Index(names, name="predictor"))
    path = pd.DataFrame({"time": times, "treated": y[:, 0], "synthetic": synthetic, "gap": gap,
                         "post": [t >= treatment_time for t in times]})

    placebo_rows = [{"unit": treated_unit, "treated": True, "pre_rmspe": pre_rmspe, "post_rmspe": post_rmspe,
                     "ratio": post_rmspe / pre_rmspe if pre_rmspe > 0 else math.inf, "estimate": estimate}]
    gaps = {treated_unit: gap}
    if placebos:
        if len(donor_list) < 3:
            raise InputError("in-space placebos need at least 3 donors (each placebo needs 2); pass placebos=False.",
                             location={"key": "placebos"})
        pairs = seeded_chunks(len(donor_list), PLACEBO_CHUNK, rng)
        bounds = np.cumsum([1, *(size for size, _ in pairs)])  # placebo units 1 … J (column 0: the treated unit)
        tasks = [_PlaceboChunk(xs, y, fit_idx, pre_idx, post_idx, tuple(range(lo, hi)), placebo_starts,
                               placebo_candidates, placebo_maxfev, v_floor, fit.v, chunk_rng)
                 for lo, hi, (_, chunk_rng) in zip(bounds[:-1], bounds[1:], pairs, strict=True)]
        chunks = run_chunks(_placebo_chunk, tasks, engine=engine, address=address, progress=progress,
                            desc="安慰剂检验 placebos", func_name=func)
        for j, g in zip(range(1, len(units)), (g for chunk in chunks for g in chunk), strict=True):
            pre, post = _rmspe(g, pre_idx), _rmspe(g, post_idx)
            placebo_rows.append({"unit": units[j], "treated": False, "pre_rmspe": pre, "post_rmspe": post,
                                 "ratio": post / pre if pre > 0 else math.inf, "estimate": float(g[post_idx].mean())})
            gaps[units[j]] = g
    placebo_table = pd.DataFrame(placebo_rows)
    placebo_gaps = pd.DataFrame(gaps, index=pd.Index(times, name=time)) if placebos else pd.DataFrame()
    if placebos:
        ratios = placebo_table["ratio"].to_numpy()
        p_value = float(np.mean(ratios >= ratios[0]))
        effects = placebo_table.loc[~placebo_table["treated"], "estimate"].to_numpy()
        se = float(np.std(effects, ddof=1))
        lo_q, hi_q = np.quantile(effects, [alpha / 2, 1 - alpha / 2])
        ci = (float(estimate - hi_q), float(estimate - lo_q))
    else:
        p_value, se, ci = math.nan, math.nan, (math.nan, math.nan)
    if pre_rmspe > 0.05 * float(np.mean(np.abs(y[pre_idx, 0]))):
        warnings.warn(f"the synthetic control fits the treated unit's pre-period poorly (RMSPE {pre_rmspe:.3g}); "
                      "the treated unit may lie outside the donors' convex hull: add donors or predictors.",
                      DataQualityWarning, stacklevel=2)
    diagnostics = {
        "loss": fit.loss, "start_losses": fit.start_losses, "n_evaluations": fit.n_evaluations,
        "n_donors": len(donor_list), "n_predictors": len(names), "n_fit_periods": len(fit_list),
        "max_predictor_gap_sd": float(np.max(np.abs(xs[:, 0] - xs[:, 1:] @ fit.w))),
    }
    return SyntheticControlResult(
        estimate=estimate, se=se, ci=ci, p_value=p_value, weights=weights, v=v, predictors=predictor_table,
        path=path, pre_rmspe=pre_rmspe, post_rmspe=post_rmspe,
        rmspe_ratio=post_rmspe / pre_rmspe if pre_rmspe > 0 else math.inf, placebos=placebo_table,
        placebo_gaps=placebo_gaps, treated_unit=treated_unit, treatment_time=treatment_time, n=len(units),
        n_pre=len(pre_times), n_post=len(post_times), alpha=alpha, diagnostics=diagnostics)

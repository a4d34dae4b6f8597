"""Surrogate index (替代指标指数; Athey, Chetty, Imbens & Kang 2019, NBER w26463).

Long-horizon outcomes of a programme (career output ten years on, commercial revenue from a funded patent) are
not observed when the evaluation is due. The surrogate index combines short-term outcomes S (early
publications, grants, patents) into a prediction of the long-term outcome Y, learnt in an *observational*
sample where both are seen (e.g. earlier cohorts), and contrasts it between arms in the *evaluation* sample
(e.g. a funded/unfunded comparison where only S is seen yet):

.. math::

    h(s, x) = E[Y \\mid S = s, X = x] \\ \\text{(observational sample)}, \\qquad
    \\tau = E\\big[\\, E[h(S, X) \\mid W = 1, X] - E[h(S, X) \\mid W = 0, X] \\,\\big]
    \\ \\text{(evaluation sample)}.

Assumptions (ACIK 2019 §3): (1) unconfoundedness of W in the evaluation sample *given the pre-treatment
covariates X* (randomised, or as good as random once X is held fixed); (2) surrogacy,
:math:`W \\perp Y \\mid S, X` — the surrogates carry the whole effect on Y; (3) comparability, the same
:math:`Y \\mid S, X` in both samples. Under (1)–(3) the effect on Y is the effect on the index, adjusted for X
as any effect under unconfoundedness is. The estimator here is the linear regression adjustment: with the
fitted index :math:`\\hat h_i = \\hat h(S_i, X_i)` in the evaluation sample,

.. math:: \\hat h_i = a + \\tau W_i + X_i^\\top \\gamma + v_i, \\qquad \\hat\\tau = \\text{the OLS coefficient on } W,

which is the difference in mean index between arms when there are no covariates (the randomised case, where
adjusting changes nothing but the precision). Without the adjustment a covariate that differs between arms
(a selection score: funded applicants scored higher) enters the contrast through its index coefficient and is
reported as an "effect" of funding — a selection difference, not an effect.

Surrogates are outcomes: they must be measured after treatment starts. A variable measured before (the
application score, the firm's age at application) is a covariate; :func:`surrogate_index` refuses it as a
surrogate when it is declared pre-treatment (``covariates``, ``pre_treatment``) or when the data's timing
metadata says so (``DataFrame.attrs["timing"]``, written by :func:`surrogate_table`), and
:func:`surrogate_table` refuses a surrogate that takes one value per unit over the whole panel.

What can be checked of the assumptions:

* predictive strength of the index in the observational sample (R², and the index coefficients);
* comparability: standardised mean differences of S between the observational sample and the evaluation
  sample's control arm, of X between the observational and the whole evaluation sample, and the share of
  evaluation rows inside the observational range;
* surrogacy, when some evaluation units already have Y (a validation subset, e.g. the oldest cohort): the
  covariate-adjusted effect of W on the residual :math:`Y - \\hat h(S, X)` — the bias of the surrogate estimate
  on that subset (ACIK 2019 §4, the "surrogate index bias") — with its standard error; a non-zero value rejects
  surrogacy.

h is linear in the given columns (add transformed columns for non-linear indices), fitted by least squares.
Standard error: the influence-function (delta-method) variance, independent samples,

.. math:: \\widehat{\\operatorname{Var}}(\\hat\\tau)
          = \\widehat{\\operatorname{Var}}_{HC2}(\\hat\\tau \\mid \\hat\\beta)
          + \\bar a^\\top \\hat\\Sigma_\\beta\\, \\bar a,

with the first term the HC2 variance of the W coefficient in the evaluation-sample regression (with no
covariates exactly :math:`s^2_{\\hat h,1}/n_1 + s^2_{\\hat h,0}/n_0`), :math:`\\bar a` the covariate-adjusted
difference in each index regressor between arms (:math:`\\hat\\tau = \\bar a^\\top\\hat\\beta`) and
:math:`\\hat\\Sigma_\\beta` the HC1 covariance of the index coefficients; or a bootstrap resampling both samples
(arms stratified, vectorised over the draws of a chunk; the chunks run in this process or on a Dask cluster
with the same numbers, :mod:`perfmethods.engines`).

Why hand-written: no Python package implements the surrogate index (the authors' code is in Stata/R for the
GAIN application); the estimator is two least-squares fits, so numpy is enough (statsmodels' OLS is the
reference in the tests).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.engines import check_engine, run_chunks, seeded_chunks
from perfmethods.errors import DataQualityWarning, InputError, ParameterError
from perfmethods.i18n import translator
from perfmethods.impact.panel_data import json_tree
from perfmethods.results import Result, estimates_frame, json_records, json_scalar
from perfmethods.validation import (
    check_alpha,
    check_columns,
    check_frame,
    check_language,
    check_number,
    check_option,
    check_rng,
)

__all__ = ["TIMING_ATTR", "SurrogateIndexResult", "SurrogateSamples", "surrogate_index", "surrogate_samples",
           "surrogate_table"]

#: Key of ``DataFrame.attrs`` holding ``{column: "pre" | "post"}``: when each column is measured relative to the
#: start of treatment. :func:`surrogate_table` writes it; :func:`surrogate_index` refuses a ``"pre"`` surrogate.
TIMING_ATTR = "timing"


#: Bootstrap draws per chunk: a constant of the computation (never of the engine), so a seeded bootstrap gives
#: the same draws in this process and on a Dask cluster; a chunk's (draws × rows) resampling counts stay small.
BOOTSTRAP_CHUNK = 100


@dataclass(frozen=True)
class _SurrogateChunk:
    """One chunk of the surrogate-index bootstrap: both samples' design matrices, the arms, the chunk's draws."""

    zo: np.ndarray  # observational index regressors (intercept, surrogates, covariates)
    yo: np.ndarray  # observational long-term outcome
    d: np.ndarray  # evaluation contrast regressors (intercept, treatment, covariates)
    ze: np.ndarray  # evaluation index regressors
    treated: np.ndarray  # evaluation rows in the treated arm
    size: int
    rng: np.random.Generator


def _surrogate_chunk(task: _SurrogateChunk) -> np.ndarray:
    """The estimate in ``task.size`` bootstrap draws: each draw refits the index on a resampled observational
    sample and the contrast on a resampled evaluation sample (arms stratified), as multinomial count weights."""
    b, rng, zo, d, ze = task.size, task.rng, task.zo, task.d, task.ze
    n_o, k = zo.shape
    t = task.treated
    c = ~t
    n1, n0 = int(t.sum()), int(c.sum())
    co = rng.multinomial(n_o, np.full(n_o, 1 / n_o), size=b).astype(float)
    zwz = np.einsum("bi,ij,ik->bjk", co, zo, zo)
    zwy = np.einsum("bi,ij->bj", co, zo * task.yo[:, None])  # numpy's own loop: no BLAS, whose threads reorder sums
    betas = np.linalg.solve(zwz + 1e-12 * np.eye(k), zwy[..., None])[..., 0]
    ce = np.zeros((b, len(t)))
    ce[:, t] = rng.multinomial(n1, np.full(n1, 1 / n1), size=b)
    ce[:, c] = rng.multinomial(n0, np.full(n0, 1 / n0), size=b)
    dwd = np.einsum("bi,ij,ik->bjk", ce, d, d)
    dwz = np.einsum("bi,ij,ik->bjk", ce, d, ze)
    a_draws = np.linalg.solve(dwd + 1e-12 * np.eye(d.shape[1]), dwz)[:, 1, :]
    return np.einsum("bk,bk->b", a_draws, betas)


@dataclass(frozen=True, repr=False)
class SurrogateIndexResult(Result):
    """Surrogate-index estimate of a long-term treatment effect.

    Attributes
    ----------
    estimate : effect of treatment on the surrogate index, adjusted for the pre-treatment ``adjusted_for``
        covariates (the coefficient on treatment in the evaluation-sample regression of the index on treatment
        and the covariates; without covariates, the difference in mean index between arms).
    se, ci : standard error (``se_method``) and the normal confidence interval.
    p_value : two-sided p-value of ``estimate / se``.
    n : evaluation-sample size; ``n_treated``, ``n_control``; ``n_observational`` fits the index.
    coefficients : index coefficients (intercept, surrogates, covariates) with HC1 standard errors.
    r2 : R² of the index in the observational sample.
    surrogate_effects : covariate-adjusted effect of treatment on each surrogate (se, CI, HC2) and its
        contribution to ``estimate`` (effect × index coefficient); the contributions add up to ``estimate``.
        Covariates are not listed: adjusted for, their arm difference is zero by construction.
    comparability : per surrogate/covariate (``role``): observational mean, evaluation mean (of the control arm
        for a surrogate, which treatment moves; of the whole sample for a covariate, which it cannot),
        standardised mean difference, share of evaluation values inside the observational range.
    surrogacy : validation on evaluation units with the long-term outcome observed: the direct effect on Y,
        the surrogate-index effect and the bias (effect on the residual Y − index), all adjusted for the
        covariates, with se and p-value; ``None`` without such units.
    unadjusted : the difference in mean index between arms, not adjusted for the covariates (equal to
        ``estimate`` without covariates). Their gap is the part of the raw contrast due to covariate
        differences between arms (selection), not to treatment.
    adjusted_for : the pre-treatment covariates the contrast is adjusted for.
    diagnostics : options and warnings.
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    p_value: float
    n: int
    n_treated: int
    n_control: int
    n_observational: int
    coefficients: pd.DataFrame
    r2: float
    surrogate_effects: pd.DataFrame
    comparability: pd.DataFrame
    surrogacy: dict[str, Any] | None
    unadjusted: float
    adjusted_for: tuple[str, ...]
    se_method: str
    alpha: float
    diagnostics: dict[str, Any]

    _headline_fields: ClassVar[tuple[str, ...]] = ("estimate", "se", "p_value", "r2", "n")

    def estimates(self) -> pd.DataFrame:
        """The long-term effect (first row, ``term="long_term_effect"``) and, with validation units, the
        surrogacy bias (``term="surrogacy_bias"``: the effect on Y − index, normal interval)."""
        method = "surrogate index"
        rows = [{"term": "long_term_effect", "estimate": self.estimate, "se": self.se, "ci_low": self.ci[0],
                 "ci_high": self.ci[1], "p_value": self.p_value, "n": self.n, "method": method}]
        if self.surrogacy is not None:
            s = self.surrogacy
            z = float(stats.norm.ppf(1 - self.alpha / 2))
            rows.append({"term": "surrogacy_bias", "estimate": s["bias"], "se": s["bias_se"],
                         "ci_low": s["bias"] - z * s["bias_se"], "ci_high": s["bias"] + z * s["bias_se"],
                         "p_value": s["p_value"], "n": s["n_validation"], "method": method})
        return estimates_frame(rows)

    def summary(self) -> pd.DataFrame:
        """One row per statistic."""
        rows = [("estimate", self.estimate), ("se", self.se), ("ci_low", self.ci[0]), ("ci_high", self.ci[1]),
                ("p_value", self.p_value), ("unadjusted", self.unadjusted), ("index_r2", self.r2),
                ("n_treated", float(self.n_treated)), ("n_control", float(self.n_control)),
                ("n_observational", float(self.n_observational)),
                ("max_abs_smd", float(self.comparability["smd"].abs().max()))]
        if self.surrogacy is not None:
            rows += [("surrogacy_bias", self.surrogacy["bias"]), ("surrogacy_bias_se", self.surrogacy["bias_se"]),
                     ("surrogacy_p_value", self.surrogacy["p_value"])]
        return pd.DataFrame(rows, columns=["statistic", "value"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary (NaN → None)."""
        return {
            "estimate": json_scalar(self.estimate), "se": json_scalar(self.se), "ci": json_scalar(self.ci),
            "p_value": json_scalar(self.p_value), "n": self.n, "n_treated": self.n_treated,
            "n_control": self.n_control, "n_observational": self.n_observational,
            "coefficients": json_records(self.coefficients.reset_index()), "r2": json_scalar(self.r2),
            "surrogate_effects": json_records(self.surrogate_effects),
            "comparability": json_records(self.comparability),
            "surrogacy": None if self.surrogacy is None else json_tree(self.surrogacy),
            "unadjusted": json_scalar(self.unadjusted), "adjusted_for": list(self.adjusted_for),
            "se_method": self.se_method, "alpha": self.alpha,
            "diagnostics": json_tree(self.diagnostics),
        }

    def plot(self, ax: Any = None, language: str = "zh", *, labels: dict[str, str] | None = None,
             unit: str = "") -> Any:
        """Contributions of each surrogate to the long-term effect, and the total with its CI.

        ``labels`` maps column names to the names shown (e.g. ``{"rd_spending": "研发投入"}``); ``unit`` is the
        long-term outcome's unit, shown on the x axis (e.g. ``"万元"``).
        """
        import matplotlib.pyplot as plt

        text = translator(check_language(language, func="plot"), "plot.impact.surrogate.")
        names = dict(labels or {})
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.45 * len(self.surrogate_effects) + 2))
        eff = self.surrogate_effects
        shown = [*(names.get(str(v), str(v)) for v in eff["surrogate"]), text("total")]
        y = np.arange(len(shown))
        ax.barh(y[:-1], eff["contribution"], color="tab:blue", alpha=0.8, label=text("contribution"))
        ax.barh(y[-1:], [self.estimate], color="0.2", alpha=0.8, label=text("total"))
        ax.errorbar([self.estimate], [y[-1]], xerr=[[self.estimate - self.ci[0]], [self.ci[1] - self.estimate]],
                    color="tab:red", capsize=4, fmt="none", label=text("ci", p=1 - self.alpha))
        ax.set_yticks(y, shown)
        ax.invert_yaxis()
        ax.axvline(0, color="0.4", linewidth=0.8)
        ax.set_title(text("title"))
        ax.set_xlabel(text("x_unit", unit=unit) if unit else text("x"))
        ax.set_ylabel(text("y"))
        ax.legend(frameon=False, fontsize="small", loc="best")
        return ax


def _matrix(frame: pd.DataFrame, columns: Sequence[str], where: str) -> np.ndarray:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"columns {missing} are not in the {where} sample; columns are {list(frame.columns)}.",
                         location={"column": missing[0]})
    values = frame[list(columns)].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    if not np.isfinite(values).all():
        bad = [c for c, ok in zip(columns, np.isfinite(values).all(axis=0), strict=True) if not ok]
        raise InputError(f"columns {bad} of the {where} sample have missing or non-numeric values; drop or impute "
                         "those rows first.", location={"column": bad[0]})
    return values


def _ols(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Least squares with HC1 covariance; returns (beta, cov, r2)."""
    n, k = z.shape
    zz_inv = np.linalg.pinv(z.T @ z)
    beta = zz_inv @ (z.T @ y)
    e = y - z @ beta
    meat = (z * e[:, None]).T @ (z * e[:, None])
    cov = zz_inv @ meat @ zz_inv * n / max(n - k, 1)
    tss = float(((y - y.mean()) ** 2).sum())
    return beta, cov, 1 - float(e @ e) / tss if tss > 0 else math.nan


def _contrast(d: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficient on treatment (column 1 of ``d`` = [1, W, X]) in the OLS fit of each column of ``y`` on ``d``.

    Returns (coefficients, HC2 standard errors, the row ``p`` with coefficient = ``p @ y``). With ``d = [1, W]``
    the coefficient is the difference in means and the HC2 variance is exactly s²₁/n₁ + s²₀/n₀ (Neyman).
    """
    y2 = y.reshape(len(y), -1)
    dd_inv = np.linalg.pinv(d.T @ d)
    p = (dd_inv @ d.T)[1]
    coef = p @ y2
    resid = y2 - d @ (dd_inv @ (d.T @ y2))
    leverage = np.einsum("ij,jk,ik->i", d, dd_inv, d)
    var = (p**2 / np.clip(1.0 - leverage, 1e-12, None)) @ resid**2
    return coef, np.sqrt(var), p


def _refuse_pre_treatment(surrogates: Sequence[str], covariates: Sequence[str], pre_treatment: Sequence[str],
                          frames: Sequence[pd.DataFrame], func: str) -> None:
    """A surrogate must be measured after treatment starts: refuse one declared or recorded as pre-treatment."""
    recorded = {str(name) for frame in frames for name, when in dict(frame.attrs.get(TIMING_ATTR) or {}).items()
                if when == "pre"}
    for name in surrogates:
        if name in covariates or name in pre_treatment or name in recorded:
            why = ("it is also given as a pre-treatment covariate" if name in covariates
                   else "it is declared in 'pre_treatment'" if name in pre_treatment
                   else "the data's timing metadata records it as measured before the start")
            raise ParameterError(
                f"{name!r} cannot be a surrogate of {func}: {why}. A surrogate is a short-term outcome measured "
                "after treatment starts (so that treatment can move it); a variable measured before (an "
                f"application score, a firm's size at application) is a selection difference, not an effect. "
                f"Pass {name!r} in 'covariates' instead: it then enters the index and the treated-control "
                "contrast is adjusted for it.", location={"column": name})


def surrogate_index(
    observational: pd.DataFrame,
    experimental: pd.DataFrame,
    *,
    outcome: str,
    surrogates: Sequence[str],
    treated: str,
    covariates: Sequence[str] = (),
    pre_treatment: Sequence[str] = (),
    se_method: Literal["analytic", "bootstrap"] = "analytic",
    n_boot: int = 999,
    alpha: float = 0.05,
    seed: int | np.random.Generator = 0,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> SurrogateIndexResult:
    """Long-term treatment effect from short-term surrogates (Athey, Chetty, Imbens & Kang 2019).

    .. math:: \\hat h(s, x) = \\hat\\beta_0 + s^\\top\\hat\\beta_S + x^\\top\\hat\\beta_X
              \\ \\text{(observational OLS)}, \\qquad
              \\hat h(S_i, X_i) = a + \\tau W_i + X_i^\\top\\gamma + v_i \\ \\text{(evaluation OLS)}

    :math:`\\hat\\tau` is the effect on the index adjusted for the pre-treatment covariates X: the sample analogue
    of :math:`E[E[h(S,X) \\mid W=1, X] - E[h(S,X) \\mid W=0, X]]`, which equals the effect on Y under
    unconfoundedness given X, surrogacy and comparability (ACIK 2019 §3). Without covariates it is the difference
    in mean index between arms.

    Parameters
    ----------
    observational : sample with the long-term ``outcome``, the ``surrogates`` and ``covariates`` (e.g. earlier
        cohorts of applicants).
    experimental : evaluation sample with ``treated`` (0/1), ``surrogates`` and ``covariates``. If it also has
        an ``outcome`` column with some values (a validation subset), surrogacy is checked on those rows.
    outcome : long-term outcome column.
    surrogates : short-term outcome columns (the surrogates), measured after treatment starts.
    treated : 0/1 treatment column of the evaluation sample.
    covariates : pre-treatment covariates in both samples: they enter the index and the treated-control
        contrast is adjusted for them (e.g. the application score when funding follows it).
    pre_treatment : further columns known to be measured before treatment (e.g. from a data dictionary);
        refused as surrogates. Columns recorded as ``"pre"`` in either sample's ``attrs["timing"]`` (written
        by :func:`surrogate_table`) are refused too.
    se_method : ``"analytic"`` (influence function / delta method, the default) or ``"bootstrap"`` (resampling
        both samples, arms stratified).
    n_boot : bootstrap draws (at least 50; default 999).
    alpha : 1 − confidence level.
    seed : int or Generator for the bootstrap (fixed default; ``0`` is a seed).
    progress : show a progress bar over the chunks of bootstrap draws (see
        :func:`perfmethods.progress.progress_bar`; ``None``: on a terminal or in JupyterLab, not in CI); the
        result is the same either way.
    engine : where the bootstrap's chunks of :data:`BOOTSTRAP_CHUNK` draws run: ``"local"`` (this process, the
        default) or ``"dask"`` (a Dask distributed cluster, see :mod:`perfmethods.engines`); a seeded run gives
        the same numbers on either. Unused with ``se_method="analytic"``.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's default ``distributed.Client``.
        Only with ``engine="dask"``.

    Returns
    -------
    SurrogateIndexResult

    Raises
    ------
    ParameterError
        A surrogate that is a covariate, is declared in ``pre_treatment``, or is recorded as pre-treatment in
        the data's timing metadata; the treatment column among the surrogates or covariates.
    InputError
        Missing columns or values, a treatment that is not 0/1 or lacks an arm, a treatment that the covariates
        determine (no overlap), or fewer observational rows than index coefficients + 2.

    References
    ----------
    Athey, S., Chetty, R., Imbens, G. W. & Kang, H. (2019). The surrogate index: combining short-term proxies to
    estimate long-term treatment effects more rapidly and precisely. NBER Working Paper 26463, §3 (assumptions
    and identification), §4 (validation on an outcome observed in part of the experiment).
    """
    func = "surrogate_index"
    for name, frame in (("observational", observational), ("experimental", experimental)):
        if not isinstance(frame, pd.DataFrame):
            check_frame(frame, name=name, func=func)  # raises the package's message
    for key, value in (("surrogates", surrogates), ("covariates", covariates), ("pre_treatment", pre_treatment)):
        if isinstance(value, str) or (key == "surrogates" and not len(value)):
            kind = "a non-empty list" if key == "surrogates" else "a list"
            raise InputError(f"The {key!r} parameter of {func} must be {kind} of column names; got {value!r}.",
                             location={"key": key})
    surrogates, covariates = [str(c) for c in surrogates], [str(c) for c in covariates]
    _refuse_pre_treatment(surrogates, covariates, [str(c) for c in pre_treatment], (observational, experimental),
                          func)
    if treated in surrogates or treated in covariates:
        raise ParameterError(f"the treatment column {treated!r} cannot also be a surrogate or a covariate of "
                             f"{func}.", location={"column": treated})
    check_option(se_method, ("analytic", "bootstrap"), name="se_method", func=func)
    n_boot = check_number(n_boot, name="n_boot", func=func, low=50, integer=True)
    engine = check_engine(engine, address, func=func)
    alpha = check_alpha(alpha, func=func)
    rng = check_rng(seed, func=func)
    columns = [*surrogates, *covariates]
    zo = np.column_stack([np.ones(len(observational)), _matrix(observational, columns, "observational")])
    yo = _matrix(observational, [outcome], "observational")[:, 0]
    ze = np.column_stack([np.ones(len(experimental)), _matrix(experimental, columns, "experimental")])
    w = _matrix(experimental, [treated], "experimental")[:, 0]
    if not np.isin(w, (0.0, 1.0)).all():
        raise InputError(f"treatment column {treated!r} must be 0/1.", location={"column": treated})
    n1, n0 = int(w.sum()), int((1 - w).sum())
    if min(n1, n0) < 2:
        raise InputError(f"the evaluation sample needs at least 2 treated and 2 control units; got {n1} and {n0}.",
                         location={"column": treated})
    k = zo.shape[1]
    if len(yo) < k + 2:
        raise InputError(f"the observational sample has {len(yo)} rows for {k} index coefficients; it needs more "
                         "rows than coefficients + 1.", location={"key": "observational"})
    d = np.column_stack([np.ones(len(w)), w, ze[:, 1 + len(surrogates):]])
    if np.linalg.matrix_rank(d) < d.shape[1] or len(w) <= d.shape[1] + 1:
        raise InputError(f"in the evaluation sample the covariates {covariates} determine {treated!r} (or there "
                         "are too few units for them): treated and control units with the same covariates are "
                         "needed to compare them; drop covariates or widen the sample.",
                         location={"column": treated})
    beta, cov, r2 = _ols(zo, yo)
    index = ze @ beta
    t, c = w == 1, w == 0
    unadjusted = float(index[t].mean() - index[c].mean())
    (estimate_arr, se_eval_arr, p_row) = _contrast(d, index)
    estimate = float(estimate_arr[0])
    a_bar = p_row @ ze  # covariate-adjusted arm difference of each index regressor; estimate = a_bar @ beta
    var_eval = float(se_eval_arr[0]) ** 2
    var_index = float(a_bar @ cov @ a_bar)
    if se_method == "analytic":
        se = math.sqrt(var_eval + var_index)
    else:
        # vectorised bootstrap in chunks of draws: multinomial counts as weights, the observational sample and
        # each arm resampled
        tasks = [_SurrogateChunk(zo, yo, d, ze, t, size, chunk_rng)
                 for size, chunk_rng in seeded_chunks(n_boot, BOOTSTRAP_CHUNK, rng)]
        draws = np.concatenate(run_chunks(_surrogate_chunk, tasks, engine=engine, address=address, progress=progress,
                                          desc="自助法 bootstrap", func_name=func))
        se = float(np.std(draws, ddof=1))
    z = stats.norm.ppf(1 - alpha / 2)
    ci = (estimate - z * se, estimate + z * se)
    p_value = float(2 * stats.norm.sf(abs(estimate / se))) if se > 0 else math.nan

    coef_names = ["intercept", *columns]
    coefficients = pd.DataFrame({"coefficient": beta, "se": np.sqrt(np.diag(cov))},
                                index=pd.Index(coef_names, name="term"))
    m = len(surrogates)
    eff, eff_se, _ = _contrast(d, ze[:, 1:1 + m])
    surrogate_effects = pd.DataFrame({
        "surrogate": surrogates, "effect": eff, "se": eff_se, "ci_low": eff - z * eff_se,
        "ci_high": eff + z * eff_se, "coefficient": beta[1:1 + m], "contribution": eff * beta[1:1 + m]})
    # comparability: surrogates against the evaluation controls (treatment moves them), pre-treatment
    # covariates against the whole evaluation sample (treatment cannot move them; the arms differ by selection)
    s_cols = ze[:, 1:]
    so = zo[:, 1:]
    ref_mean = np.concatenate([s_cols[c, :m].mean(axis=0), s_cols[:, m:].mean(axis=0)])
    ref_var = np.concatenate([s_cols[c, :m].var(axis=0, ddof=1), s_cols[:, m:].var(axis=0, ddof=1)])
    pooled = np.sqrt((so.var(axis=0, ddof=1) + ref_var) / 2)
    smd = np.where(pooled > 0, (ref_mean - so.mean(axis=0)) / np.where(pooled > 0, pooled, 1), 0.0)
    inside = ((s_cols >= so.min(axis=0)) & (s_cols <= so.max(axis=0))).mean(axis=0)
    comparability = pd.DataFrame({"variable": columns, "role": ["surrogate"] * m + ["covariate"] * len(covariates),
                                  "observational_mean": so.mean(axis=0), "evaluation_mean": ref_mean,
                                  "smd": smd, "share_in_range": inside})
    if np.abs(smd).max() > 0.25:
        worst = columns[int(np.abs(smd).argmax())]
        warnings.warn(f"the observational and evaluation samples differ on {worst!r} (standardised mean difference "
                      f"{smd[int(np.abs(smd).argmax())]:.2f} > 0.25): the comparability assumption is doubtful; "
                      "use an observational sample closer to the programme's population.", DataQualityWarning,
                      stacklevel=2)
    surrogacy = None
    if outcome in experimental.columns:
        ye = pd.to_numeric(experimental[outcome], errors="coerce").to_numpy(float)
        v = np.isfinite(ye)
        vt, vc = v & t, v & c
        dv = d[v]
        if vt.sum() >= 2 and vc.sum() >= 2 and np.linalg.matrix_rank(dv) == dv.shape[1]:
            fits, fit_se, _ = _contrast(dv, np.column_stack([ye[v], index[v], ye[v] - index[v]]))
            direct, index_effect, bias = (float(x) for x in fits)
            direct_se, bias_se = float(fit_se[0]), float(fit_se[2])
            p_bias = float(2 * stats.norm.sf(abs(bias / bias_se))) if bias_se > 0 else math.nan
            surrogacy = {"n_validation": int(v.sum()), "direct_effect": direct, "direct_se": direct_se,
                         "index_effect": index_effect, "bias": bias, "bias_se": bias_se, "p_value": p_bias}
            if p_bias < alpha:
                warnings.warn(f"surrogacy is rejected on the {int(v.sum())} evaluation units with the long-term "
                              f"outcome: the treatment moves Y beyond what the surrogates predict (bias {bias:.3g}, "
                              f"p = {p_bias:.3g}); add surrogates or report the direct estimate.",
                              DataQualityWarning, stacklevel=2)
    if r2 < 0.1:
        warnings.warn(f"the surrogates explain little of the long-term outcome (R² = {r2:.2f}); the surrogate index "
                      "is uninformative.", DataQualityWarning, stacklevel=2)
    return SurrogateIndexResult(
        estimate=estimate, se=se, ci=ci, p_value=p_value, n=len(w), n_treated=n1, n_control=n0,
        n_observational=len(yo), coefficients=coefficients, r2=r2, surrogate_effects=surrogate_effects,
        comparability=comparability, surrogacy=surrogacy, unadjusted=unadjusted, adjusted_for=tuple(covariates),
        se_method=se_method, alpha=alpha,
        diagnostics={"var_evaluation": var_eval, "var_index": var_index, "n_boot": n_boot if se_method ==
                     "bootstrap" else 0, "model": "ols", "contrast": "regression adjustment" if covariates
                     else "difference in means"},
    )


def surrogate_table(
    panel: pd.DataFrame,
    *,
    unit: str,
    time: str,
    start: str,
    surrogates: Sequence[str],
    outcome: str,
    horizon: int,
    surrogate_years: int = 2,
    covariates: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per unit: surrogates averaged over the first years after ``start``, pre-treatment covariates
    averaged over the years before it, and the outcome ``horizon`` years on — the layout
    :func:`surrogate_index` needs, built from a unit × year panel.

    .. math:: S_{ij} = \\frac{1}{m}\\sum_{e=0}^{m-1} s_{j,i,a_i+e}, \\qquad
              X_{ik} = \\operatorname{mean}_{t < a_i} x_{k,i,t}, \\qquad Y_i = y_{i,a_i+H}

    with :math:`a_i` the unit's start year (e.g. the application round), m = ``surrogate_years`` and
    H = ``horizon``. Y is missing (NaN) where :math:`a_i + H` is beyond the panel: those units are the ones whose
    long-term effect the surrogate index predicts. The table records when each column is measured in
    ``attrs["timing"]`` (:data:`TIMING_ATTR`): ``"post"`` for the surrogates and the outcome, ``"pre"`` for the
    covariates, so that :func:`surrogate_index` refuses a pre-treatment column passed as a surrogate.

    Parameters
    ----------
    panel : unit × time panel.
    unit, time : key columns.
    start : column with each unit's start period (constant within unit, same scale as ``time``).
    surrogates : short-term outcome columns averaged over the first ``surrogate_years`` periods.
    outcome : long-term outcome column, read at ``start + horizon``.
    horizon : periods from start to the long-term outcome (≥ ``surrogate_years``).
    surrogate_years : periods averaged for the surrogates (counted from the start period).
    covariates : pre-treatment columns, averaged over the unit's periods before ``start`` (a unit-level value
        such as an application score is its own mean); missing for a unit observed only from its start on.
    keep : other unit-level columns to carry over (first value per unit), e.g. the treatment.

    Returns
    -------
    DataFrame with ``unit``, ``start``, the surrogates, ``covariates``, ``outcome`` and ``keep`` columns.

    Raises
    ------
    ParameterError
        A surrogate that takes one value per unit over the whole panel (a characteristic fixed before the
        start, such as the application score: pass it in ``covariates``), or a column both surrogate and
        covariate.
    InputError
        Missing columns, duplicated (unit, time) keys, or ``surrogate_years`` outside 1..``horizon``.
    """
    cols = [unit, time, start, *surrogates, *covariates, outcome, *keep]
    missing = [c for c in dict.fromkeys(cols) if c not in panel.columns]
    if missing:
        raise InputError(f"columns {missing} are not in the panel.", location={"column": missing[0]})
    if int(surrogate_years) < 1 or int(horizon) < int(surrogate_years):
        raise InputError(f"surrogate_table needs 1 <= surrogate_years <= horizon; got {surrogate_years} and "
                         f"{horizon}.", location={"key": "horizon"})
    both = [c for c in surrogates if c in covariates]
    if both:
        raise ParameterError(f"{both[0]!r} is given both as a surrogate and as a covariate of surrogate_table; a "
                             "surrogate is measured after the start, a covariate before it.",
                             location={"column": both[0]})
    frame = panel[list(dict.fromkeys(cols))]
    if frame.duplicated([unit, time]).any():
        raise InputError(f"the panel has duplicated ({unit}, {time}) keys; keep one row per unit and period.",
                         location={"column": unit})
    by_unit = frame.groupby(unit, sort=True)
    if (by_unit.size() > 1).all():
        fixed = [c for c in surrogates if (by_unit[c].nunique(dropna=False) <= 1).all() and frame[c].nunique() > 1]
        if fixed:
            raise ParameterError(
                f"{fixed[0]!r} takes one value per {unit} over every period: it is a characteristic fixed before "
                "the start (e.g. an application score), not a short-term outcome that treatment can move, so it "
                f"cannot be a surrogate. Pass it in 'covariates' instead.", location={"column": fixed[0]})
    event = frame[time] - frame[start]
    early = frame[(event >= 0) & (event < surrogate_years)]
    short = early.groupby(unit, sort=True)[list(surrogates)].mean()
    complete = early.groupby(unit, sort=True)[time].size() == surrogate_years
    short = short[complete.reindex(short.index, fill_value=False)]
    before = frame[event < 0].groupby(unit, sort=True)[list(covariates)].mean()
    late = frame.loc[event == horizon].set_index(unit)[outcome]
    units = by_unit[[start, *keep]].first()
    out = units.join(short, how="inner").join(before, how="left").join(late.rename(outcome), how="left")
    out = out.reset_index()[[unit, start, *surrogates, *covariates, outcome, *keep]]
    out.attrs[TIMING_ATTR] = {**dict.fromkeys(covariates, "pre"), **dict.fromkeys([*surrogates, outcome], "post")}
    return out


@dataclass(frozen=True, repr=False)
class SurrogateSamples(Result):
    """The samples of a surrogate-index evaluation, designed by :func:`surrogate_samples`.

    Attributes
    ----------
    observational : rows of the rounds whose long-term outcome is observed, except the latest of them: the
        sample that learns the index (pass as ``observational`` to :func:`surrogate_index`).
    evaluation : rows of the validation and evaluation rounds (near the cut-off when a window is given), with
        the long-term outcome kept only on the validation round (pass as ``experimental``).
    observational_rounds : the start periods in ``observational``.
    validation_round : the latest start period whose long-term outcome is observed: its units check surrogacy.
    evaluation_round : the latest start period, whose long-term effect the index predicts.
    window : the half-width around the cut-off (``None``: every unit of the two rounds).
    n_observational, n_evaluation, n_validation : rows of each sample (validation rows with the outcome).
    """

    observational: pd.DataFrame
    evaluation: pd.DataFrame
    observational_rounds: tuple[Any, ...]
    validation_round: Any
    evaluation_round: Any
    window: float | None
    n_observational: int
    n_evaluation: int
    n_validation: int

    _headline_fields: ClassVar[tuple[str, ...]] = ("validation_round", "evaluation_round", "n_observational",
                                                   "n_evaluation", "n_validation")

    def summary(self) -> pd.DataFrame:
        """One row per sample: its role, rounds and size."""
        rounds = ", ".join(str(json_scalar(r)) for r in self.observational_rounds)
        return pd.DataFrame({
            "sample": ["observational", "validation", "evaluation"],
            "rounds": [rounds, str(json_scalar(self.validation_round)),
                       str(json_scalar(self.evaluation_round))],
            "n": [self.n_observational, self.n_validation, self.n_evaluation - self.n_validation],
            "long_term_outcome": [True, True, False],
        })


def surrogate_samples(
    table: pd.DataFrame,
    *,
    start: str,
    outcome: str,
    horizon: int,
    last_period: Any,
    running: str | None = None,
    cutoff: float | None = None,
    window: float | None = None,
) -> SurrogateSamples:
    """Design the samples of a surrogate-index evaluation from successive funding rounds (ACIK 2019 §4).

    With rounds :math:`a_1 < \\dots < a_K` (``start``) and the long-term outcome read ``horizon`` periods
    after the start, the rounds with :math:`a_k + H \\le` ``last_period`` have the outcome observed. The
    latest of them is the *validation* round (its units test surrogacy: :func:`surrogate_index` compares the
    index with the observed outcome on them), the earlier ones form the *observational* sample that learns
    the index, and the latest round overall is the *evaluation* round whose long-term effect is predicted.
    The evaluation sample holds the validation and evaluation rounds, restricted to :math:`|X - c| \\le`
    ``window`` around the cut-off when ``running``, ``cutoff`` and ``window`` are given (applicants near the
    payline stand in for a local experiment); its outcome is kept on the validation round only.

    Parameters
    ----------
    table : one row per unit with ``start`` and ``outcome`` (e.g. from :func:`surrogate_table`).
    start : the unit's start period (funding round) column.
    outcome : the long-term outcome column.
    horizon : periods from start to the long-term outcome.
    last_period : the last period of the data (an outcome at ``start + horizon`` beyond it is not observed).
    running, cutoff, window : score column, cut-off and half-width of the evaluation window (all or none).

    Returns
    -------
    SurrogateSamples

    Raises
    ------
    InputError
        Missing columns; fewer than two rounds with the outcome observed (no round left to validate on); no
        round without it (nothing to predict); only some of ``running``, ``cutoff``, ``window``; an empty
        sample.
    """
    func = "surrogate_samples"
    frame = check_frame(table, name="table", func=func)
    given = [v is not None for v in (running, cutoff, window)]
    if any(given) and not all(given):
        raise InputError(f"The 'running', 'cutoff' and 'window' parameters of {func} go together: give all "
                         "three to restrict the evaluation sample around the cut-off, or none.",
                         location={"key": "window"})
    check_columns(frame, [start, outcome, *([running] if running else [])], name="table", func=func)
    horizon = int(check_number(horizon, name="horizon", func=func, low=0, integer=True))
    rounds = sorted(pd.unique(frame[start].dropna()))
    seen = [r for r in rounds if r + horizon <= last_period]
    if len(seen) < 2:
        raise InputError(f"only {len(seen)} round(s) of {start!r} have the outcome observed {horizon} "
                         f"periods on (by {last_period!r}); the surrogate index needs at least two: one to "
                         "learn the index and one to validate it.", location={"column": start})
    if rounds[-1] in seen:
        raise InputError(f"every round of {start!r} already has the long-term outcome observed by "
                         f"{last_period!r}: there is no round to predict; estimate the effect on the outcome "
                         "directly.",
                         location={"column": start})
    observational_rounds, validation_round, evaluation_round = tuple(seen[:-1]), seen[-1], rounds[-1]
    rounds_col = frame[start]
    observational = frame[rounds_col.isin(observational_rounds)].reset_index(drop=True)
    keep = rounds_col.isin([validation_round, evaluation_round])
    if window is not None:
        window = check_number(window, name="window", func=func, low=0.0, closed="neither")
        cutoff = check_number(cutoff, name="cutoff", func=func)
        keep &= (pd.to_numeric(frame[running], errors="coerce") - cutoff).abs() <= window
    evaluation = frame[keep].reset_index(drop=True)
    evaluation[outcome] = evaluation[outcome].where(evaluation[start] == validation_round)
    for sample in (observational, evaluation):  # the columns' timing travels with the samples
        sample.attrs = dict(table.attrs)
    if evaluation.empty or observational.empty:
        empty = "evaluation" if evaluation.empty else "observational"
        raise InputError(f"the {empty} sample is empty; widen the window or check the rounds.",
                         location={"key": "window"})
    return SurrogateSamples(
        observational=observational, evaluation=evaluation, observational_rounds=observational_rounds,
        validation_round=validation_round, evaluation_round=evaluation_round, window=window,
        n_observational=len(observational), n_evaluation=len(evaluation),
        n_validation=int(evaluation[outcome].notna().sum()))

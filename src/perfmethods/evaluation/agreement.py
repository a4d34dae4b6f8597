"""Agreement among evaluators (评价一致性 / inter-rater reliability): Kendall's W, ICC, Krippendorff's α.

A panel's combined score is only as good as the panel's agreement. Three statistics answer three
questions:

* **Kendall's W** (coefficient of concordance, 肯德尔和谐系数): do the evaluators *rank* the objects alike?
  Ranks within each evaluator (mid-ranks for ties), :math:`R_j = \\sum_i r_{ij}`,
  :math:`S = \\sum_j (R_j - \\bar R)^2`,

  .. math:: W = \\frac{12 S}{m^2 (n^3 - n) - m \\sum_i T_i}, \\qquad T_i = \\sum_g (t_g^3 - t_g)

  for *m* evaluators, *n* objects and tie groups of size :math:`t_g` within evaluator *i* (the correction
  term is dropped with ``correct_ties=False``). Test: :math:`\\chi^2 = m (n - 1) W` on *n − 1* degrees of
  freedom, which equals Friedman's tie-corrected statistic (Kendall & Babington Smith 1939; Kendall 1948,
  *Rank Correlation Methods*; Siegel & Castellan 1988, §9.4). Large-sample test.
* **Intraclass correlation** (组内相关系数): do the evaluators give the same *numbers*? The six forms of
  Shrout & Fleiss (1979), named also as McGraw & Wong (1996), from the two-way ANOVA mean squares (targets
  MSR, raters MSC, error MSE, within MSW = (SSC + SSE)/(n(k − 1))):

  ======  ==========  ==========  =====================================================
  form    S&F         M&W         formula
  ======  ==========  ==========  =====================================================
  ICC1    ICC(1,1)    ICC(1)      (MSR − MSW) / (MSR + (k − 1) MSW)       one-way random
  ICC2    ICC(2,1)    ICC(A,1)    (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE)/n)  absolute agreement
  ICC3    ICC(3,1)    ICC(C,1)    (MSR − MSE) / (MSR + (k − 1) MSE)       consistency
  ICC1k   ICC(1,k)    ICC(k)      (MSR − MSW) / MSR
  ICC2k   ICC(2,k)    ICC(A,k)    (MSR − MSE) / (MSR + (MSC − MSE)/n)
  ICC3k   ICC(3,k)    ICC(C,k)    (MSR − MSE) / MSR                       (= Cronbach's α)
  ======  ==========  ==========  =====================================================

  with F tests and F-based confidence intervals (McGraw & Wong 1996, Tables 7–8; the approximate degrees
  of freedom of ICC(A,·) from Satterthwaite, as there). *ICC(A,1)* — the single evaluator's absolute
  agreement — is the form that matters when one evaluator's points could stand for the panel's.
* **Krippendorff's α**: agreement beyond chance for any number of evaluators, missing scores and a chosen
  level of measurement (nominal, ordinal, interval, ratio), from the coincidence matrix *o*:

  .. math:: \\alpha = 1 - (n_{\\cdot\\cdot} - 1) \\frac{\\sum_{c,k} o_{ck}\\, \\delta^2_{ck}}
            {\\sum_{c,k} n_c n_k\\, \\delta^2_{ck}}

  (Krippendorff 2011, "Computing Krippendorff's alpha-reliability", Annenberg School, §A–E; 2004,
  *Content Analysis* ch. 11). Units with fewer than two scores are not pairable and drop out.

Why implemented here rather than imported: ``pingouin`` (ICC, Cronbach's α) pulls scikit-learn,
pandas-flavor and tabulate into a package that needs about 60 lines of ANOVA; ``krippendorff`` is light
but offers no per-evaluator diagnostics and its input conventions (raters × units, NaN for missing) are
what this module builds anyway. Both were used as *peers*: ``tests/evaluation/data/agreement_peers.json``
holds their results (pingouin 0.7.0, krippendorff 0.9.0) from ``make_agreement_peers.py`` beside it,
and the tests reproduce them together with the published worked examples.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.findings import Finding, Severity
from perfmethods.model.inputs import PanelScores
from perfmethods.results import Result
from perfmethods.results import json_scalar as _clean
from perfmethods.validation import check_alpha, check_option

__all__ = [
    "AgreementResult",
    "ICCResult",
    "KendallWResult",
    "ICC_FORMS",
    "ALPHA_UNDEFINED_REASON",
    "icc",
    "kendall_w",
    "krippendorff_alpha",
    "panel_agreement",
    "panel_matrix",
    "undefined_finding",
]

#: The six ICC forms: pingouin-style id → (Shrout & Fleiss name, McGraw & Wong name, description).
ICC_FORMS: dict[str, tuple[str, str, str]] = {
    "ICC1": ("ICC(1,1)", "ICC(1)", "one-way random, single evaluator"),
    "ICC2": ("ICC(2,1)", "ICC(A,1)", "two-way random, absolute agreement, single evaluator"),
    "ICC3": ("ICC(3,1)", "ICC(C,1)", "two-way mixed, consistency, single evaluator"),
    "ICC1k": ("ICC(1,k)", "ICC(k)", "one-way random, mean of k evaluators"),
    "ICC2k": ("ICC(2,k)", "ICC(A,k)", "two-way random, absolute agreement, mean of k evaluators"),
    "ICC3k": ("ICC(3,k)", "ICC(C,k)", "two-way mixed, consistency, mean of k evaluators"),
}

Level = Literal["nominal", "ordinal", "interval", "ratio"]


def _matrix(data: Any, name: str, *, allow_missing: bool) -> np.ndarray:
    try:
        x = np.array(data, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"The 'data' parameter of {name} must be a numeric matrix; got values that are not "
                         "numbers.") from None
    if x.ndim != 2:
        raise InputError(f"The 'data' parameter of {name} must be two-dimensional; got {x.ndim} dimension(s).")
    if np.isinf(x).any():
        raise InputError(f"The 'data' parameter of {name} has an infinite value.")
    if not allow_missing and np.isnan(x).any():
        raise InputError(f"The 'data' parameter of {name} has missing values; drop incomplete rows first "
                         "(or use krippendorff_alpha, which allows them).")
    return x


# -- Kendall's W --------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class KendallWResult(Result):
    """Kendall's coefficient of concordance.

    Attributes
    ----------
    w : W in [0, 1] (tie-corrected unless ``correct_ties`` is False).
    chi2, df, p_value : the large-sample test χ² = m (n − 1) W on n − 1 degrees of freedom.
    n_raters, n_objects : m and n.
    correct_ties : whether the tie correction was applied.
    rank_sums : R_j by object.
    """

    _headline_fields = ("w", "p_value", "n_raters", "n_objects")

    w: float
    chi2: float
    df: int
    p_value: float
    n_raters: int
    n_objects: int
    correct_ties: bool
    rank_sums: tuple[float, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def defined(self) -> bool:
        """Whether W is defined (it is not when every rater ties every object: no variation to rank)."""
        return math.isfinite(self.w)

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame([{"statistic": "kendall_w", "value": self.w, "chi2": self.chi2, "df": self.df,
                              "p_value": self.p_value, "n_raters": self.n_raters, "n_objects": self.n_objects,
                              "correct_ties": self.correct_ties}])

    def to_dict(self) -> dict[str, Any]:
        return {"w": _clean(self.w), "chi2": _clean(self.chi2), "df": self.df, "p_value": _clean(self.p_value),
                "n_raters": self.n_raters, "n_objects": self.n_objects, "correct_ties": self.correct_ties,
                "rank_sums": [_clean(v) for v in self.rank_sums], "defined": self.defined,
                "findings": [f.to_dict() for f in self.findings]}


def kendall_w(data: Any, *, correct_ties: bool = True) -> KendallWResult:
    """Kendall's W of *m* raters (rows) ranking *n* objects (columns).

    Parameters
    ----------
    data : m × n scores or ranks (higher score = higher rank; only the order within a row matters);
        no missing values.
    correct_ties : apply the tie correction Σ T_i (default; Kendall 1948). Without ties it changes nothing.

    Returns
    -------
    KendallWResult

    Notes
    -----
    W = 12 S / (m²(n³ − n) − m Σ T_i); χ² = m (n − 1) W, df = n − 1 (equal to Friedman's tie-corrected
    χ², ``scipy.stats.friedmanchisquare``). With W = 1 every rater gives the same order.
    """
    x = _matrix(data, "kendall_w", allow_missing=False)
    m, n = x.shape
    if m < 2 or n < 2:
        raise InputError(f"kendall_w needs at least 2 raters and 2 objects; got {m} rater(s) and {n} object(s).")
    ranks = stats.rankdata(x, axis=1)
    rsum = ranks.sum(axis=0)
    s = float(((rsum - rsum.mean()) ** 2).sum())
    ties = 0.0
    if correct_ties:
        srt = np.sort(x, axis=1)
        for row in srt:  # tie groups of each rater (m is small)
            _, counts = np.unique(row, return_counts=True)
            ties += float((counts ** 3 - counts).sum())
    denom = m * m * (n ** 3 - n) - m * ties
    if denom <= 0:
        w = math.nan
    else:
        w = 12.0 * s / denom
    chi2 = m * (n - 1) * w
    p = float(stats.chi2.sf(chi2, n - 1)) if math.isfinite(chi2) else math.nan
    found = () if math.isfinite(w) else (undefined_finding(
        "Kendall's W", "每位评价人对所有对象给出相同分数（全部并列），无法排序",
        "every rater gives every object the same score (all tied), so there is no order to compare"),)
    return KendallWResult(w=float(w), chi2=float(chi2), df=n - 1, p_value=p, n_raters=m, n_objects=n,
                          correct_ties=correct_ties, rank_sums=tuple(float(v) for v in rsum), findings=found)


# -- ICC ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class ICCResult(Result):
    """The six intraclass correlations with F tests and confidence intervals.

    Attributes
    ----------
    table : one row per form: ``form`` (ICC1 … ICC3k), ``shrout_fleiss``, ``mcgraw_wong``, ``description``,
        ``icc``, ``f``, ``df1``, ``df2``, ``p_value``, ``ci_low``, ``ci_high``.
    n_targets, n_raters : n and k.
    alpha : 1 − confidence level of the intervals.
    mean_squares : MSR, MSC, MSE, MSW.
    """

    _headline_fields = ("n_targets", "n_raters", "alpha")

    table: pd.DataFrame
    n_targets: int
    n_raters: int
    alpha: float
    mean_squares: dict[str, float]
    findings: tuple[Finding, ...] = ()

    @property
    def undefined_forms(self) -> tuple[str, ...]:
        """The forms whose ICC is undefined (NaN: no variance between or within targets to compare)."""
        return tuple(self.table.loc[~np.isfinite(self.table["icc"].to_numpy(float)), "form"])

    def __getitem__(self, form: str) -> float:
        """The ICC of one form by any of its names (``"ICC2"``, ``"ICC(2,1)"``, ``"ICC(A,1)"``)."""
        t = self.table
        hit = t[(t["form"] == form) | (t["shrout_fleiss"] == form) | (t["mcgraw_wong"] == form)]
        if hit.empty:
            raise KeyError(f"no ICC form {form!r}; forms: {list(t['form'])}")
        return float(hit["icc"].iloc[0])

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"table": [{k: _clean(v) for k, v in r.items()} for r in self.table.to_dict(orient="records")],
                "n_targets": self.n_targets, "n_raters": self.n_raters, "alpha": self.alpha,
                "mean_squares": {k: _clean(v) for k, v in self.mean_squares.items()},
                "undefined_forms": list(self.undefined_forms),
                "findings": [f.to_dict() for f in self.findings]}


def icc(data: Any, *, alpha: float = 0.05) -> ICCResult:
    """Intraclass correlations of *n* targets (rows) scored by the same *k* raters (columns).

    Parameters
    ----------
    data : n × k scores, complete (no missing values).
    alpha : 1 − confidence level of the intervals (0.05).

    Returns
    -------
    ICCResult

    Notes
    -----
    Formulas in the module docstring; intervals as McGraw & Wong (1996) Tables 7–8 (identical to
    ``pingouin.intraclass_corr`` 0.7.0 and R ``irr::icc``). Reference: Shrout & Fleiss (1979), Psychological
    Bulletin 86(2), 420–428, Tables 2 and 4 (reproduced in the tests).
    """
    x = _matrix(data, "icc", allow_missing=False)
    n, k = x.shape
    if n < 2 or k < 2:
        raise InputError(f"icc needs at least 2 targets and 2 raters; got {n} target(s) and {k} rater(s).")
    alpha = check_alpha(alpha, func="icc")
    grand = x.mean()
    ssr = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ssc = n * ((x.mean(axis=0) - grand) ** 2).sum()
    sst = ((x - grand) ** 2).sum()
    sse = sst - ssr - ssc
    msr = ssr / (n - 1)
    msc = ssc / (k - 1)
    mse = sse / ((n - 1) * (k - 1))
    msw = (ssc + sse) / (n * (k - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (msr - msw) / (msr + (k - 1) * msw)
        icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
        icc3 = (msr - mse) / (msr + (k - 1) * mse)
        icc1k = (msr - msw) / msr
        icc2k = (msr - mse) / (msr + (msc - mse) / n)
        icc3k = (msr - mse) / msr
        f1 = msr / msw
        f3 = msr / mse
    with np.errstate(divide="ignore", invalid="ignore"):
        return _icc_result(n, k, alpha, msr, msc, mse, msw, icc1, icc2, icc3, icc1k, icc2k, icc3k, f1, f3)


def _icc_result(n: int, k: int, alpha: float, msr: float, msc: float, mse: float, msw: float, icc1: float,
                icc2: float, icc3: float, icc1k: float, icc2k: float, icc3k: float, f1: float,
                f3: float) -> ICCResult:
    df1, df1kd, df2kd = n - 1, n * (k - 1), (n - 1) * (k - 1)
    q = 1 - alpha / 2
    f = stats.f.ppf
    # one-way
    f1l, f1u = f1 / f(q, df1, df1kd), f1 * f(q, df1kd, df1)
    l1, u1 = (f1l - 1) / (f1l + (k - 1)), (f1u - 1) / (f1u + (k - 1))
    # consistency
    f3l, f3u = f3 / f(q, df1, df2kd), f3 * f(q, df2kd, df1)
    l3, u3 = (f3l - 1) / (f3l + (k - 1)), (f3u - 1) / (f3u + (k - 1))
    # absolute agreement: Satterthwaite degrees of freedom
    fj = msc / mse
    vn = df2kd * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = df1 * k ** 2 * icc2 ** 2 * fj ** 2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd
    f2u, f2l = f(q, n - 1, v), f(q, v, n - 1)
    l2 = n * (msr - f2u * mse) / (f2u * (k * msc + (k * n - k - n) * mse) + n * msr)
    u2 = n * (f2l * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f2l * msr)
    rows = [
        ("ICC1", icc1, f1, df1, df1kd, l1, u1),
        ("ICC2", icc2, f3, df1, df2kd, l2, u2),
        ("ICC3", icc3, f3, df1, df2kd, l3, u3),
        ("ICC1k", icc1k, f1, df1, df1kd, 1 - 1 / f1l, 1 - 1 / f1u),
        ("ICC2k", icc2k, f3, df1, df2kd, l2 * k / (1 + l2 * (k - 1)), u2 * k / (1 + u2 * (k - 1))),
        ("ICC3k", icc3k, f3, df1, df2kd, 1 - 1 / f3l, 1 - 1 / f3u),
    ]
    table = pd.DataFrame([{
        "form": form, "shrout_fleiss": ICC_FORMS[form][0], "mcgraw_wong": ICC_FORMS[form][1],
        "description": ICC_FORMS[form][2], "icc": float(val), "f": float(fv), "df1": int(a), "df2": int(b),
        "p_value": float(stats.f.sf(fv, a, b)) if np.isfinite(fv) else math.nan,
        "ci_low": float(lo), "ci_high": float(hi),
    } for form, val, fv, a, b, lo, hi in rows])
    bad = table.loc[~np.isfinite(table["icc"].to_numpy(float)), "form"].tolist()
    found = () if not bad else (undefined_finding(
        f"ICC ({', '.join(bad)})", "各评分对象的平均分没有差异（例如每位评价人都给满分），组内相关系数的分母为 0",
        "the targets' mean scores do not differ (e.g. every evaluator gives full points), so the ICC's "
        "denominator is 0"),)
    return ICCResult(table=table, n_targets=n, n_raters=k, alpha=alpha,
                     mean_squares={"MSR": float(msr), "MSC": float(msc), "MSE": float(mse),
                                   "MSW": float(msw)},
                     findings=found)


# -- Krippendorff's alpha ------------------------------------------------------------------------------------------
def krippendorff_alpha(data: Any, *, level: Level = "interval") -> float:
    """Krippendorff's α of raters (rows) scoring units (columns); NaN marks a missing score.

    Parameters
    ----------
    data : raters × units; missing scores as NaN. Units with fewer than two scores drop out.
    level : ``"nominal"``, ``"ordinal"``, ``"interval"`` (default: points are interval data) or ``"ratio"``.

    Returns
    -------
    float
        α (1 = perfect agreement, 0 = chance; negative = systematic disagreement); NaN when there is no
        variation at all (every pairable score equal): α is then undefined, and a
        :class:`~perfmethods.errors.DataQualityWarning` says so (:func:`panel_agreement` reports it as a
        finding).

    Notes
    -----
    Coincidences :math:`o_{ck} = \\sum_u \\sum_{i \\ne j} [v_{iu} = c][v_{ju} = k] / (m_u - 1)`; distances
    nominal [c ≠ k], interval (c − k)², ratio ((c − k)/(c + k))², ordinal
    :math:`(\\sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2`. Reference: Krippendorff (2011) worked example (4 observers,
    12 units, missing data): nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797 (reproduced in the tests).
    """
    check_option(level, ("nominal", "ordinal", "interval", "ratio"), name="level", func="krippendorff_alpha")
    x = _matrix(data, "krippendorff_alpha", allow_missing=True)
    present = ~np.isnan(x)
    mu = present.sum(axis=0)
    x = x[:, mu >= 2]
    present = present[:, mu >= 2]
    mu = mu[mu >= 2]
    if x.shape[1] == 0:
        raise InputError("krippendorff_alpha needs at least one unit scored by two or more raters.")
    if level == "ratio" and (x[present] < 0).any():
        raise InputError("ratio-level Krippendorff's α needs scores >= 0.")
    values = np.unique(x[present])
    if values.size < 2:
        return _alpha_undefined()
    idx = np.searchsorted(values, np.where(present, x, values[0]))
    counts = np.zeros((x.shape[1], values.size))  # units × values
    np.add.at(counts, (np.broadcast_to(np.arange(x.shape[1]), x.shape)[present], idx[present]), 1.0)
    o = (counts.T / (mu - 1.0)) @ counts
    o -= np.diag((counts / (mu - 1.0)[:, None]).sum(axis=0))
    nc = o.sum(axis=1)
    ntot = nc.sum()
    c, kk = np.meshgrid(values, values, indexing="ij")
    if level == "nominal":
        d2 = (c != kk).astype(float)
    elif level == "interval":
        d2 = (c - kk) ** 2
    elif level == "ratio":
        with np.errstate(divide="ignore", invalid="ignore"):
            d2 = np.where(c + kk > 0, ((c - kk) / (c + kk)) ** 2, 0.0)
    else:
        cum = np.cumsum(nc)
        i, j = np.meshgrid(np.arange(values.size), np.arange(values.size), indexing="ij")
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        between = cum[hi] - np.where(lo > 0, cum[lo - 1], 0.0)
        d2 = (between - (nc[i] + nc[j]) / 2.0) ** 2
    do = (o * d2).sum()
    de = (np.outer(nc, nc) * d2).sum()
    if de <= 0:
        return _alpha_undefined()
    return float(1.0 - (ntot - 1.0) * do / de)


#: Why Krippendorff's α is undefined (zh, en).
ALPHA_UNDEFINED_REASON = ("所有可配对的分数都相同，没有差异",
                          "every pairable score is the same: there is no variation")


def _alpha_undefined() -> float:
    warnings.warn(f"Krippendorff's α is undefined: {ALPHA_UNDEFINED_REASON[1]}; NaN is returned.",
                  DataQualityWarning, stacklevel=3)
    return math.nan


def undefined_finding(statistic: str, reason_zh: str, reason_en: str) -> Finding:
    """The ``agreement_undefined`` finding: a statistic with no variance to work on is not 0 and not 1."""
    return Finding(
        code="agreement_undefined",
        severity=Severity.WARNING,
        message_zh=f"{statistic} 无法计算：{reason_zh}；一致性没有定义（既不是 0，也不是 1）。",
        message_en=f"{statistic} is undefined: {reason_en}; agreement is not defined "
        "(it is neither 0 nor 1).",
        suggestion_zh="评分全部相同时不能据此判断评价人是否一致；检查评分是否只是填了满分，必要时要求评价人给出区分。",
        suggestion_en="Identical scores say nothing about agreement; check whether full points were "
        "entered by default and ask the evaluators to differentiate if needed.",
    )


# -- a panel's agreement ---------------------------------------------------------------------------------------------
def panel_matrix(panel: PanelScores, points: Mapping[str, float] | pd.Series | None = None) -> pd.DataFrame:
    """Evaluators (rows) × indicators (columns) of scores, as shares of the indicator's points when given.

    Parameters
    ----------
    panel : the evaluators' scores.
    points : the points of each indicator by id; ``None`` keeps the raw scores.

    Missing cells (an evaluator who did not score an indicator) are NaN.
    """
    if not isinstance(panel, PanelScores):
        raise InputError(f"The 'panel' parameter must be a PanelScores; got {type(panel).__name__} instead.")
    data = panel.data
    wide = data.pivot(index="evaluator", columns="indicator_id", values="score")
    wide = wide.reindex(index=list(dict.fromkeys(data["evaluator"])), columns=list(dict.fromkeys(data["indicator_id"])))
    if points is not None:
        pts = pd.Series(dict(points), dtype=float)
        pts.index = pts.index.astype(str)
        unknown = sorted(set(wide.columns) - set(pts.index))
        if unknown:
            raise InputError(f"the evaluator scores name indicators {unknown} that have no points",
                             location={"file": panel.source or None})
        p = pts.reindex(wide.columns)
        if (p <= 0).any():
            raise InputError(f"indicators {list(p[p <= 0].index)} have zero points; their scores cannot be shares")
        wide = wide / p
    wide.columns.name = None
    return wide


@dataclass(frozen=True, repr=False)
class AgreementResult(Result):
    """Agreement of an evaluator panel.

    Attributes
    ----------
    table : one row per statistic: ``statistic`` (kendall_w, ICC1 … ICC3k, krippendorff_alpha), ``label``
        (Shrout–Fleiss / McGraw–Wong name), ``value``, ``ci_low``, ``ci_high``, ``p_value``, ``n_objects``,
        ``n_raters``.
    kendall : Kendall's W (evaluators scoring every indicator; ``None`` when fewer than 2 or n < 2).
    icc : the ICC table on the same complete block (``None`` likewise).
    alpha : Krippendorff's α (interval) on all scores, missing allowed.
    findings : ``agreement_undefined`` for each statistic that is undefined (NaN in ``table``, ``None`` in
        :meth:`to_dict`) because the scores do not vary, e.g. every evaluator gives full points.
    dropped_evaluators : evaluators left out of W and ICC because they did not score every indicator.
    """

    _headline_fields = ("alpha",)

    table: pd.DataFrame
    kendall: KendallWResult | None
    icc: ICCResult | None
    alpha: float
    dropped_evaluators: tuple[str, ...]
    findings: tuple[Finding, ...] = ()

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"table": [{k: _clean(v) for k, v in r.items()} for r in self.table.to_dict(orient="records")],
                "kendall": None if self.kendall is None else self.kendall.to_dict(),
                "icc": None if self.icc is None else self.icc.to_dict(), "alpha": _clean(self.alpha),
                "dropped_evaluators": list(self.dropped_evaluators),
                "findings": [f.to_dict() for f in self.findings]}


def panel_agreement(
    panel: PanelScores,
    points: Mapping[str, float] | pd.Series | None = None,
    *,
    level: Level = "interval",
    alpha: float = 0.05,
) -> AgreementResult:
    """Kendall's W, the ICC forms and Krippendorff's α of a panel, indicators as the objects scored.

    Scores are taken as shares of each indicator's points when ``points`` is given (indicators worth 10 and
    30 points are then comparable). W and the ICC need every evaluator to score every indicator: evaluators
    with gaps are left out of them (and listed); Krippendorff's α uses all scores.

    Parameters
    ----------
    panel : the evaluators' scores (:class:`~perfmethods.model.inputs.PanelScores`).
    points : the points of each indicator by id (scores become shares), or ``None`` for raw scores.
    level : level of measurement for Krippendorff's α (``"interval"``).
    alpha : 1 − confidence level of the ICC intervals (0.05).
    """
    wide = panel_matrix(panel, points)
    complete = wide.dropna(axis=0, how="any")
    dropped = tuple(str(e) for e in wide.index.difference(complete.index, sort=False))
    rows: list[dict[str, Any]] = []
    kw = ic = None
    if complete.shape[0] >= 2 and complete.shape[1] >= 2:
        kw = kendall_w(complete.to_numpy())
        rows.append({"statistic": "kendall_w", "label": "Kendall's W", "value": kw.w, "ci_low": math.nan,
                     "ci_high": math.nan, "p_value": kw.p_value, "n_objects": kw.n_objects, "n_raters": kw.n_raters})
        ic = icc(complete.to_numpy().T, alpha=alpha)
        for r in ic.table.to_dict(orient="records"):
            rows.append({"statistic": r["form"], "label": f"{r['shrout_fleiss']} / {r['mcgraw_wong']}",
                         "value": r["icc"], "ci_low": r["ci_low"], "ci_high": r["ci_high"], "p_value": r["p_value"],
                         "n_objects": ic.n_targets, "n_raters": ic.n_raters})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # reported below as a finding
        ka = krippendorff_alpha(wide.to_numpy(), level=level)
    found = (*(() if kw is None else kw.findings), *(() if ic is None else ic.findings))
    if not math.isfinite(ka):
        found = (*found, undefined_finding(f"Krippendorff's α ({level})", *ALPHA_UNDEFINED_REASON))
    rows.append({"statistic": "krippendorff_alpha", "label": f"Krippendorff's α ({level})", "value": ka,
                 "ci_low": math.nan, "ci_high": math.nan, "p_value": math.nan,
                 "n_objects": int((wide.notna().sum(axis=0) >= 2).sum()), "n_raters": int(wide.shape[0])})
    return AgreementResult(table=pd.DataFrame(rows), kendall=kw, icc=ic, alpha=ka, dropped_evaluators=dropped,
                           findings=found)

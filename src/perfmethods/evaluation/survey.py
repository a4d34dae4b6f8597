"""Satisfaction surveys (满意度调查): Likert scores, satisfaction rate, sample size.

No central rule fixes the questionnaire or the sample (财预〔2020〕10号 only names 公众评判法, "通过专家评估、
公众问卷及抽样调查等方式进行评判"); the methods here are common practice, each with the published page it is
taken from (provenance verified as *non-official* practice):

* **Likert scoring**: 很满意 100 / 满意 80 / 基本满意 60 / 不太满意 30 / 不满意 0; the item score
  :math:`S_j` is the mean over valid answers and the overall score :math:`S = \\sum_j \\lambda_j S_j`
  (equal item weights by default).
* **Satisfaction rate** (满意率) = (很满意 + 满意) / valid answers, with a Wilson score interval.
* **Sample size**: :math:`n_0 = z^2 p (1 - p) / e^2` (384.15 at 95 %, e = 5 %, p = 0.5) with the
  finite-population correction :math:`n = n_0 / (1 + (n_0 - 1)/N)`, rounded up by default (385; 323 for
  N = 2,000) so the sample meets the margin.
* **Internal consistency** (内部一致性信度): Cronbach's α of the items,
  :math:`\\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_j s_j^2}{s_X^2}\\right)` with the Feldt (1965)
  interval :math:`1 - (1-\\hat\\alpha) F_{1-a/2}` … :math:`1 - (1-\\hat\\alpha) F_{a/2}` on
  (n − 1, (n − 1)(k − 1)) degrees of freedom (Cronbach 1951, Psychometrika 16, 297–334; Feldt 1965,
  Psychometrika 30, 357–370). It equals ICC(C,k) of respondents × items (McGraw & Wong 1996).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from perfmethods.errors import InputError
from perfmethods.findings import Finding, Severity
from perfmethods.i18n import translator
from perfmethods.model.inputs import RESPONDENT, SurveyResponses
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result
from perfmethods.results import json_scalar as _clean
from perfmethods.validation import check_alpha, check_language, check_number, check_option, shown_value

__all__ = [
    "CronbachAlpha",
    "cronbach_alpha",
    "LIKERT_ALIASES",
    "LIKERT_SCALE",
    "SATISFIED_LABELS",
    "SurveyResult",
    "required_sample_size",
    "score_survey",
]

#: Default Likert map, best first.
LIKERT_SCALE: Rule[tuple[tuple[str, float], ...]] = Rule(
    (("很满意", 100.0), ("满意", 80.0), ("基本满意", 60.0), ("不太满意", 30.0), ("不满意", 0.0)),
    Provenance.VERIFIED,
    "common practice: https://zaojiaoba.cn/zuoye/4589199.html, https://m.31doc.com/p-9497871.html",
    note="non-official practice; no central rule on questionnaire format was found",
)

#: Other spellings of the five default answers (English labels are matched case-insensitively).
#: 非常满意 is the spelling of the top answer in the 满意率 formula (https://www.mzzpw.net/shubk/202507/265005.html).
#: Five-point scales worded differently
#: (比较满意 / 一般 / 非常不满意 …) are deliberately not mapped: in such a scale 不满意 may be the
#: fourth answer, not the fifth; pass the scale explicitly.
LIKERT_ALIASES: dict[str, str] = {
    "非常满意": "很满意",
    "very satisfied": "很满意",
    "satisfied": "满意",
    "fairly satisfied": "基本满意",
    "dissatisfied": "不太满意",
    "very dissatisfied": "不满意",
}

#: Answers counted as satisfied in the satisfaction rate (满意率 = (非常满意 + 满意) / 有效问卷).
SATISFIED_LABELS: Rule[tuple[str, ...]] = Rule(
    ("很满意", "满意"),
    Provenance.VERIFIED,
    "https://www.mzzpw.net/shubk/202507/265005.html",
    note="non-official practice",
)

_SAMPLE_SOURCE = "https://www.jiaxicaishui.com/shuiwu/267621.html, non-official practice"


def required_sample_size(
    population: int | None = None,
    *,
    confidence: float = 0.95,
    margin: float = 0.05,
    p: float = 0.5,
    rounding: Literal["nearest", "up"] = "up",
) -> int:
    """Sample size needed to estimate a proportion within ``margin``.

    .. math:: n_0 = \\frac{z^2 p (1-p)}{e^2}, \\qquad n = \\frac{n_0}{1 + (n_0 - 1)/N}

    with :math:`z` the two-sided normal quantile of ``confidence`` and :math:`N` the population (the
    correction is skipped when ``population`` is ``None``).

    Parameters
    ----------
    population : size N of the surveyed population, or ``None`` (infinite).
    confidence : confidence level (0.95).
    margin : margin of error e (0.05 = ±5 points).
    p : anticipated proportion (0.5, the most conservative).
    rounding : ``"up"`` (default) rounds up, the smallest whole sample that meets the margin (385 at
        95 %, e = 5 %, p = 0.5, from n₀ = 384.15; 323 for N = 2,000, from n = 322.6); ``"nearest"``
        reproduces the figure practice often quotes (384; 322), a sample that misses ±``margin``
        slightly.

    Returns
    -------
    int
        The required sample size, rounded as ``rounding`` says (up by default), at least 1 and at most
        ``population``.

    Source: https://www.jiaxicaishui.com/shuiwu/267621.html (verified as non-official practice).
    """
    for name, value in (("confidence", confidence), ("margin", margin), ("p", p)):
        check_number(value, name=name, func="required_sample_size", low=0, high=1, closed="neither")
    check_option(rounding, ("nearest", "up"), name="rounding", func="required_sample_size")
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    n = z * z * p * (1 - p) / (margin * margin)
    if population is not None:
        if isinstance(population, bool) or int(population) != population or population < 1:
            raise InputError(
                f"The 'population' parameter of required_sample_size must be an int >= 1; got "
                f"{shown_value(population)} instead."
            )
        n = n / (1 + (n - 1) / int(population))
    n = round(n, 9)
    out = math.ceil(n) if rounding == "up" else math.floor(n + 0.5)
    return max(1, out if population is None else min(out, int(population)))


def _t_interval(mean: float, sd: float, n: int, alpha: float) -> tuple[float, float]:
    if n < 2 or not np.isfinite(sd):
        return (math.nan, math.nan)
    half = stats.t.ppf(1 - alpha / 2, n - 1) * sd / math.sqrt(n)
    return (mean - half, mean + half)


def _wilson(count: int, nobs: int, alpha: float) -> tuple[float, float]:
    if nobs == 0:
        return (math.nan, math.nan)
    lo, hi = proportion_confint(count, nobs, alpha=alpha, method="wilson")
    return (float(lo), float(hi))


@dataclass(frozen=True, repr=False)
class SurveyResult(Result):
    """Scored satisfaction survey.

    Attributes
    ----------
    items : one row per item: ``item``, ``weight``, ``n_valid``, ``mean``, ``sd``, ``ci_low``, ``ci_high``,
        ``n_satisfied``, ``satisfaction_rate``, ``rate_ci_low``, ``rate_ci_high``.
    counts : answers by item (rows) and label (columns, best first).
    overall_score : :math:`S = \\sum_j \\lambda_j S_j` on 0–100.
    overall_ci : t interval of the overall score (from respondents' weighted mean scores).
    satisfaction_rate : satisfied answers / valid answers, pooled over items.
    rate_ci : interval of ``satisfaction_rate``: Wilson for a one-item survey; for several items a
        cluster-robust (ratio-estimator) interval over respondents, since one respondent's answers are correlated.
    n_respondents : respondents with at least one valid answer.
    required_n : the sample size needed (:func:`required_sample_size`; rounded up unless ``sample_rounding``
        is ``"nearest"``).
    population : the surveyed population N, or ``None``.
    alpha, margin : the interval level (1 − confidence) and the margin of error used for ``required_n``.
    scale : the Likert map used.
    findings : e.g. ``survey_sample_small`` when ``n_respondents < required_n``.
    """

    _headline_fields = ("overall_score", "satisfaction_rate", "n_respondents", "required_n", "margin")

    items: pd.DataFrame
    counts: pd.DataFrame
    overall_score: float
    overall_ci: tuple[float, float]
    satisfaction_rate: float
    rate_ci: tuple[float, float]
    n_respondents: int
    required_n: int
    population: int | None
    alpha: float
    margin: float
    scale: tuple[tuple[str, float], ...]
    findings: tuple[Finding, ...]
    reliability: CronbachAlpha | None = None

    def summary(self) -> pd.DataFrame:
        """The item table with an ``overall`` row appended."""
        overall = pd.DataFrame(
            [
                {
                    "item": "overall",
                    "weight": float(self.items["weight"].sum()),
                    "n_valid": int(self.items["n_valid"].sum()),
                    "mean": self.overall_score,
                    "sd": math.nan,
                    "ci_low": self.overall_ci[0],
                    "ci_high": self.overall_ci[1],
                    "n_satisfied": int(self.items["n_satisfied"].sum()),
                    "satisfaction_rate": self.satisfaction_rate,
                    "rate_ci_low": self.rate_ci[0],
                    "rate_ci_high": self.rate_ci[1],
                }
            ]
        )
        return pd.concat([self.items, overall], ignore_index=True)

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """100 % stacked bars of the answers to each item, best answer first (fonts set by the reporting module)."""
        import matplotlib.pyplot as plt
        import seaborn as sns
        from matplotlib.ticker import PercentFormatter

        check_language(language, func="plot")
        tr = translator(language, "plot.evaluation.survey.")
        counts = self.counts.astype(float)
        shares = counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.45 * len(shares) + 1.6))
        colours = sns.color_palette("RdYlGn_r", n_colors=len(shares.columns))
        left = np.zeros(len(shares))
        y = np.arange(len(shares))
        for colour, label in zip(colours, shares.columns, strict=True):
            width = shares[label].to_numpy()
            ax.barh(y, width, left=left, color=colour, label=str(label))
            left += width
        ax.set_yticks(y, [str(i) for i in shares.index])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlim(0, 1)
        ax.set_title(tr("title"))
        ax.set_xlabel(tr("x"))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=len(shares.columns), fontsize="small",
                  frameon=False)
        sns.despine(ax=ax, left=True)
        return ax

    def to_dict(self) -> dict[str, Any]:
        items = [{k: _clean(v) for k, v in row.items()} for row in self.items.to_dict(orient="records")]
        counts = {
            str(item): {str(k): int(v) for k, v in row.items()}
            for item, row in self.counts.to_dict(orient="index").items()
        }
        return {
            "items": items,
            "counts": counts,
            "overall_score": _clean(self.overall_score),
            "overall_ci": [_clean(v) for v in self.overall_ci],
            "satisfaction_rate": _clean(self.satisfaction_rate),
            "rate_ci": [_clean(v) for v in self.rate_ci],
            "n_respondents": self.n_respondents,
            "required_n": self.required_n,
            "population": self.population,
            "alpha": self.alpha,
            "margin": self.margin,
            "scale": [[k, v] for k, v in self.scale],
            "findings": [f.to_dict() for f in self.findings],
            "reliability": None if self.reliability is None else self.reliability.to_dict(),
        }


@dataclass(frozen=True, repr=False)
class CronbachAlpha(Result):
    """Cronbach's α of a multi-item scale.

    Attributes
    ----------
    alpha : α.
    ci : Feldt interval at level 1 − ``level_alpha``.
    n : respondents answering every item (listwise).
    k : items.
    items : one row per item: ``item``, ``mean``, ``sd``, ``item_total_r`` (corrected item–total correlation),
        ``alpha_if_deleted``.
    level_alpha : 1 − confidence level of the interval.
    """

    _headline_fields = ("alpha", "n", "k")

    alpha: float
    ci: tuple[float, float]
    n: int
    k: int
    items: pd.DataFrame
    level_alpha: float = 0.05

    def summary(self) -> pd.DataFrame:
        return self.items.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"alpha": _clean(self.alpha), "ci": [_clean(v) for v in self.ci], "n": self.n, "k": self.k,
                "level_alpha": self.level_alpha,
                "items": [{k: _clean(v) for k, v in r.items()} for r in self.items.to_dict(orient="records")]}


def _alpha_of(x: np.ndarray) -> float:
    k = x.shape[1]
    total = x.sum(axis=1).var(ddof=1)
    if k < 2 or total <= 0:
        return math.nan
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total))


def cronbach_alpha(data: pd.DataFrame | np.ndarray, *, alpha: float = 0.05) -> CronbachAlpha:
    """Cronbach's α of respondents (rows) × items (columns) of numeric scores.

    Respondents with a missing answer are left out (listwise). Returns α with its Feldt interval and, per
    item, the corrected item–total correlation and α if the item were deleted.

    Parameters
    ----------
    data : respondents × items of numeric scores (e.g. the Likert scores 0–100).
    alpha : 1 − confidence level of the Feldt interval (0.05).

    Raises
    ------
    InputError : fewer than 2 items or 2 complete respondents, or non-numeric scores.

    References: Cronbach (1951); Feldt (1965); reproduces Shrout & Fleiss (1979) Table 4 ICC(3,4) = .91 on
    their Table 2 (α equals ICC(C,k)) and ``pingouin.cronbach_alpha`` 0.7.0.
    """
    frame = pd.DataFrame(data).copy()
    try:
        frame = frame.apply(pd.to_numeric, errors="raise").astype(float)
    except (TypeError, ValueError):
        raise InputError("The 'data' parameter of cronbach_alpha must hold numeric scores.") from None
    alpha = check_alpha(alpha, func="cronbach_alpha")
    x = frame.dropna(axis=0, how="any").to_numpy()
    n, k = x.shape
    if k < 2 or n < 2:
        raise InputError(f"cronbach_alpha needs at least 2 items and 2 complete respondents; got {k} item(s) and "
                         f"{n} complete respondent(s).")
    a = _alpha_of(x)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lo = 1 - (1 - a) * stats.f.ppf(1 - alpha / 2, df1, df2)
    hi = 1 - (1 - a) * stats.f.ppf(alpha / 2, df1, df2)
    total = x.sum(axis=1)
    rows = []
    for j, name in enumerate(frame.columns):  # one row per item
        rest = total - x[:, j]
        sd = float(x[:, j].std(ddof=1))
        r = float(np.corrcoef(x[:, j], rest)[0, 1]) if sd > 0 and rest.std() > 0 else math.nan
        rows.append({"item": str(name), "mean": float(x[:, j].mean()), "sd": sd, "item_total_r": r,
                     "alpha_if_deleted": _alpha_of(np.delete(x, j, axis=1)) if k > 2 else math.nan})
    return CronbachAlpha(alpha=a, ci=(float(lo), float(hi)), n=n, k=k, items=pd.DataFrame(rows), level_alpha=alpha)


def _normalise_scale(
    scale: Mapping[str, float] | Sequence[tuple[str, float]] | Rule | None,
) -> tuple[tuple[str, float], ...]:
    if scale is None:
        scale = LIKERT_SCALE
    if isinstance(scale, Rule):
        scale = scale.value
    pairs = list(scale.items()) if isinstance(scale, Mapping) else list(scale)
    try:
        out = tuple((str(k).strip(), float(v)) for k, v in pairs)
    except (TypeError, ValueError):
        raise InputError(
            f"The 'scale' parameter of score_survey must map answer labels to scores; got {scale!r} instead."
        ) from None
    if not out or any(not (math.isfinite(v) and 0 <= v <= 100) for _, v in out):
        raise InputError(
            f"The 'scale' parameter of score_survey must give each label a score in [0, 100]; got "
            f"{scale!r} instead."
        )
    if len({k for k, _ in out}) != len(out):
        raise InputError(f"The 'scale' parameter of score_survey has a label twice; got {scale!r} instead.")
    return out


def _duplicate_rows(survey: SurveyResponses) -> list[Finding]:
    """``survey_duplicate_rows`` when a table without a respondent id has rows that repeat an earlier row
    exactly (every column): they may be one questionnaire entered twice (a table with ids refuses them)."""
    if RESPONDENT in survey.data.columns:
        return []
    dup = survey.data.duplicated(keep="first").to_numpy()
    if not dup.any():
        return []
    rows = [int(k) + 2 for k in np.flatnonzero(dup)]
    shown = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    return [Finding(
        code="survey_duplicate_rows",
        severity=Severity.WARNING,
        message_zh=f"满意度调查表没有受访者编号列，其中 {len(rows)} 行与前面某行完全相同（第 {shown} 行）；"
        f"若为重复录入，有效样本 {survey.n} 份被高估。",
        message_en=f"The survey table has no respondent id column and {len(rows)} rows repeat an earlier row "
        f"exactly (rows {shown}); if they were entered twice, the {survey.n} responses overstate the sample.",
        suggestion_zh="增加受访者编号列（受访者编号 / 问卷编号），或删除重复录入的行。",
        suggestion_en="Add a respondent id column (受访者编号 / respondent) or remove the rows entered twice.",
    )]


def score_survey(
    survey: SurveyResponses,
    *,
    scale: Mapping[str, float] | Sequence[tuple[str, float]] | None = None,
    item_weights: Mapping[str, float] | None = None,
    alpha: float = 0.05,
    margin: float = 0.05,
    p: float = 0.5,
    satisfied: Sequence[str] | None = None,
    sample_rounding: Literal["nearest", "up"] = "up",
) -> SurveyResult:
    """Score a satisfaction survey.

    Parameters
    ----------
    survey : the answers (:class:`~perfmethods.model.inputs.SurveyResponses`), one row per respondent.
    scale : answer label → score; default :data:`LIKERT_SCALE` (很满意 100 / 满意 80 / 基本满意 60 /
        不太满意 30 / 不满意 0). The English labels (very satisfied / satisfied / fairly satisfied /
        dissatisfied / very dissatisfied) and :data:`LIKERT_ALIASES` map onto the default labels.
    item_weights : λ_j by item (normalised); equal weights when ``None``.
    alpha : 1 − confidence of the intervals (0.05); also sets the confidence of ``required_n``.
    margin, p : margin of error and anticipated proportion for the required sample size.
    satisfied : labels counted as satisfied (default 很满意, 满意).
    sample_rounding : rounding of the required sample size: ``"up"`` (default, 385 at 95 %, ±5 %) or
        ``"nearest"`` (384); see :func:`required_sample_size`.

    Returns
    -------
    SurveyResult

    Raises
    ------
    InputError : an answer that is not a label of the scale (the message names the row and the item).

    Notes
    -----
    The item score is the mean of the valid answers' scores with a t interval
    :math:`\\bar x \\pm t_{1-\\alpha/2, n-1} s/\\sqrt n`. The overall interval uses each respondent's
    weighted mean over the items they answered; with no item non-response its centre equals
    :math:`\\sum_j \\lambda_j S_j`. The pooled satisfaction rate treats answers as independent (answers of
    one respondent are correlated, so the Wilson interval is somewhat narrow when there are many items).
    Sources (common practice, non-official): Likert scoring https://zaojiaoba.cn/zuoye/4589199.html and
    https://m.31doc.com/p-9497871.html; 满意率 https://www.mzzpw.net/shubk/202507/265005.html.
    """
    if not isinstance(survey, SurveyResponses):
        raise InputError(
            f"The 'survey' parameter of score_survey must be a SurveyResponses; got "
            f"{type(survey).__name__} instead."
        )
    alpha = check_alpha(alpha, func="score_survey")
    pairs = _normalise_scale(scale)
    score_of = dict(pairs)
    labels = [k for k, _ in pairs]
    lookup = {k: k for k in labels} | {k.lower(): k for k in labels}
    for alias, target in LIKERT_ALIASES.items():
        if target in score_of:
            lookup.setdefault(alias, target)
    satisfied_labels = tuple(SATISFIED_LABELS.value if satisfied is None else satisfied)
    missing_sat = [s for s in satisfied_labels if s not in score_of]
    if missing_sat:
        raise InputError(f"The 'satisfied' labels {missing_sat} are not labels of the scale {labels}.")
    items = list(survey.items)
    weights = (
        pd.Series(1.0, index=items)
        if item_weights is None
        else pd.Series({str(k): float(v) for k, v in item_weights.items()})
    )
    if sorted(weights.index) != sorted(items) or (weights < 0).any() or weights.sum() <= 0:
        raise InputError(
            f"The 'item_weights' parameter of score_survey must give every item {items} a weight >= 0, "
            f"not all zero; got {dict(item_weights or {})} instead."
        )
    weights = weights.reindex(items) / weights.sum()

    raw = survey.data[items].astype(object)
    text = raw.where(raw.notna(), "").astype(str).apply(lambda col: col.str.strip())
    empty = text.eq("") | text.apply(lambda col: col.str.lower()).isin(["nan", "none"])
    canon = text.apply(lambda col: col.map(lookup).fillna(col.str.lower().map(lookup)))
    unknown = ~empty & canon.isna()
    if unknown.to_numpy().any():
        r, c = np.argwhere(unknown.to_numpy())[0]
        raise InputError(
            f"unknown answer {text.iat[r, c]!r} for item {items[c]!r} (respondent {r + 1}); expected one of {labels} "
            "(or very satisfied / satisfied / fairly satisfied / dissatisfied / very dissatisfied)",
            location={"file": survey.source or None, "row": int(r) + 2, "column": items[c]},
        )
    scores = canon.apply(lambda col: col.map(score_of)).astype(float)

    rows = []
    for item in items:  # one row per survey item
        col = scores[item].dropna()
        n = int(col.size)
        mean = float(col.mean()) if n else math.nan
        sd = float(col.std(ddof=1)) if n > 1 else math.nan
        lo, hi = _t_interval(mean, sd, n, alpha)
        n_sat = int(canon[item].isin(satisfied_labels).sum())
        rlo, rhi = _wilson(n_sat, n, alpha)
        rows.append(
            {
                "item": item,
                "weight": float(weights[item]),
                "n_valid": n,
                "mean": mean,
                "sd": sd,
                "ci_low": lo,
                "ci_high": hi,
                "n_satisfied": n_sat,
                "satisfaction_rate": n_sat / n if n else math.nan,
                "rate_ci_low": rlo,
                "rate_ci_high": rhi,
            }
        )
    table = pd.DataFrame(rows)
    answered = table["n_valid"] > 0
    if not answered.any():
        raise InputError("the survey has no valid answers", location={"file": survey.source or None})
    w_ans = table.loc[answered, "weight"]
    overall = float((w_ans * table.loc[answered, "mean"]).sum() / w_ans.sum())

    mask = scores.notna()
    w_row = mask.mul(weights, axis=1)
    resp = (scores.fillna(0.0).mul(weights, axis=1).sum(axis=1) / w_row.sum(axis=1)).where(
        w_row.sum(axis=1) > 0
    )
    resp = resp.dropna()
    n_resp = int(resp.size)
    sd_resp = float(resp.std(ddof=1)) if n_resp > 1 else math.nan
    overall_ci = _t_interval(overall, sd_resp, n_resp, alpha)

    n_valid = int(table["n_valid"].sum())
    n_sat = int(table["n_satisfied"].sum())
    rate = n_sat / n_valid
    if len(items) == 1:
        rate_ci = _wilson(n_sat, n_valid, alpha)
    else:
        # Answers of one respondent are correlated (items hang together: Cronbach's α), so the pooled rate
        # is a ratio estimator over respondents (clusters): r = Σ s_i / Σ m_i with s_i satisfied and m_i
        # valid answers of respondent i. Linearised variance (Cochran 1977, §6.4; the usual cluster-robust
        # variance of a proportion): v = n/(n−1) · Σ (s_i − r m_i)² / (Σ m_i)².
        sat_i = canon.isin(satisfied_labels).sum(axis=1).to_numpy(dtype=float)
        m_i = mask.sum(axis=1).to_numpy(dtype=float)
        keep = m_i > 0
        sat_i, m_i = sat_i[keep], m_i[keep]
        n_clusters = int(keep.sum())
        if n_clusters > 1:
            var = n_clusters / (n_clusters - 1) * float(((sat_i - rate * m_i) ** 2).sum()) / float(m_i.sum()) ** 2
            half = float(stats.norm.ppf(1 - alpha / 2)) * math.sqrt(var)
            rate_ci = (max(0.0, rate - half), min(1.0, rate + half))
        else:
            rate_ci = (math.nan, math.nan)

    counts = pd.DataFrame({label: canon.eq(label).sum(axis=0) for label in labels}).reindex(items).astype(int)

    required = required_sample_size(
        survey.population, confidence=1 - alpha, margin=margin, p=p, rounding=sample_rounding
    )
    findings: list[Finding] = []
    if n_resp < required:
        pop = f"，总体 {survey.population}" if survey.population is not None else ""
        pop_en = f", population {survey.population}" if survey.population is not None else ""
        findings.append(
            Finding(
                code="survey_sample_small",
                severity=Severity.WARNING,
                message_zh=f"满意度调查有效样本 {n_resp} 份，少于所需样本量 {required} 份（置信水平 {1 - alpha:.0%}，"
                f"误差 ±{margin:.0%}{pop}）；满意度结果的误差大于设定范围。",
                message_en=f"The satisfaction survey has {n_resp} valid responses, fewer than the {required} required "
                f"({1 - alpha:.0%} confidence, ±{margin:.0%} margin{pop_en}); the satisfaction results are "
                "less precise than intended.",
                suggestion_zh="扩大样本或在报告中说明抽样误差；满意率请同时报告置信区间。",
                suggestion_en="Enlarge the sample or state the sampling error in the report; give the satisfaction "
                "rate with its confidence interval.",
            )
        )
    findings.extend(_duplicate_rows(survey))
    reliability = None
    complete = scores.dropna(axis=0, how="any")
    if len(items) >= 2 and len(complete) >= 2 and complete.sum(axis=1).var(ddof=1) > 0:
        reliability = cronbach_alpha(complete, alpha=alpha)
    return SurveyResult(
        items=table,
        counts=counts,
        overall_score=overall,
        overall_ci=overall_ci,
        satisfaction_rate=rate,
        rate_ci=rate_ci,
        n_respondents=n_resp,
        required_n=required,
        population=survey.population,
        alpha=alpha,
        margin=margin,
        scale=pairs,
        findings=tuple(findings),
        reliability=reliability,
    )

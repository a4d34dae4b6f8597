"""Evaluator panels (评价组 / 多元评价主体): several evaluators' scores combined by group.

Finance and department evaluations (财预〔2020〕10号) are scored by a panel — 财政部门, 主管部门, experts,
the public — and 10号's 公众评判法 ("通过专家评估、公众问卷及抽样调查等方式进行评判"; wording not checked
against the document's text, the same definition is verbatim in older local rules, e.g.
http://www.fsou.net/html/text/lar/172769/17276995_4.html) relies on several judges. This module combines
the scores and flags evaluators far from the panel; agreement statistics (inter-rater reliability) are in
:mod:`perfmethods.evaluation.agreement`.

For indicator *i*, with groups *g* present and evaluators *e* in each group:

.. math::
    \\bar s_{ig} = \\frac{1}{n_{ig}} \\sum_{e \\in g} s_{ie}, \\qquad
    S_i = \\frac{\\sum_g \\omega_g \\bar s_{ig}}{\\sum_g \\omega_g}

where the group weights ω are those of :class:`~perfmethods.model.inputs.PanelScores` (equal when
not given), renormalised over the groups that scored the indicator. Group means rather than a pooled
mean keep a large group (the public) from outweighing a small one (experts) by head count. The
weights themselves are the evaluation's design, not a rule of 10号 (none found).

Evaluators far from the panel (:func:`flag_evaluators`)
--------------------------------------------------------
Each evaluator's score shares :math:`s_{ei} = \\text{score}_{ei} / \\text{points}_i` are compared with the
mean share of *the other* evaluators on the same indicator (leave-one-out, so the evaluator does not pull
the reference towards themself): :math:`d_{ei} = s_{ei} - \\bar s_{-e,i}`. Per evaluator:
bias :math:`\\bar d_e` (systematically high or low), mean absolute deviation :math:`\\overline{|d_e|}`,
Spearman correlation of :math:`s_{e\\cdot}` with :math:`\\bar s_{-e,\\cdot}` (does the evaluator order the
indicators as the panel does), and Krippendorff's α (interval) of the panel without the evaluator. An
evaluator is flagged when the mean absolute deviation exceeds ``max_deviation`` (default 0.20 of the
points) or the correlation is below ``min_correlation`` (default 0: an order opposite to the panel's).
Both defaults are package conventions (no rule found); change them to the evaluation's design.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.findings import Finding, Severity
from perfmethods.i18n import translator
from perfmethods.model.inputs import PanelScores
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result
from perfmethods.results import json_records as _records
from perfmethods.validation import check_language

__all__ = ["EVALUATOR_FLAG_RULES", "EvaluatorFlags", "PanelResult", "combine_panel", "flag_evaluators"]

#: Defaults of :func:`flag_evaluators` (package conventions; no official rule was found).
EVALUATOR_FLAG_RULES: dict[str, Rule[float]] = {
    "max_deviation": Rule(0.20, Provenance.UNVERIFIED, "perfmethods default",
                          note="mean absolute deviation from the other evaluators, as a share of the points"),
    "min_correlation": Rule(0.0, Provenance.UNVERIFIED, "perfmethods default",
                            note="Spearman correlation with the other evaluators' mean below this flags"),
}


@dataclass(frozen=True, repr=False)
class PanelResult(Result):
    """Combined panel scores.

    Attributes
    ----------
    scores : one row per indicator: ``indicator_id``, ``points`` (available), ``n_evaluators``,
        ``n_groups``, ``combined`` (awarded points), ``share`` (combined / points), ``min``, ``max``.
    groups : one row per (indicator, group): ``indicator_id``, ``group``, ``n_evaluators``, ``mean``,
        ``sd`` (NaN for one evaluator), ``weight`` (the group's weight), ``weight_used`` (renormalised
        over the groups present for the indicator).
    data : the evaluators' scores (long format, as validated).
    group_weights : the group weights used (equal weights when none were given).
    """

    scores: pd.DataFrame
    groups: pd.DataFrame
    data: pd.DataFrame
    group_weights: dict[str, float]

    @property
    def combined(self) -> pd.Series:
        """Combined score by indicator id."""
        return self.scores.set_index("indicator_id")["combined"]

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per (indicator, group) with the group's mean, its weight, and the combined score."""
        return self.groups.merge(
            self.scores[["indicator_id", "points", "combined"]], on="indicator_id", how="left"
        )

    def summary(self) -> pd.DataFrame:
        """One row per indicator (the ``scores`` table)."""
        return self.scores.copy()

    def group_totals(self) -> pd.DataFrame:
        """Each group's total over the indicators it scored, beside the combined total on the same indicators.

        Columns: ``group``, ``n_indicators``, ``points`` (available on those indicators), ``score`` (the
        group's mean scores summed), ``share`` (score / points), ``combined`` (the combined scores summed
        on the same indicators), ``difference`` (score − combined).
        """
        g = self.groups.merge(self.scores[["indicator_id", "points", "combined"]], on="indicator_id")
        out = (g.groupby("group", sort=False)
               .agg(n_indicators=("indicator_id", "size"), points=("points", "sum"), score=("mean", "sum"),
                    combined=("combined", "sum"))
               .reset_index())
        out["share"] = out["score"] / out["points"]
        out["difference"] = out["score"] - out["combined"]
        return out[["group", "n_indicators", "points", "score", "share", "combined", "difference"]]

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Score rate (score / points) of each evaluator group by indicator, with the combined rate marked.

        Fonts are set by :mod:`perfmethods.reporting`. Returns the Axes.
        """
        import matplotlib.pyplot as plt
        import seaborn as sns
        from matplotlib.ticker import PercentFormatter

        check_language(language, func="plot")
        tr = translator(language, "plot.evaluation.panel.")
        title, xlabel, combined_label = tr("title"), tr("x"), tr("combined")
        frame = self.to_frame()
        frame["rate"] = frame["mean"] / frame["points"]
        order = list(dict.fromkeys(self.scores["indicator_id"]))
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.42 * len(order) + 1.6))
        sns.barplot(data=frame, y="indicator_id", x="rate", hue="group", order=order, orient="h", ax=ax,
                    errorbar=None)
        rates = (self.scores.set_index("indicator_id")["share"]).reindex(order).to_numpy(dtype=float)
        ax.scatter(rates, range(len(order)), marker="|", s=260, color="black", zorder=3, label=combined_label)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlim(0, 1.05)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("")
        ax.set_title(title)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1 - 0.9 / (len(order) + 4)), fontsize="small",
                  ncols=4, frameon=False)
        sns.despine(ax=ax)
        return ax

    def evaluator_flags(self, *, max_deviation: float | None = None,
                        min_correlation: float | None = None) -> EvaluatorFlags:
        """Evaluators far from the panel (see :func:`flag_evaluators`)."""
        pts = self.scores.set_index("indicator_id")["points"]
        panel = PanelScores(self.data, group_weights=None)
        return flag_evaluators(panel, pts, max_deviation=max_deviation, min_correlation=min_correlation)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scores": _records(self.scores),
            "groups": _records(self.groups),
            "group_weights": dict(self.group_weights),
        }


def combine_panel(panel: PanelScores, points: Mapping[str, float] | pd.Series) -> PanelResult:
    """Combine evaluators' scores by group for each indicator.

    Parameters
    ----------
    panel : the evaluators' scores (:class:`~perfmethods.model.inputs.PanelScores`).
    points : the points (分值) of each scored indicator, by id; every indicator in the panel must have one.

    Returns
    -------
    PanelResult

    Raises
    ------
    InputError : an indicator not in ``points``, or a score above the indicator's points (the message
        names the evaluator and the indicator).
    """
    if not isinstance(panel, PanelScores):
        raise InputError(
            f"The 'panel' parameter of combine_panel must be a PanelScores; got "
            f"{type(panel).__name__} instead."
        )
    pts = pd.Series(dict(points), dtype=float)
    pts.index = pts.index.astype(str)
    data = panel.data.copy()
    unknown = sorted(set(data["indicator_id"]) - set(pts.index))
    if unknown:
        raise InputError(
            f"the evaluator scores name indicators {unknown} that have no points; check the ids "
            f"against the framework ({list(pts.index)})",
            location={"file": panel.source or None},
        )
    data["points"] = data["indicator_id"].map(pts).astype(float)
    over = data["score"] > data["points"] * (1 + 1e-9) + 1e-9
    if over.any():
        row = data[over].iloc[0]
        raise InputError(
            f"evaluator '{row['evaluator']}' ({row['group']}) gave {row['score']:g} points, above the indicator's "
            f"{row['points']:g} points; scores are on the indicator's own points scale",
            location={
                "file": panel.source or None,
                "row": int(over.to_numpy().nonzero()[0][0]) + 2,
                "indicator": row["indicator_id"],
            },
        )
    group_order = list(dict.fromkeys(data["group"]))
    weights = dict(panel.group_weights) if panel.group_weights is not None else {g: 1.0 for g in group_order}
    groups = (
        data.groupby(["indicator_id", "group"], sort=False)["score"]
        .agg(n_evaluators="size", mean="mean", sd="std")
        .reset_index()
    )
    groups["weight"] = groups["group"].map(weights).astype(float)
    groups["weight_used"] = groups["weight"] / groups.groupby("indicator_id", sort=False)["weight"].transform(
        "sum"
    )
    zero = groups.groupby("indicator_id", sort=False)["weight"].transform("sum") <= 0
    if zero.any():
        ind = groups.loc[zero, "indicator_id"].iloc[0]
        raise InputError(
            "every group that scored this indicator has weight 0; give one of them a weight > 0",
            location={"indicator": ind},
        )
    groups["n_evaluators"] = groups["n_evaluators"].astype(int)
    groups["weighted"] = groups["weight_used"] * groups["mean"]
    order = list(dict.fromkeys(data["indicator_id"]))
    agg = groups.groupby("indicator_id", sort=False).agg(
        combined=("weighted", "sum"), n_groups=("group", "size")
    )
    per = data.groupby("indicator_id", sort=False)["score"].agg(n_evaluators="size", min="min", max="max")
    scores = agg.join(per).reindex(order).reset_index()
    scores.insert(1, "points", scores["indicator_id"].map(pts).astype(float))
    scores["share"] = np.where(
        scores["points"] > 0, scores["combined"] / scores["points"].where(scores["points"] > 0), np.nan
    )
    scores["n_evaluators"] = scores["n_evaluators"].astype(int)
    scores["n_groups"] = scores["n_groups"].astype(int)
    scores = scores[["indicator_id", "points", "n_evaluators", "n_groups", "combined", "share", "min", "max"]]
    groups = groups.drop(columns="weighted")
    return PanelResult(scores=scores, groups=groups, data=data.drop(columns="points"), group_weights=weights)


@dataclass(frozen=True, repr=False)
class EvaluatorFlags(Result):
    """Evaluators compared with the rest of the panel.

    Attributes
    ----------
    table : one row per evaluator: ``evaluator``, ``group``, ``n_indicators``, ``mean_share``, ``bias``
        (mean of own share − others' mean share), ``mean_abs_deviation``, ``correlation`` (Spearman with the
        others' mean), ``alpha_without`` (Krippendorff's α, interval, of the panel without the evaluator),
        ``flagged``, ``reason`` (deviation / order / both / "").
    alpha : Krippendorff's α (interval) of the whole panel.
    max_deviation, min_correlation : the thresholds used.
    findings : one ``evaluator_outlier`` finding per flagged evaluator.
    """

    _headline_fields = ("alpha", "max_deviation", "min_correlation")

    table: pd.DataFrame
    alpha: float
    max_deviation: float
    min_correlation: float
    findings: tuple[Finding, ...]

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(self.table.loc[self.table["flagged"], "evaluator"])

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"table": _records(self.table), "alpha": None if not np.isfinite(self.alpha) else float(self.alpha),
                "max_deviation": self.max_deviation, "min_correlation": self.min_correlation,
                "findings": [f.to_dict() for f in self.findings]}


def flag_evaluators(
    panel: PanelScores,
    points: Mapping[str, float] | pd.Series,
    *,
    max_deviation: float | None = None,
    min_correlation: float | None = None,
) -> EvaluatorFlags:
    """Flag evaluators far from the rest of the panel (formulas in the module docstring).

    Parameters
    ----------
    panel : the evaluators' scores.
    points : the points of each indicator, by id (scores become shares of them).
    max_deviation : flag when the mean absolute deviation from the others' mean share exceeds this
        (default :data:`EVALUATOR_FLAG_RULES` ``max_deviation`` = 0.20).
    min_correlation : flag when the Spearman correlation with the others' mean is below this (default 0);
        computed only on 3 or more shared indicators with variation.

    Returns
    -------
    EvaluatorFlags

    Raises
    ------
    InputError : fewer than 3 evaluators (there is no "rest of the panel" to compare with), or indicators
        without points.
    """
    from scipy import stats

    from perfmethods.evaluation.agreement import (
        ALPHA_UNDEFINED_REASON,
        krippendorff_alpha,
        panel_matrix,
        undefined_finding,
    )

    max_dev = EVALUATOR_FLAG_RULES["max_deviation"].value if max_deviation is None else float(max_deviation)
    min_cor = EVALUATOR_FLAG_RULES["min_correlation"].value if min_correlation is None else float(min_correlation)
    wide = panel_matrix(panel, points)
    x = wide.to_numpy(dtype=float)
    m = x.shape[0]
    if m < 3:
        raise InputError(f"flag_evaluators needs at least 3 evaluators to compare each with the rest; got {m}.",
                         location={"file": panel.source or None})
    present = ~np.isnan(x)
    total = np.where(present, x, 0.0).sum(axis=0)
    count = present.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        others = (total[None, :] - np.where(present, x, 0.0)) / (count[None, :] - present)
    d = np.where(present & np.isfinite(others), x - others, np.nan)
    n_ind = np.isfinite(d).sum(axis=1)
    fin = np.isfinite(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        bias = np.where(n_ind > 0, np.where(fin, d, 0.0).sum(axis=1) / n_ind, np.nan)
        mad = np.where(n_ind > 0, np.where(fin, np.abs(d), 0.0).sum(axis=1) / n_ind, np.nan)
    corr = np.full(m, np.nan)
    alpha_without = np.full(m, np.nan)
    for e in range(m):  # one evaluator left out at a time (panels are small)
        ok = np.isfinite(d[e])
        if ok.sum() >= 3 and np.ptp(x[e, ok]) > 0 and np.ptp(others[e, ok]) > 0:
            corr[e] = float(stats.spearmanr(x[e, ok], others[e, ok]).statistic)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataQualityWarning)  # NaN: undefined without this evaluator
                alpha_without[e] = krippendorff_alpha(np.delete(x, e, axis=0), level="interval")
        except InputError:
            alpha_without[e] = np.nan
    dev_flag = np.isfinite(mad) & (mad > max_dev + 1e-12)
    cor_flag = np.isfinite(corr) & (corr < min_cor - 1e-12)
    reason = np.where(dev_flag & cor_flag, "both", np.where(dev_flag, "deviation", np.where(cor_flag, "order", "")))
    group = panel.data.drop_duplicates("evaluator").set_index("evaluator")["group"].reindex(wide.index)
    table = pd.DataFrame({
        "evaluator": [str(e) for e in wide.index], "group": group.to_numpy(dtype=object), "n_indicators": n_ind,
        "mean_share": np.nanmean(x, axis=1), "bias": bias, "mean_abs_deviation": mad, "correlation": corr,
        "alpha_without": alpha_without, "flagged": dev_flag | cor_flag, "reason": reason,
    })
    findings = []
    for row in table[table["flagged"]].to_dict(orient="records"):
        why_zh, why_en = [], []
        if row["reason"] in ("deviation", "both"):
            why_zh.append(f"与其他评价人平均得分率相差 {row['mean_abs_deviation']:.0%}（偏向 {row['bias']:+.0%}）")
            why_en.append(f"differs from the others' mean score rate by {row['mean_abs_deviation']:.0%} on average "
                          f"(bias {row['bias']:+.0%})")
        if row["reason"] in ("order", "both"):
            why_zh.append(f"对指标的排序与其他评价人相反（相关系数 {row['correlation']:.2f}）")
            why_en.append(f"orders the indicators against the panel (correlation {row['correlation']:.2f})")
        findings.append(Finding(
            code="evaluator_outlier", severity=Severity.WARNING,
            message_zh=f"评价人 {row['evaluator']}（{row['group']}）" + "，".join(why_zh) + "。",
            message_en=f"Evaluator {row['evaluator']} ({row['group']}) " + "; ".join(why_en) + ".",
            suggestion_zh="请该评价人说明评分依据，或经评价组合议后确定是否保留其评分。",
            suggestion_en="Ask the evaluator to explain the scores, or let the panel decide whether to keep them.",
        ))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # reported as a finding
        alpha_all = krippendorff_alpha(x, level="interval")
    if not math.isfinite(alpha_all):
        findings.append(undefined_finding("Krippendorff's α (interval)", *ALPHA_UNDEFINED_REASON))
    return EvaluatorFlags(table=table, alpha=alpha_all, max_deviation=max_dev, min_correlation=min_cor,
                          findings=tuple(findings))

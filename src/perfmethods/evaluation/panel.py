"""Evaluator panels (评价组 / 多元评价主体): several evaluators' scores combined by group.

Finance and department evaluations (财预〔2020〕10号) are scored by a panel — 财政部门, 主管部门, experts,
the public — and the digest's 公众评判法 ("专家评估、公众问卷及抽样调查", §1.4) relies on several
judges. This first version combines the scores; agreement statistics (inter-rater reliability)
come in a later version.

For indicator *i*, with groups *g* present and evaluators *e* in each group:

.. math::
    \\bar s_{ig} = \\frac{1}{n_{ig}} \\sum_{e \\in g} s_{ie}, \\qquad
    S_i = \\frac{\\sum_g \\omega_g \\bar s_{ig}}{\\sum_g \\omega_g}

where the group weights ω are those of :class:`~perfmethods.evaluation.inputs.PanelScores` (equal when
not given), renormalised over the groups that scored the indicator. Group means rather than a pooled
mean keep a large group (the public) from outweighing a small one (experts) by head count. The
weights themselves are the evaluation's design, not a rule of 10号 (none found, digest §1.4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.evaluation.inputs import PanelScores

__all__ = ["PanelResult", "combine_panel"]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()} for row in out]


@dataclass(frozen=True)
class PanelResult:
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

        labels = {"zh": ("评价主体评分对比", "得分率", "综合"), "en": ("Scores by evaluator group", "Score rate",
                                                                "Combined")}
        if language not in labels:
            raise InputError(f"The 'language' parameter of plot must be 'zh' or 'en'; got {language!r} instead.")
        title, xlabel, combined_label = labels[language]
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
    panel : the evaluators' scores (:class:`~perfmethods.evaluation.inputs.PanelScores`).
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

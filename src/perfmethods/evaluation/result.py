"""The result of :func:`~perfmethods.evaluation.evaluate`: :class:`EvaluationResult`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.evaluation.finding_templates import FINDING_CATEGORIES, finding_category
from perfmethods.evaluation.panel import PanelResult
from perfmethods.evaluation.survey import SurveyResult
from perfmethods.findings import Finding
from perfmethods.i18n import t, translator
from perfmethods.indicators.application import BudgetRecommendation
from perfmethods.indicators.grades import GRADE_LABELS
from perfmethods.indicators.profiles import LocalityProfile, canonical_level1
from perfmethods.results import Result
from perfmethods.results import json_records as _records
from perfmethods.results import json_scalar as _clean
from perfmethods.validation import check_language

__all__ = ["EvaluationResult"]


#: Canonical level-1 label → the key of its English name in the i18n catalogue.
_LEVEL1_KEYS = {
    "决策": "decision",
    "过程": "process",
    "产出": "outputs",
    "效益": "outcomes",
    "成本": "cost",
    "满意度": "satisfaction",
    "预算执行率": "budget_execution",
}


def _level1_name(name: str, language: str) -> str:
    """A level-1 label as shown in ``language`` (a label the catalogue does not know stays as written)."""
    key = _LEVEL1_KEYS.get(canonical_level1(name))
    return t(f"plot.evaluation.level1.{key}", language) if key and language == "en" else name


@dataclass(frozen=True, repr=False)
class EvaluationResult(Result):
    """The evaluation of one project.

    Attributes
    ----------
    indicators : one row per scored row (the budget-execution row first, id ``"budget_execution"``,
        when the profile has one; then the leaves in framework order). Columns: ``id``, ``level1``,
        ``level2``, ``name``, ``direction``, ``target_text``, ``actual_text``, ``unit``, ``completion``
        (actual/target for ≥ and =, target/actual for ≤, NaN for 定性), ``points_available``,
        ``formula_points`` (rounded), ``reviewer_points`` (NaN when no override), ``points`` (awarded,
        rounded), ``score_share`` (unrounded awarded / available), ``flags`` (tuple of finding codes),
        ``target_value``, ``actual_value`` (the numbers compared, in the target's unit),
        ``reviewer_reason`` and ``method`` (the scoring method: positive / reverse / equal / range /
        qualitative / panel / budget_execution / missing).
    levels : level-1 points available and awarded, in framework order (budget row first).
    budget : original, adjusted, executed, rate_adjusted, rate_original, basis, rate, points,
        points_available, unit — ``None`` when no budget was given.
    total : total score (0–100) after the profile's rounding.
    grade : 优 / 良 / 中 / 差.
    recommendation : next-year budget recommendation.
    findings : what the checks found.
    panel, survey : the combined panel and scored survey, when given.
    profile : the locality profile used.
    mode : ``"self"``, ``"department"`` or ``"finance"``.
    framework_name : the framework's name.
    """

    _headline_fields = ("total", "grade", "grade_en", "mode", "profile_name", "framework_name")

    indicators: pd.DataFrame
    levels: pd.DataFrame
    budget: dict[str, Any] | None
    total: float
    grade: str
    recommendation: BudgetRecommendation
    findings: tuple[Finding, ...]
    panel: PanelResult | None
    survey: SurveyResult | None
    profile: LocalityProfile
    mode: str
    framework_name: str = ""

    @property
    def grade_en(self) -> str:
        return GRADE_LABELS[self.grade]["en"]

    @property
    def profile_name(self) -> str:
        """The name of the locality profile used."""
        return self.profile.name

    def to_frame(self) -> pd.DataFrame:
        """The per-indicator table (:attr:`indicators`)."""
        return self.indicators.copy()

    def findings_frame(self, language: str = "zh") -> pd.DataFrame:
        """The findings as a tidy table in one language, with their ``category`` (:data:`FINDING_CATEGORIES`).

        Rows are ordered by category (shortfall, explain, data, design, review), then as found.
        """
        from perfmethods.findings import findings_frame

        frame = findings_frame(self.findings, language)
        frame.insert(0, "category", [finding_category(c) for c in frame["code"]])
        order = {name: i for i, name in enumerate(FINDING_CATEGORIES)}
        return frame.sort_values("category", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)

    def summary(self, language: str = "zh") -> pd.DataFrame:
        """Tidy table: one row per level-1 indicator (budget row first) and a total row.

        Columns: ``level1``, ``points_available``, ``points``, ``score_share``, ``n_indicators``.
        """
        total = pd.DataFrame(
            [
                {
                    "level1": t("plot.evaluation.levels.sum", "en" if language == "en" else "zh"),
                    "points_available": float(self.levels["points_available"].sum()),
                    "points": self.total,
                    "score_share": self.total / float(self.levels["points_available"].sum()),
                    "n_indicators": int(self.levels["n_indicators"].sum()),
                }
            ]
        )
        return pd.concat([self.levels, total], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (``json.dumps(result.to_dict())`` works; NaN is ``None``)."""
        return {
            "framework_name": self.framework_name,
            "mode": self.mode,
            "total": _clean(float(self.total)),
            "grade": self.grade,
            "grade_en": self.grade_en,
            "recommendation": self.recommendation.to_dict(),
            "indicators": _records(self.indicators),
            "levels": _records(self.levels),
            "budget": None if self.budget is None else {k: _clean(v) for k, v in self.budget.items()},
            "findings": [f.to_dict() for f in self.findings],
            "panel": None if self.panel is None else self.panel.to_dict(),
            "survey": None if self.survey is None else self.survey.to_dict(),
            "profile": self.profile.to_dict(),
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Horizontal bars of points awarded against points available by level-1 indicator.

        Fonts are not set here: :mod:`perfmethods.reporting` registers the CJK font. Returns the Axes.
        """
        import matplotlib.pyplot as plt
        import seaborn as sns

        check_language(language, func="plot")
        labels = translator(language, "plot.evaluation.levels.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.5 * len(self.levels) + 1.4))
        names = [_level1_name(n, language) for n in self.levels["level1"]]
        palette = sns.color_palette()
        y = np.arange(len(names))
        ax.barh(y, self.levels["points_available"], color="0.85", label=labels("available"))
        ax.barh(y, self.levels["points"], height=0.5, color=palette[0], label=labels("awarded"))
        for yi, (got, avail) in enumerate(
            zip(self.levels["points"], self.levels["points_available"], strict=True)
        ):
            ax.text(avail, yi, f" {got:g} / {avail:g}", va="center", fontsize="small")
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlabel(labels("x"))
        ax.set_title(
            f"{labels('title')} ({labels('total')} {self.total:g}, "
            f"{self.grade if language == 'zh' else self.grade_en})"
        )
        ax.set_xlim(0, float(self.levels["points_available"].max()) * 1.25)
        ax.legend(loc="lower right", fontsize="small")
        sns.despine(ax=ax)
        return ax

"""The weight-share rules of 财预〔2020〕10号: how an evaluation's points are split among level-1 indicators.

One function, :func:`point_share_findings`, used both by :func:`~perfmethods.indicators.lint` (before the
framework is used) and by :func:`~perfmethods.evaluation.evaluate` (when it is scored), so that the same
framework gets the same finding from both:

* department and finance evaluations (部门评价 / 财政评价): output and outcome (产出、效益) indicators carry at
  least the profile's ``min_output_benefit_share`` of the points (10号: "原则上不低于 60%");
* self-evaluations (单位自评): the level-1 points follow the profile's ``self_eval_split`` (产出 50 / 效益 30 /
  满意度 10 / 预算执行率 10), counting the separate budget-execution row when the profile adds one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from perfmethods.findings import Bilingual, Finding, FindingTemplate, Phrase, Severity, render_finding
from perfmethods.indicators.profiles import LocalityProfile, canonical_level1
from perfmethods.model.framework import Computed, IndicatorFramework
from perfmethods.model.modes import MODE_NAMES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["POINT_SHARE_TEMPLATES", "level1_points", "point_share_findings"]

_TOL = 1e-9

#: Finding code → templates of the weight-share findings.
POINT_SHARE_TEMPLATES: dict[str, FindingTemplate] = {
    "output_benefit_share": FindingTemplate(
        Severity.WARNING,
        "{mode}中产出、效益指标分值合计占 {share:.1%}，低于 {minimum:.0%}"
        "（财预〔2020〕10号：原则上产出、效益指标权重不低于60%）{note}。",
        "In a {mode} evaluation, output and outcome (产出、效益) indicators carry {share:.1%} of the points, "
        "below {minimum:.0%} (财预〔2020〕10号: in principle at least 60 %){note}.",
        "提高产出、效益指标权重，或说明理由。",
        "Give output and outcome indicators more weight, or explain why not.",
    ),
    "self_eval_split": FindingTemplate(
        Severity.WARNING,
        "单位自评一级指标分值为 {got}，与 {want} 的常规设置不一致（10号：如有特殊情况可适当调整）{note}。",
        "The self-evaluation's level-1 points are {got}, not the usual {want} (10号 allows adjustment in "
        "special cases){note}.",
        "按 产出50/效益30/满意度10/预算执行率10 设置，或说明调整理由。",
        "Use 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10, or explain the adjustment.",
    ),
}

_PHRASES: dict[str, tuple[str, str]] = {
    "mode.self": ("单位自评", "self"),
    "mode.department": ("部门评价", "department"),
    "mode.finance": ("财政评价", "finance"),
    "note.inferred": ("（未指定评价方式，按{mode}检查）", " (mode not given; checked as {mode})"),
    "empty": ("", ""),
}


def level1_points(framework: IndicatorFramework, profile: LocalityProfile) -> pd.Series:
    """The points of each canonical level-1 label on the 100-point scale as scored, in order of appearance.

    A leaf computed from the budget counts as 预算执行率. When the profile adds a separate budget-execution
    row (and no leaf scores budget execution), the row comes first with the profile's ``budget_points`` and
    the leaves share the rest (``profile.indicator_points``); otherwise the leaves share 100.
    """
    import pandas as pd

    return pd.Series(_level1_sums(framework, profile), dtype=float, name="points")


def _level1_sums(framework: IndicatorFramework, profile: LocalityProfile) -> dict[str, float]:
    """:func:`level1_points` as a dict (label → points), without pandas."""
    pts = _points(framework)
    canon = [
        "预算执行率" if i.computed is Computed.BUDGET_EXECUTION else canonical_level1(i.level1)
        for i in framework.indicators
    ]
    budget_leaf = any(i.computed is Computed.BUDGET_EXECUTION for i in framework.indicators)
    bp = profile.budget_points.value
    out: dict[str, float] = {}
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # points summing to a subnormal
        if budget_leaf or bp is None:
            scaled = pts * (100.0 / pts.sum())
        else:
            scaled = pts * (profile.indicator_points / pts.sum())
            out["预算执行率"] = float(bp)
    for c, p in zip(canon, scaled, strict=True):
        out[c] = out.get(c, 0.0) + float(p)
    return out


def _points(framework: IndicatorFramework) -> np.ndarray:
    """The points of the leaves in table order (:meth:`IndicatorFramework.points` without the Series)."""
    return np.array([ind.points for ind in framework.indicators], dtype=float)


def point_share_findings(
    framework: IndicatorFramework, mode: str, profile: LocalityProfile, *, inferred: bool = False
) -> list[Finding]:
    """The weight-share finding of ``mode`` for ``framework`` (an empty list when the shares are fine).

    Parameters
    ----------
    framework : the framework; its points are read on any scale (shares do not depend on it).
    mode : ``"self"``, ``"department"`` or ``"finance"`` (:func:`perfmethods.model.modes.normalise_mode`).
    profile : the locality profile: ``min_output_benefit_share``, ``self_eval_split``, ``budget_points``.
    inferred : the mode was inferred, not given; the message says so.

    Returns
    -------
    list of Finding
        ``output_benefit_share`` (department, finance): (产出 + 效益) / all points < the minimum;
        ``self_eval_split`` (self): a level-1 label's points differ from the split by more than 0.01.
    """
    pts = _points(framework)
    if pts.sum() <= 0 or mode not in MODE_NAMES:
        return []
    note = Phrase("note.inferred", {"mode": Phrase(f"mode.{mode}")}) if inferred else Phrase("empty")
    if mode in ("department", "finance"):
        canon = [
            canonical_level1(i.level1) if i.computed is not Computed.BUDGET_EXECUTION else "预算执行率"
            for i in framework.indicators
        ]
        share = float(sum(p for p, c in zip(pts, canon, strict=True) if c in ("产出", "效益"))) / float(
            pts.sum()
        )
        minimum = float(profile.min_output_benefit_share.value)
        if share < minimum - _TOL:
            return [
                render_finding(
                    "output_benefit_share",
                    POINT_SHARE_TEMPLATES,
                    _PHRASES,
                    mode=Phrase(f"mode.{mode}"),
                    share=share,
                    minimum=minimum,
                    note=note,
                )
            ]
        return []
    if profile.self_eval_split.value is None:
        return []
    expected = {str(k): float(v) for k, v in profile.self_eval_split.value}
    actual = _level1_sums(framework, profile)
    keys = list(dict.fromkeys([*expected, *actual]))
    if all(abs(actual.get(k, 0.0) - expected.get(k, 0.0)) <= 0.01 for k in keys):
        return []
    got = Bilingual(
        "、".join(f"{k} {actual.get(k, 0.0):g}" for k in keys),
        ", ".join(f"{k} {actual.get(k, 0.0):g}" for k in keys),
    )
    want = "/".join(f"{k} {v:g}" for k, v in expected.items())
    return [render_finding("self_eval_split", POINT_SHARE_TEMPLATES, _PHRASES, got=got, want=want, note=note)]

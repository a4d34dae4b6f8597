"""What a project should improve: the shortfall policy of the evaluation report (整改建议).

:func:`improvement_actions` turns an :class:`~perfmethods.evaluation.EvaluationResult` into one tidy table of
actions that a report lays out: every target not met (singled out for rectification when its score share is
below ``serious_shortfall``), every over-achievement to be explained, and each distinct suggestion of a data
or framework-design finding.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.evaluation.result import EvaluationResult
from perfmethods.model.inputs import Actuals
from perfmethods.validation import check_language, check_number

__all__ = ["IMPROVEMENT_COLUMNS", "improvement_actions"]

#: The columns of :func:`improvement_actions`, in order.
IMPROVEMENT_COLUMNS = ["action", "indicator_id", "name", "score_share", "completion", "serious", "reason",
                       "suggestion"]


def improvement_actions(
    result: EvaluationResult,
    *,
    actuals: Actuals | Mapping[str, str] | None = None,
    serious_shortfall: float = 0.8,
    language: str = "zh",
) -> pd.DataFrame:
    """The improvement actions of an evaluation, one row per action, in the order a report lists them.

    Parameters
    ----------
    result : the evaluation.
    actuals : the reported actuals (their notes, 偏差原因, are the reasons of the shortfalls), or a mapping
        indicator id → reason; ``None`` gives no reasons.
    serious_shortfall : a shortfall whose score share (points awarded / points available) is below this is
        ``serious`` (singled out for rectification, 重点整改); in (0, 1].
    language : ``"zh"`` or ``"en"``: the language of the ``suggestion`` column.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`IMPROVEMENT_COLUMNS`:

        * ``action == "shortfall"``: every indicator with an ``unmet_target`` finding, in the order of the
          findings, with its ``score_share``, ``serious`` (``score_share < serious_shortfall``) and
          ``reason`` (the unit's note, "" when none);
        * ``action == "overachievement"``: an ``overachievement`` finding, with the indicator's
          ``completion`` (actual / target);
        * ``action == "data"``: a finding of category ``data`` or ``design`` with a suggestion, each distinct
          suggestion once, in ``suggestion``.

        The overachievement and data rows keep the order of :meth:`EvaluationResult.findings_frame`.

    Raises
    ------
    InputError : ``result`` is not an :class:`EvaluationResult`, ``serious_shortfall`` outside (0, 1], or an
        unknown language.
    """
    if not isinstance(result, EvaluationResult):
        raise InputError(f"The 'result' parameter of improvement_actions must be an EvaluationResult; got "
                         f"{type(result).__name__} instead.")
    share_limit = check_number(serious_shortfall, name="serious_shortfall", func="improvement_actions", low=0,
                               high=1, closed="right")
    check_language(language, func="improvement_actions")
    if isinstance(actuals, Actuals):
        reasons = {v.indicator_id: v.note for v in actuals.values}
    else:
        reasons = {str(k): str(v) for k, v in (actuals or {}).items()}
    findings = result.findings_frame(language)
    by_id = result.indicators.set_index("id")
    unmet = list(findings.loc[findings["code"] == "unmet_target", "indicator_id"])
    shortfalls = pd.DataFrame({
        "action": "shortfall",
        "indicator_id": unmet,
        "name": by_id["name"].reindex(unmet).to_numpy(dtype=object),
        "score_share": by_id["score_share"].reindex(unmet).to_numpy(dtype=float),
        "completion": by_id["completion"].reindex(unmet).to_numpy(dtype=float),
        "reason": [reasons.get(i, "") or "" for i in unmet],
        "suggestion": "",
    })
    shortfalls["serious"] = shortfalls["score_share"] < share_limit
    over = findings["code"] == "overachievement"
    data = findings["category"].isin(["data", "design"]) & (findings["suggestion"] != "") & ~over
    others = findings.loc[over | (data & ~findings["suggestion"].where(data).duplicated())]
    ids = others["indicator_id"].where(others["code"] == "overachievement")
    known = ids.notna().to_numpy()
    rest = pd.DataFrame({
        "action": np.where(others["code"] == "overachievement", "overachievement", "data"),
        "indicator_id": ids.to_numpy(dtype=object),
        "name": np.where(known, by_id["name"].reindex(ids.fillna("")).to_numpy(dtype=object), ""),
        "score_share": by_id["score_share"].reindex(ids.fillna("")).to_numpy(dtype=float),
        "completion": by_id["completion"].reindex(ids.fillna("")).to_numpy(dtype=float),
        "serious": False,
        "reason": "",
        "suggestion": np.where(known, "", others["suggestion"].to_numpy(dtype=object)),
    })
    out = pd.concat([shortfalls, rest], ignore_index=True)[IMPROVEMENT_COLUMNS]
    out["serious"] = out["serious"].astype(bool)
    return out

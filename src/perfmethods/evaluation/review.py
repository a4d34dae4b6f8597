"""Review (复核) of a published self-evaluation table: its printed points beside a re-score.

A finance bureau that spot-checks (抽查复核) a unit's 项目支出绩效自评表 (财预〔2020〕10号 附件2) re-scores it with
:func:`perfmethods.evaluation.evaluate` and lays the printed 得分 beside the recomputed points, row by row.
Nothing is corrected here: a difference is something for the reviewer to look at.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from perfmethods.evaluation.result import EvaluationResult
from perfmethods.io.framework import SelfEvaluationTable
from perfmethods.validation import check_number

__all__ = ["compare_printed"]


def compare_printed(
    table: SelfEvaluationTable, result: EvaluationResult, *, tolerance: float = 0.005
) -> pd.DataFrame:
    """The points as printed beside the points of a re-score, row by row.

    Parameters
    ----------
    table : a published self-evaluation table (:func:`perfmethods.io.read_self_evaluation_table`).
    result : the evaluation of this table, e.g. ``evaluate(table.framework, table.actuals,
        budget=table.budget, mode="self")``.
    tolerance : a printed and a recomputed value that differ by at most this many points agree
        (default 0.005: equal at the two decimals tables print).

    Returns
    -------
    pandas.DataFrame
        One row per scored row of ``result`` (in its order), then any printed row the result does
        not have, with the columns ``id``, ``row`` (the spreadsheet row, ``<NA>`` for a row the table
        does not have, such as a budget row the profile adds), ``name``, ``target_text``,
        ``actual_text``, ``points_available`` (as scored), ``printed`` (得分 as printed, NaN when blank
        or absent), ``recomputed`` (the points awarded by ``result``, NaN when absent), ``difference``
        (recomputed − printed), ``agrees`` (``True`` when both are numbers within ``tolerance``) and
        ``method`` (the scoring method ``result`` applied: positive, reverse, equal, range, qualitative,
        panel, budget_execution or missing).

    Raises
    ------
    InputError : a negative or non-finite ``tolerance``.

    Notes
    -----
    Nothing is corrected: a difference means the printed table did something the formula did not
    (an evaluator's score inside a qualitative tier, a reviewer's deduction, other rounding) or a
    value the re-score could not read; the result's findings say which.
    """
    tolerance = check_number(tolerance, name="tolerance", func="compare_printed", low=0.0)
    scored = result.indicators.set_index("id")
    ids = list(dict.fromkeys([*scored.index, *table.printed_points.index]))
    by_id = {ind.id: ind for ind in table.framework.indicators}
    actual_text = {v.indicator_id: v.value.text for v in table.actuals.values}

    def pick(column: str, i: str, fallback: object) -> object:
        return scored.at[i, column] if i in scored.index else fallback

    printed = table.printed_points.reindex(ids).to_numpy(dtype=float)
    recomputed = np.array([float(pick("points", i, math.nan)) for i in ids], dtype=float)
    difference = recomputed - printed
    frame = pd.DataFrame(
        {
            "id": ids,
            "row": pd.array([table.rows.get(i) for i in ids], dtype="Int64"),
            "name": [pick("name", i, by_id[i].name if i in by_id else "") for i in ids],
            "target_text": [pick("target_text", i, by_id[i].target.text if i in by_id else "") for i in ids],
            "actual_text": [pick("actual_text", i, actual_text.get(i, "")) for i in ids],
            "points_available": [
                float(pick("points_available", i, by_id[i].points if i in by_id else math.nan)) for i in ids
            ],
            "printed": printed,
            "recomputed": recomputed,
            "difference": difference,
            "agrees": np.abs(np.nan_to_num(difference, nan=np.inf)) <= tolerance + 1e-9,
            "method": [pick("method", i, "") for i in ids],
        }
    )
    return frame

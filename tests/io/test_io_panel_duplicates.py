"""Issue 12: a duplicate evaluator score names the evaluator and the indicator, from a DataFrame too."""

from __future__ import annotations

import pandas as pd
import pytest

from perfmethods.errors import InputError
from perfmethods.model.inputs import PanelScores, check_panel_scores


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["专家", "专家", "专家", "专家"],
            "evaluator": ["张三", "李四", "王五", "李四"],
            "indicator_id": ["C1", "C1", "C2", "C1"],
            "score": [8, 7, 9, 6],
        }
    )


def test_panel_scores_from_a_dataframe_names_evaluator_and_indicator_of_a_duplicate():
    with pytest.raises(InputError) as info:
        PanelScores(_frame())
    message = str(info.value)
    assert "李四" in message and "'C1'" in message and "twice" in message
    assert "first at row 3" in message  # DataFrame position 1 → row 3 (a header row, then 1-based rows)
    assert info.value.location["row"] == 5 and info.value.location["indicator"] == "C1"


def test_distinct_evaluators_scoring_the_same_indicator_are_not_duplicates():
    frame = _frame()
    frame.loc[3, "evaluator"] = "赵六"
    assert len(PanelScores(frame).data) == 4


def test_check_panel_scores_uses_the_readers_locator_for_duplicates():
    def locate(position, column, indicator):
        return {"file": "scores.xlsx", "row": position + 10, "column": "评价人", "indicator": indicator}

    with pytest.raises(InputError) as info:
        check_panel_scores(_frame(), locate=locate)
    assert "first at row 11" in str(info.value) and info.value.location["row"] == 13

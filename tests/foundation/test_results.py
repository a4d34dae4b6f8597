"""The result protocol: a short repr, HTML for JupyterLab, JSON-safe to_dict, the shared estimates table."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from perfmethods.results import ESTIMATE_COLUMNS, REPR_LINES, Result, estimates_frame


@dataclass(frozen=True, repr=False)
class _Long(Result):
    effect: float
    label: str
    table: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        return self.table


def test_repr_is_short_and_names_the_headline():
    result = _Long(1.23456789, "x" * 200, pd.DataFrame({"a": np.arange(500), "b": np.nan}))
    text = repr(result)
    assert len(text.splitlines()) <= REPR_LINES
    assert text.splitlines()[0] == "_Long" and "effect: 1.23457" in text
    assert "[500 rows x 2 columns" in text
    assert "<strong>_Long</strong>" in result._repr_html_()


def test_to_dict_is_json_safe():
    result = _Long(float("nan"), "a", pd.DataFrame({"a": [np.inf, 1.0]}))
    out = result.to_dict()
    json.dumps(out, allow_nan=False)
    assert out["effect"] is None and out["table"] == [{"a": None}, {"a": 1.0}]


def test_estimates_frame_has_the_shared_columns():
    frame = estimates_frame([{"term": "ATT", "estimate": 2.0, "se": 0.5, "n": 40, "method": "DiD"}])
    assert tuple(frame.columns) == ESTIMATE_COLUMNS
    assert np.isnan(frame.loc[0, "ci_low"]) and frame.loc[0, "n"] == 40
    with pytest.raises(ValueError, match="estimates rows take only"):
        estimates_frame([{"term": "ATT", "coef": 1.0}])

"""The two weighting worked examples render through the report pipeline and show what the library computes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from perfmethods.datasets import data_root
from perfmethods.errors import PerfMethodsWarning
from perfmethods.weighting import aggregate_judgments, ahp, entropy_weights, read_judgments, revise_judgments

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "notebooks" / "examples"
DATA = data_root() / "examples" / "weighting"

pytestmark = pytest.mark.notebooks


def test_ahp_expert_weights_notebook(rendered):
    result = rendered(EXAMPLES / "ahp_expert_weights.ipynb", {"draws": 200})
    html = result.report.read_text(encoding="utf-8")
    assert "合成示例数据" in html and "Traceback" not in html
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfMethodsWarning)
        judgments = read_judgments(DATA / "expert_judgments.xlsx")
        individual = ahp(judgments.stack())
        assert result.records["individual_cr"] == pytest.approx(list(individual.cr))
        fixed = dict(judgments.matrices)
        c = ahp(fixed["专家C"])
        fixed["专家C"] = revise_judgments(fixed["专家C"], c.diagnostics.head(1))
        group = aggregate_judgments(fixed)
    assert result.records["group_weights"] == pytest.approx(group.weights.to_dict())
    assert result.records["group_cr"] == pytest.approx(group.aggregate.cr)
    assert html.count("data:image/png;base64,") == 2


def test_objective_and_combined_weights_notebook_in_english(rendered):
    result = rendered(EXAMPLES / "objective_and_combined_weights.ipynb", {"draws": 200},
                      overrides={"language": "en"})
    html = result.report.read_text(encoding="utf-8")
    assert "Objective and combined weights" in html and "组合赋权" not in html
    meta = pd.read_csv(DATA / "district_indicators_meta.csv", encoding="utf-8-sig").set_index("indicator")
    data = pd.read_csv(DATA / "district_indicators.csv", index_col=0, encoding="utf-8-sig")
    expected = entropy_weights(data, directions=meta["direction"].to_dict()).weights
    assert result.records["entropy_weights"] == pytest.approx(expected.to_dict())
    assert html.count("data:image/png;base64,") == 2

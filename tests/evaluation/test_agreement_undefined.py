"""Agreement with no variance (every evaluator gives full points) is undefined, said so, never a silent NaN
(issue 11, deliverable 3)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from perfmethods.errors import DataQualityWarning
from perfmethods.evaluation import flag_evaluators, panel_agreement
from perfmethods.evaluation.agreement import icc, kendall_w, krippendorff_alpha
from perfmethods.model.inputs import PanelScores

POINTS = {"C1": 10.0, "C2": 20.0, "C3": 10.0, "C4": 5.0}


def _panel(score) -> PanelScores:
    rows = [dict(group="专家", evaluator=f"E{e}", indicator_id=i, score=score(e, i, p))
            for e in range(4) for i, p in POINTS.items()]
    return PanelScores(pd.DataFrame(rows))


def test_full_points_from_everyone_is_undefined_with_findings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)   # the panel reports findings, not warnings
        result = panel_agreement(_panel(lambda e, i, p: p), POINTS)
    assert result.table["value"].isna().all()
    codes = [f.code for f in result.findings]
    assert codes == ["agreement_undefined"] * 3
    text = " ".join(f.message_en for f in result.findings)
    assert "Kendall's W" in text and "ICC" in text and "Krippendorff" in text
    assert all(f.message_zh for f in result.findings)
    data = result.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["alpha"] is None and data["kendall"]["w"] is None and data["kendall"]["defined"] is False
    assert all(r["value"] is None for r in data["table"])
    assert data["icc"]["undefined_forms"] == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    assert len(data["findings"]) == 3


def test_varied_scores_have_no_undefined_finding() -> None:
    result = panel_agreement(_panel(lambda e, i, p: p * (0.6 + 0.1 * ((e + int(i[1])) % 4))), POINTS)
    assert result.findings == ()
    assert result.kendall is not None and result.kendall.defined and result.kendall.findings == ()
    assert result.icc is not None and result.icc.undefined_forms == ()


def test_each_statistic_flags_itself() -> None:
    same = np.full((3, 4), 7.0)
    kw = kendall_w(same)
    assert not kw.defined and [f.code for f in kw.findings] == ["agreement_undefined"]
    ic = icc(same)
    assert set(ic.undefined_forms) == {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"}
    assert [f.code for f in ic.findings] == ["agreement_undefined"]
    with pytest.warns(DataQualityWarning, match="Krippendorff's α is undefined"):
        assert np.isnan(krippendorff_alpha(same))


def test_flag_evaluators_reports_undefined_alpha() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        flags = flag_evaluators(_panel(lambda e, i, p: p), POINTS)
    assert "agreement_undefined" in {f.code for f in flags.findings}

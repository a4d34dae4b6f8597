"""Evaluator panels: group means combined by group weights (first version)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from perfmethods.errors import InputError
from perfmethods.evaluation.panel import combine_panel
from perfmethods.model.inputs import PanelScores


def _panel(weights=None):
    data = pd.DataFrame(
        {
            "group": ["专家", "专家", "专家", "财政部门", "公众", "公众"],
            "evaluator": ["e1", "e2", "e3", "f1", "p1", "p2"],
            "indicator_id": ["D1", "D1", "D1", "D1", "D1", "D2"],
            "score": [8, 9, 10, 6, 4, 3],
        }
    )
    return PanelScores(data, group_weights=weights)


def test_weighted_group_means():
    res = combine_panel(_panel({"专家": 0.5, "财政部门": 0.3, "公众": 0.2}), {"D1": 10, "D2": 5})
    s = res.scores.set_index("indicator_id")
    # D1: experts mean 9, finance 6, public 4 → 0.5·9 + 0.3·6 + 0.2·4 = 7.1
    assert s.loc["D1", "combined"] == pytest.approx(7.1)
    assert s.loc["D1", "n_evaluators"] == 5 and s.loc["D1", "n_groups"] == 3
    # D2: only the public scored it → its weight renormalised to 1
    assert s.loc["D2", "combined"] == pytest.approx(3.0)
    g = res.groups.set_index(["indicator_id", "group"])
    assert g.loc[("D1", "专家"), "mean"] == 9 and g.loc[("D1", "专家"), "n_evaluators"] == 3
    assert g.loc[("D2", "公众"), "weight_used"] == 1.0
    frame = res.to_frame()
    assert {"indicator_id", "group", "mean", "weight_used", "combined", "points"} <= set(frame.columns)
    json.dumps(res.to_dict())


def test_equal_weights_by_default():
    res = combine_panel(_panel(), {"D1": 10, "D2": 5})
    assert res.combined["D1"] == pytest.approx((9 + 6 + 4) / 3)


def test_score_above_points_names_evaluator_and_indicator():
    with pytest.raises(InputError) as info:
        combine_panel(_panel(), {"D1": 9.5, "D2": 5})
    assert "e3" in str(info.value) and "D1" in str(info.value)


def test_unknown_indicator():
    with pytest.raises(InputError, match="no points"):
        combine_panel(_panel(), {"D1": 10})


def test_group_totals_and_plot():
    import matplotlib

    matplotlib.use("Agg")
    res = combine_panel(_panel({"专家": 0.5, "财政部门": 0.3, "公众": 0.2}), {"D1": 10, "D2": 5})
    t = res.group_totals().set_index("group")
    # public scored D1 (mean 4) and D2 (3) → 7 of 15; combined on the same indicators 7.1 + 3.0
    assert t.loc["公众", "score"] == 7 and t.loc["公众", "points"] == 15
    assert t.loc["公众", "combined"] == pytest.approx(10.1)
    assert t.loc["公众", "difference"] == pytest.approx(-3.1)
    assert t.loc["专家", "share"] == pytest.approx(0.9)
    ax = res.plot(language="en")
    assert ax.get_title() == "Scores by evaluator group"
    with pytest.raises(InputError, match="'language'"):
        res.plot(language="fr")


# -- evaluators far from the panel --------------------------------------------------------------------------
def _flag_panel(outlier_scores):
    base = {"D1": 8.0, "D2": 6.0, "D3": 9.0, "D4": 4.0}
    rows = []
    for e, off in [("e1", 0.0), ("e2", 0.5), ("e3", -0.5), ("e4", 0.0)]:
        rows += [("专家", e, i, v + off) for i, v in base.items()]
    rows += [("公众", "p1", i, s) for i, s in zip(base, outlier_scores, strict=True)]
    frame = pd.DataFrame(rows, columns=["group", "evaluator", "indicator_id", "score"])
    return PanelScores(frame), dict.fromkeys(base, 10)


def test_flags_an_evaluator_who_reverses_the_panel():
    from perfmethods.evaluation.panel import flag_evaluators

    panel, points = _flag_panel([2.0, 4.0, 1.0, 6.0])  # 10 − the experts' scores
    res = flag_evaluators(panel, points)
    table = res.table.set_index("evaluator")
    assert res.flagged == ("p1",)
    assert table.loc["p1", "reason"] == "both"
    assert table.loc["p1", "correlation"] == pytest.approx(-1.0)
    # leave-one-out: p1's deviation is against the experts' mean share (0.675) → bias −0.35
    assert table.loc["p1", "bias"] == pytest.approx((0.2 + 0.4 + 0.1 + 0.6) / 4 - (0.8 + 0.6 + 0.9 + 0.4) / 4)
    # removing the outlier raises the panel's agreement
    assert table.loc["p1", "alpha_without"] > res.alpha
    assert res.findings[0].code == "evaluator_outlier" and "p1" in res.findings[0].message_zh
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)


@pytest.mark.parametrize(("offset", "flagged"), [(0.19, False), (0.21, True)])
def test_deviation_threshold(offset, flagged):
    from perfmethods.evaluation.panel import flag_evaluators

    base = [8.0, 6.0, 9.0, 4.0]
    panel, points = _flag_panel([v - offset * 10 for v in base])
    # p1 agrees in order but sits `offset` of the points below: e1..e4 mean equals base exactly
    res = flag_evaluators(panel, points, max_deviation=0.20)
    assert ("p1" in res.flagged) is flagged


def test_flags_via_panel_result_and_small_panel():
    from perfmethods.evaluation.panel import flag_evaluators

    panel, points = _flag_panel([2.0, 4.0, 1.0, 6.0])
    assert combine_panel(panel, points).evaluator_flags().flagged == ("p1",)
    two = PanelScores(panel.data[panel.data["evaluator"].isin(["e1", "p1"])])
    with pytest.raises(InputError, match="at least 3 evaluators"):
        flag_evaluators(two, points)

"""improvement_actions: the project report's shortfall policy as a tidy table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.datasets import load_example
from perfmethods.errors import InputError
from perfmethods.evaluation import evaluate, improvement_actions
from perfmethods.evaluation.improvements import IMPROVEMENT_COLUMNS
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework
from perfmethods.model.inputs import Actuals, ActualValue
from perfmethods.model.values import ParsedValue


def _leaf(id_: str, level1: str, points: float) -> Indicator:
    return Indicator(id_, f"指标{id_}", level1, "二级", points, Direction.POSITIVE, ParsedValue("≥100", None, 100.0))


@pytest.fixture(scope="module")
def result():
    fw = IndicatorFramework((_leaf("A", "产出", 40), _leaf("B", "产出", 30), _leaf("C", "效益", 20),
                             _leaf("D", "效益", 10)))
    acts = Actuals((ActualValue("A", ParsedValue("50", None, 50.0), note="天气原因"),
                    ActualValue("B", ParsedValue("90", None, 90.0)),
                    ActualValue("C", ParsedValue("200", None, 200.0)),
                    ActualValue("D", ParsedValue("不详"))))
    return evaluate(fw, acts, profile="no_budget_row", mode="self"), acts


def test_shortfalls_are_listed_and_the_serious_ones_marked(result) -> None:
    res, acts = result
    actions = improvement_actions(res, actuals=acts, serious_shortfall=0.8)
    assert list(actions.columns) == IMPROVEMENT_COLUMNS
    short = actions[actions["action"] == "shortfall"]
    assert short["indicator_id"].tolist() == ["A", "B"]
    assert short["serious"].tolist() == [True, False]  # 50 % and 90 % of the points
    assert short["score_share"].tolist() == pytest.approx([0.5, 0.9])
    assert short["reason"].tolist() == ["天气原因", ""]
    over = actions[actions["action"] == "overachievement"]
    assert over["indicator_id"].tolist() == ["C"] and over["completion"].iloc[0] == pytest.approx(2.0)
    data = actions[actions["action"] == "data"]
    assert len(data) >= 1 and (data["suggestion"] != "").all()
    assert data["suggestion"].is_unique


def test_the_threshold_moves_the_serious_flag(result) -> None:
    res, acts = result
    assert improvement_actions(res, serious_shortfall=0.95)["serious"].sum() == 2
    assert improvement_actions(res, serious_shortfall=0.5)["serious"].sum() == 0  # 0.5 is not below 0.5
    assert (improvement_actions(res)["reason"] == "").all()  # no actuals, no reasons


def test_suggestions_follow_the_language(result) -> None:
    res, _ = result
    zh = improvement_actions(res, language="zh")
    en = improvement_actions(res, language="en")
    assert zh["suggestion"].str.contains("[\u4e00-\u9fff]", regex=True).any()
    assert en.loc[en["action"] == "data", "suggestion"].str.match("[A-Z]").all()


@pytest.mark.parametrize("bad", [0, 1.2, "0.8", None])
def test_serious_shortfall_is_checked(result, bad) -> None:
    with pytest.raises(InputError, match="The 'serious_shortfall' parameter of improvement_actions"):
        improvement_actions(result[0], serious_shortfall=bad)


def test_result_is_checked() -> None:
    with pytest.raises(InputError, match="must be an EvaluationResult"):
        improvement_actions("report")


@settings(max_examples=20, deadline=None)
@given(limit=st.floats(0.01, 1.0))
def test_serious_means_a_share_below_the_limit_on_the_example(limit: float) -> None:
    p = load_example()
    res = evaluate(p.framework, p.actuals, budget=p.budget, panel=p.panel, survey=p.survey)
    actions = improvement_actions(res, actuals=p.actuals, serious_shortfall=limit)
    short = actions[actions["action"] == "shortfall"]
    assert (short["serious"] == (short["score_share"] < limit)).all()
    unmet = [f.indicator_id for f in res.findings if f.code == "unmet_target"]
    assert sorted(short["indicator_id"]) == sorted(unmet)

"""Every result type of the evaluation core follows the result protocol (perfmethods.results.Result)."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from perfmethods.datasets import load_example
from perfmethods.evaluation import (
    combine_panel,
    cronbach_alpha,
    evaluate,
    execution_progress,
    flag_evaluators,
    icc,
    kendall_w,
    panel_agreement,
    score_survey,
)
from perfmethods.indicators.quality import check_data
from perfmethods.indicators.targets import propose_target
from perfmethods.results import REPR_LINES, Result


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    p = load_example()
    points = p.framework.points()
    result = evaluate(p.framework, p.actuals, budget=p.budget, panel=p.panel, survey=p.survey)
    matrix = [[3, 4, 5, 2], [4, 4, 5, 1], [3, 5, 4, 2]]
    survey = score_survey(p.survey)
    return {
        "EvaluationResult": result,
        "BudgetRecommendation": result.recommendation,
        "PanelResult": combine_panel(p.panel, points),
        "EvaluatorFlags": flag_evaluators(p.panel, points),
        "AgreementResult": panel_agreement(p.panel, points),
        "KendallWResult": kendall_w(matrix),
        "ICCResult": icc(matrix),
        "ExecutionProgress": execution_progress(p.budget),
        "SurveyResult": survey,
        "CronbachAlpha": cronbach_alpha(pd.DataFrame([[1, 2, 2], [3, 3, 4], [4, 5, 5], [2, 2, 3]])),
        "DataQualityResult": check_data(p.framework, p.actuals),
        "TargetProposal": propose_target(basis="history", history=[50, 52, 55], direction="≥", unit="场"),
    }


NAMES = ["EvaluationResult", "BudgetRecommendation", "PanelResult", "EvaluatorFlags", "AgreementResult",
         "KendallWResult", "ICCResult", "ExecutionProgress", "SurveyResult", "CronbachAlpha",
         "DataQualityResult", "TargetProposal"]


@pytest.mark.parametrize("name", NAMES)
def test_result_protocol(results: dict[str, Result], name: str) -> None:
    res = results[name]
    assert type(res).__name__ == name and isinstance(res, Result)
    assert dataclasses.is_dataclass(res)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(res, dataclasses.fields(res)[0].name, None)
    text = repr(res)
    assert text.startswith(name) and len(text.splitlines()) <= REPR_LINES
    assert res._repr_html_().startswith("<div><strong>" + name)
    assert isinstance(res.summary(), pd.DataFrame) and isinstance(res.to_frame(), pd.DataFrame)
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    for field in type(res)._headline_fields:
        assert hasattr(res, field), field


def test_evaluation_result_repr_leads_with_its_headline(results: dict[str, Result]) -> None:
    res = results["EvaluationResult"]
    lines = repr(res).splitlines()
    assert lines[1] == f"  total: {res.total:.6g}"
    assert lines[2] == f"  grade: {res.grade}"
    assert "  profile_name: central" in lines and "  mode: finance" in lines
    assert len(repr(res)) < 2000
    assert res.to_frame().equals(res.indicators)


def test_plot_labels_come_from_the_i18n_catalogue(results: dict[str, Result]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from perfmethods.i18n import t

    res = results["EvaluationResult"]
    ax = res.plot(language="en")
    assert ax.get_title().startswith(t("plot.evaluation.levels.title", "en"))
    assert [tick.get_text() for tick in ax.get_yticklabels()][:2] == ["Decision", "Process"]
    assert res.summary("en")["level1"].iloc[-1] == t("plot.evaluation.levels.sum", "en")
    for name, prefix in (("ExecutionProgress", "budget"), ("PanelResult", "panel"), ("SurveyResult", "survey")):
        for language in ("zh", "en"):
            assert results[name].plot(language=language).get_title() == t(f"plot.evaluation.{prefix}.title",
                                                                          language)
    plt.close("all")

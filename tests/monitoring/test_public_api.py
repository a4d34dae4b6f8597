"""The monitoring package's public API follows the package contract (as tests/test_contract.py does for the others)."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

import perfmethods.monitoring as mon
from perfmethods.results import REPR_LINES, Result

PUBLIC = sorted((n, getattr(mon, n)) for n in mon.__all__
                if inspect.isfunction(getattr(mon, n)) or inspect.isclass(getattr(mon, n)))


RESULTS = [(n, obj) for n, obj in PUBLIC if n.endswith("Result") or n == "AdjustedEvaluation"]


@pytest.mark.parametrize(("name", "obj"), RESULTS, ids=[n for n, _ in RESULTS])
def test_result_types_are_frozen_with_summary_and_to_dict(name, obj):
    # that every public name is documented with its parameters: tests/test_contract.py, for every package
    assert dataclasses.is_dataclass(obj) and obj.__dataclass_params__.frozen
    assert callable(getattr(obj, "summary")) and callable(getattr(obj, "to_dict"))


def test_lazy_exports_resolve_to_functions():
    from perfmethods.monitoring import monitor, outlook

    assert inspect.isfunction(monitor) and inspect.isfunction(outlook)
    assert set(mon.__all__) <= set(dir(mon))


def _results():
    import numpy as np

    from perfmethods.datasets import data_root, load_example
    from perfmethods.evaluation import cronbach_alpha, flag_evaluators, icc, kendall_w, panel_agreement
    from perfmethods.monitoring import AdjustmentLog, evaluate_adjusted, monitor_portfolio, outlook, read_portfolio

    portfolio = read_portfolio(data_root() / "examples" / "portfolio_monitoring")
    reports = portfolio.reports[:4]
    project = load_example()
    pts = project.framework.points()
    log = AdjustmentLog.from_records([{"project": "x", "item": "C12", "date": "2024-07-01", "reason": "其他",
                                       "approval": "批复", "before": "≥5万人次", "after": "≥4万人次"}])
    x = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6]], dtype=float)
    return {
        "MonitoringResult": monitor_portfolio(reports),
        "OutlookResult": outlook(reports),
        "AgreementResult": panel_agreement(project.panel, pts),
        "ICCResult": icc(x),
        "KendallWResult": kendall_w(x),
        "CronbachAlpha": cronbach_alpha(x),
        "EvaluatorFlags": flag_evaluators(project.panel, pts),
        "AdjustedEvaluation": evaluate_adjusted(project.framework, project.actuals, log),
        "Portfolio": portfolio,
    }


def test_result_types_follow_the_contract():
    import json

    import matplotlib.pyplot as plt
    import pandas as pd

    for name, result in _results().items():
        assert type(result).__name__ == name
        assert dataclasses.is_dataclass(result) and type(result).__dataclass_params__.frozen, name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(result, dataclasses.fields(result)[0].name, None)
        assert isinstance(result.summary(), pd.DataFrame) and len(result.summary()) > 0, name
        json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
        if hasattr(result, "plot"):
            fig, ax = plt.subplots()
            for language in ("zh", "en"):
                assert result.plot(ax=ax, language=language) is ax
            plt.close(fig)


@pytest.fixture(scope="module")
def built() -> dict:
    return _results()


@pytest.mark.parametrize("name", ["MonitoringResult", "OutlookResult", "AdjustedEvaluation"])
def test_monitoring_results_follow_the_result_protocol(name, built):
    import json

    import pandas as pd

    result = built[name]
    assert isinstance(result, Result), name
    assert not type(result).__dataclass_params__.repr, name
    text = repr(result)
    assert text.startswith(name) and len(text.splitlines()) <= REPR_LINES, name
    assert f"<strong>{name}</strong>" in result._repr_html_()
    assert isinstance(result.to_frame(), pd.DataFrame)
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)


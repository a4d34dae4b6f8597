"""Contract tests that walk the public API (in the manner of CausalPy's public-signature tests).

* every public name has a docstring, and every parameter of a public function is named in it;
* every result type is a frozen dataclass with ``summary()`` (a DataFrame), a JSON-safe ``to_dict()``
  and, where it has one, ``plot(ax=None, language=...)`` returning the Axes;
* every exception the package raises on purpose derives from ``PerfMethodsError`` and the built-in it refines.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import perfmethods
from perfmethods import errors
from perfmethods.datasets import load_example
from perfmethods.evaluation import evaluate, execution_progress

PUBLIC_MODULES = ["perfmethods.indicators", "perfmethods.evaluation", "perfmethods.io", "perfmethods.reporting",
                  "perfmethods.datasets", "perfmethods.findings", "perfmethods.provenance", "perfmethods.errors",
                  "perfmethods.monitoring", "perfmethods.cba", "perfmethods.weighting", "perfmethods.impact"]


def _public_objects():
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{module_name}.{name}", obj


PUBLIC = sorted(dict(_public_objects()).items())


@pytest.mark.parametrize("qualname,obj", PUBLIC, ids=[q for q, _ in PUBLIC])
def test_public_names_are_documented(qualname, obj):
    doc = inspect.getdoc(obj)
    assert doc and len(doc) > 20, f"{qualname} has no docstring"
    if inspect.isfunction(obj):
        params = [p for p in inspect.signature(obj).parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in ("self", "cls")]
        undocumented = [p.name for p in params if p.name not in doc]
        assert undocumented == [], f"{qualname}: parameters {undocumented} are not described in the docstring"


@pytest.fixture(scope="module")
def results():
    project = load_example("culture_program")
    result = evaluate(project.framework, project.actuals, budget=project.budget, panel=project.panel,
                      survey=project.survey)
    return {
        "EvaluationResult": result,
        "SurveyResult": result.survey,
        "PanelResult": result.panel,
        "ExecutionProgress": execution_progress(project.budget),
    }


@pytest.mark.parametrize("name", ["EvaluationResult", "SurveyResult", "PanelResult", "ExecutionProgress"])
def test_result_types_follow_the_contract(results, name):
    result = results[name]
    assert type(result).__name__ == name
    assert dataclasses.is_dataclass(result) and type(result).__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, dataclasses.fields(result)[0].name, None)
    assert isinstance(result.summary(), pd.DataFrame) and len(result.summary()) > 0
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert result.plot(ax=ax, language=language) is ax
    plt.close(fig)


def test_exception_hierarchy():
    assert issubclass(errors.InputError, errors.PerfMethodsError) and issubclass(errors.InputError, ValueError)
    assert issubclass(errors.SchemaError, errors.InputError)
    assert issubclass(errors.ParameterError, errors.InputError)
    assert issubclass(errors.RenderError, errors.PerfMethodsError) and issubclass(errors.RenderError, RuntimeError)
    for warning in (errors.ConsistencyWarning, errors.DataQualityWarning):
        assert issubclass(warning, errors.PerfMethodsWarning) and issubclass(warning, UserWarning)
    e = errors.InputError("the weight must be >= 0", location={"file": "a.csv", "row": 7, "column": "分值"})
    assert str(e) == "file 'a.csv', row 7, column '分值': the weight must be >= 0"
    assert e.location["row"] == 7


def test_version():
    assert perfmethods.__version__.count(".") == 2

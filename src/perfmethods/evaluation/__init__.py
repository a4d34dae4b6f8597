"""Project evaluation: scores, grades, results application, evaluator panels, surveys.

Modules
-------
inputs       validated inputs: :class:`Actuals`, :class:`Budget`, :class:`PanelScores`, :class:`SurveyResponses`
evaluate     :func:`evaluate` → :class:`EvaluationResult` (scores, total, grade, recommendation, findings)
grades       :func:`grade`: 优 / 良 / 中 / 差 from a total score
application  :class:`ApplicationTable`, :func:`recommend`: grade → next year's budget action
panel        :func:`combine_panel`: several evaluators' scores combined by evaluator group
budget       :func:`execution_progress`: cumulative execution against time progress
survey       :func:`score_survey`, :func:`required_sample_size`: satisfaction surveys

Names are imported lazily (on first access), which keeps this package and
:mod:`perfmethods.indicators` free of import cycles.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    # inputs
    "ActualValue": "inputs",
    "Actuals": "inputs",
    "Budget": "inputs",
    "PanelScores": "inputs",
    "SurveyResponses": "inputs",
    "QUALITATIVE_TIERS": "inputs",
    # evaluate
    "evaluate": "evaluate",
    "EvaluationResult": "evaluate",
    # grades
    "grade": "grades",
    "grade_label": "grades",
    "GRADES": "grades",
    "GRADE_BANDS": "grades",
    # application
    "ApplicationTable": "application",
    "ApplicationRule": "application",
    "BudgetRecommendation": "application",
    "recommend": "application",
    # panel
    "combine_panel": "panel",
    "PanelResult": "panel",
    # budget execution
    "execution_progress": "budget",
    "ExecutionProgress": "budget",
    # survey
    "score_survey": "survey",
    "SurveyResult": "survey",
    "required_sample_size": "survey",
    "LIKERT_SCALE": "survey",
}

__all__ = [
    "ExecutionProgress",
    "execution_progress",
    "GRADES",
    "GRADE_BANDS",
    "LIKERT_SCALE",
    "QUALITATIVE_TIERS",
    "ActualValue",
    "Actuals",
    "ApplicationRule",
    "ApplicationTable",
    "Budget",
    "BudgetRecommendation",
    "EvaluationResult",
    "PanelResult",
    "PanelScores",
    "SurveyResponses",
    "SurveyResult",
    "combine_panel",
    "evaluate",
    "grade",
    "grade_label",
    "recommend",
    "required_sample_size",
    "score_survey",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'perfmethods.evaluation' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"perfmethods.evaluation.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

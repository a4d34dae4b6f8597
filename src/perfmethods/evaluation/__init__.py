"""Project evaluation: scores, grades, results application, evaluator panels, surveys.

Modules
-------
inputs       validated inputs: :class:`Actuals`, :class:`Budget`, :class:`PanelScores`, :class:`SurveyResponses`
evaluate     :func:`evaluate` → :class:`EvaluationResult` (scores, total, grade, recommendation, findings);
             :func:`compare_profiles`: the same project under several locality profiles
grades       :func:`grade`: 优 / 良 / 中 / 差 from a total score; :func:`grade_bands_frame`: the bands
application  :class:`ApplicationTable`, :func:`recommend`: grade → next year's budget action
panel        :func:`combine_panel`: several evaluators' scores combined by evaluator group;
             :func:`flag_evaluators`: evaluators far from the rest of the panel
agreement    :func:`kendall_w`, :func:`icc`, :func:`krippendorff_alpha`, :func:`panel_agreement`: inter-rater
             agreement
budget       :func:`execution_progress`: cumulative execution against time progress
survey       :func:`score_survey`, :func:`required_sample_size`, :func:`cronbach_alpha`: satisfaction surveys

Names are imported lazily (on first access), which keeps this package and
:mod:`perfmethods.indicators` free of import cycles.
"""

from __future__ import annotations

from perfmethods._lazy import lazy_exports

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
    "compare_profiles": "evaluate",
    # grades
    "grade": "grades",
    "grade_label": "grades",
    "grade_bands_frame": "grades",
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
    "flag_evaluators": "panel",
    "EvaluatorFlags": "panel",
    "EVALUATOR_FLAG_RULES": "panel",
    # agreement
    "kendall_w": "agreement",
    "KendallWResult": "agreement",
    "icc": "agreement",
    "ICCResult": "agreement",
    "ICC_FORMS": "agreement",
    "krippendorff_alpha": "agreement",
    "panel_agreement": "agreement",
    "panel_matrix": "agreement",
    "AgreementResult": "agreement",
    # budget execution
    "execution_progress": "budget",
    "ExecutionProgress": "budget",
    # survey
    "score_survey": "survey",
    "SurveyResult": "survey",
    "required_sample_size": "survey",
    "LIKERT_SCALE": "survey",
    "cronbach_alpha": "survey",
    "CronbachAlpha": "survey",
}

__all__ = [
    "AgreementResult",
    "CronbachAlpha",
    "EVALUATOR_FLAG_RULES",
    "EvaluatorFlags",
    "ICCResult",
    "ICC_FORMS",
    "KendallWResult",
    "cronbach_alpha",
    "flag_evaluators",
    "icc",
    "kendall_w",
    "krippendorff_alpha",
    "panel_agreement",
    "panel_matrix",
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
    "compare_profiles",
    "evaluate",
    "grade",
    "grade_bands_frame",
    "grade_label",
    "recommend",
    "required_sample_size",
    "score_survey",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

"""Project evaluation: the evaluation pipeline, evaluator panels, agreement, surveys, budget execution, review.

Modules
-------
pipeline     :func:`evaluate` → :class:`EvaluationResult` (scores, total, grade, recommendation, findings);
             :func:`compare_profiles`: the same project under several locality profiles
panel        :func:`combine_panel`: several evaluators' scores combined by evaluator group;
             :func:`flag_evaluators`: evaluators far from the rest of the panel
agreement    :func:`kendall_w`, :func:`icc`, :func:`krippendorff_alpha`, :func:`panel_agreement`: inter-rater
             agreement
budget       :func:`execution_progress`: cumulative execution against time progress
improvements :func:`improvement_actions`: the report's shortfall policy (整改建议) as a tidy table
survey       :func:`score_survey`, :func:`required_sample_size`, :func:`cronbach_alpha`: satisfaction surveys
review       :func:`compare_printed`: a published self-evaluation table's points beside a re-score (复核)

The input types (:class:`Actuals`, :class:`Budget`, :class:`PanelScores`, :class:`SurveyResponses`) live in
:mod:`perfmethods.model.inputs`, grades and results application in :mod:`perfmethods.indicators`; they are
re-exported here for convenience.
"""

from __future__ import annotations

from perfmethods.evaluation.agreement import (
    ICC_FORMS,
    AgreementResult,
    ICCResult,
    KendallWResult,
    icc,
    kendall_w,
    krippendorff_alpha,
    panel_agreement,
    panel_matrix,
)
from perfmethods.evaluation.budget import ExecutionProgress, execution_progress
from perfmethods.evaluation.improvements import improvement_actions
from perfmethods.evaluation.panel import (
    EVALUATOR_FLAG_RULES,
    EvaluatorFlags,
    PanelResult,
    combine_panel,
    flag_evaluators,
)
from perfmethods.evaluation.pipeline import compare_profiles, evaluate
from perfmethods.evaluation.result import EvaluationResult
from perfmethods.evaluation.review import (
    ReviewResult,
    compare_printed,
    printed_totals,
    review_folder,
    review_table,
)
from perfmethods.evaluation.survey import (
    LIKERT_SCALE,
    CronbachAlpha,
    SurveyResult,
    cronbach_alpha,
    required_sample_size,
    score_survey,
)
from perfmethods.indicators.application import (
    ApplicationBand,
    ApplicationTable,
    BudgetRecommendation,
    recommend,
)
from perfmethods.indicators.grades import GRADE_BANDS, GRADES, grade, grade_bands_frame, grade_label
from perfmethods.model.inputs import (
    QUALITATIVE_TIERS,
    Actuals,
    ActualValue,
    Budget,
    PanelScores,
    SurveyResponses,
)

__all__ = [
    "compare_printed",
    "printed_totals",
    "review_folder",
    "review_table",
    "ReviewResult",
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
    "improvement_actions",
    "GRADES",
    "GRADE_BANDS",
    "LIKERT_SCALE",
    "QUALITATIVE_TIERS",
    "ActualValue",
    "Actuals",
    "ApplicationBand",
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

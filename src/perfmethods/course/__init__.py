"""The trainer's course: numbered lessons (notebooks/course/) with exercises that check themselves.

``check("03.2", answer)`` tells a trainee whether an answer is right and, when it is not, which kind of mistake it
shows (the matrix is not reciprocal, the weights were averaged instead of the judgments, rounded too early) without
giving the answer away. :func:`exercise_data` hands out the exercise's inputs, :func:`list_exercises` lists them.

Modules
-------
feedback                    the Feedback result a check returns
exercises                   the registry, answer forms and :func:`check`
editions                    the trainee and trainer editions, rendered through the report pipeline
targets_exercises           lesson 01, targets and the four requirements
scoring_exercises           lesson 02, indicator framework and scoring rules
ahp_exercises               lesson 03, AHP expert weights
objective_weight_exercises  lesson 04, entropy, CRITIC and combined weights
cba_exercises               lesson 05, cost-benefit analysis and ex-ante appraisal
monitoring_exercises        lesson 06, in-year monitoring and adjustment
panel_survey_exercises      lesson 07, evaluator panels and the satisfaction survey
long_term_exercises         lesson 08, long-term impact of science funding (DiD, RD, surrogates)
composite_exercises         lesson 09, composite indices and their robustness (TOPSIS, rank intervals, Sobol)
"""

# each lesson's module registers its exercises when imported
from perfmethods.course import (  # noqa: F401
    ahp_exercises,
    cba_exercises,
    composite_exercises,
    long_term_exercises,
    monitoring_exercises,
    objective_weight_exercises,
    panel_survey_exercises,
    scoring_exercises,
    targets_exercises,
)
from perfmethods.course.editions import CourseBuild, build_course, edition_notebook, lesson_paths
from perfmethods.course.exercises import Exercise, Mistake, check, exercise, exercise_data, list_exercises
from perfmethods.course.feedback import Feedback

__all__ = [
    "CourseBuild",
    "Exercise",
    "Feedback",
    "Mistake",
    "build_course",
    "check",
    "edition_notebook",
    "exercise",
    "exercise_data",
    "lesson_paths",
    "list_exercises",
]

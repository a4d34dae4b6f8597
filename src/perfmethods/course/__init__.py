"""The trainer's course: numbered lessons (notebooks/course/) with exercises that check themselves.

``check("03.2", answer)`` tells a trainee whether an answer is right and, when it is not, which kind of mistake it
shows (the matrix is not reciprocal, the weights were averaged instead of the judgments, rounded too early) without
giving the answer away. :func:`exercise_data` hands out the exercise's inputs, :func:`list_exercises` lists them.

Modules
-------
feedback        the Feedback result a check returns
exercises       the registry, answer forms and :func:`check`
ahp_exercises   lesson 03, AHP expert weights
cba_exercises   lesson 05, cost-benefit analysis and ex-ante appraisal
editions        the trainee and trainer editions, rendered through the report pipeline
"""

from perfmethods.course import ahp_exercises as _ahp_exercises  # noqa: F401  (registers lesson 03)
from perfmethods.course import cba_exercises as _cba_exercises  # noqa: F401  (registers lesson 05)
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

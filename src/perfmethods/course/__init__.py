"""The trainer's course: numbered lessons (notebooks/course/) with exercises that check themselves.

``check("03.2", answer)`` tells a trainee whether an answer is right and, when it is not, which kind of mistake it
shows (the matrix is not reciprocal, the weights were averaged instead of the judgments, rounded too early) without
giving the answer away. :func:`exercise_data` hands out the exercise's inputs, :func:`list_exercises` lists them.

Modules
-------
feedback        the Feedback result a check returns
exercises       the registry, answer forms and :func:`check`
targets_exercises  lesson 01, targets and the four requirements
scoring_exercises  lesson 02, indicator framework and scoring rules
ahp_exercises   lesson 03, AHP expert weights
editions        the trainee and trainer editions, rendered through the report pipeline
"""

from perfmethods.course import ahp_exercises as _ahp_exercises  # noqa: F401  (registers lesson 03)
from perfmethods.course import scoring_exercises as _scoring_exercises  # noqa: F401  (registers lesson 02)
from perfmethods.course import targets_exercises as _targets_exercises  # noqa: F401  (registers lesson 01)
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

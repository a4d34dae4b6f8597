"""Helpers shared by the course tests: a lesson's MISTAKES table and the three checks every table gets, and its
table of answers in the wrong form.

A lesson's test module lists concrete wrong answers, each with the mistake it must be recognised as::

    MISTAKES = [("02.1", lambda: ..., "not_capped"), ("02.5", "中", "wrong_band"), ...]

    class TestMistakes(MistakeTable):
        lesson = "02"
        table = MISTAKES

and the class runs, for that table: each wrong answer is named as its mistake; each wrong answer is really wrong
(outside the tolerance, measured here and not by the checker); every mistake the lesson's exercises define is
tested by some row. test_course_protocol.py checks that every lesson has such a table. A wrong answer is a value
or a function computing it (how it is computed is not under test, so library warnings raised meanwhile are
silenced). ``class TestForms(FormTable)`` with ``table = FORMS`` does the same for answers in the wrong form.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods import course

Row = tuple[str, Any, str]


def solution(exercise_id: str) -> Any:
    """The reference answer of an exercise, from its data."""
    item = course.exercise(exercise_id)
    return item.solve(item.data())


def verdict(exercise_id: str, answer: Any) -> tuple[str, str]:
    """``(verdict, mistake code)`` of checking ``answer``."""
    feedback = course.check(exercise_id, answer)
    return feedback.verdict, feedback.mistake


def answer_of(wrong: Any | Callable[[], Any]) -> Any:
    """The wrong answer of a table row (called when it is a function)."""
    if not callable(wrong):
        return wrong
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wrong()


def as_values(exercise_id: str, answer: Any) -> np.ndarray:
    """A number, vector or matrix answer as floats, a labelled answer aligned on the exercise's labels."""
    item = course.exercise(exercise_id)
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if isinstance(answer, pd.Series) and set(map(str, answer.index)) == set(item.labels):
        answer = answer.set_axis(list(map(str, answer.index))).reindex(list(item.labels))
    if isinstance(answer, pd.DataFrame) and set(map(str, answer.index)) == set(item.labels):
        answer = answer.set_axis(list(map(str, answer.index)), axis=0).set_axis(list(map(str, answer.columns)), axis=1)
        answer = answer.loc[list(item.labels), list(item.labels)]
    return np.asarray(answer, dtype=float)


def distance(exercise_id: str, answer: Any) -> float:
    """How far ``answer`` is from the reference: the largest absolute difference, or 0 / inf for a choice or pair."""
    item = course.exercise(exercise_id)
    expected = solution(exercise_id)
    if item.kind == "choice":
        return 0.0 if str(answer).strip() == expected else np.inf
    if item.kind == "pair":
        return 0.0 if frozenset(str(a).strip() for a in answer) == expected else np.inf
    values = as_values(exercise_id, answer)
    if item.kind == "number":
        values = values.ravel()
        assert values.size == 1, (exercise_id, answer)
        values = values[0]
    return float(np.max(np.abs(values - np.asarray(expected, dtype=float))))


def wrong_choices(exercise_id: str) -> list[Any]:
    """Every well-formed wrong answer of a choice or pair exercise ([] for the other kinds)."""
    item = course.exercise(exercise_id)
    expected = solution(exercise_id)
    if item.kind == "choice":
        return [c for c in item.choices if c != expected]
    if item.kind == "pair":
        return [p for p in itertools.combinations(item.labels, 2) if frozenset(p) != expected]
    return []


def reachable(exercise_id: str) -> set[str]:
    """The mistake codes a wrong answer can show: all defined ones, except for a choice or a pair, whose wrong
    answers can all be tried: there, only the codes some wrong answer gets."""
    item = course.exercise(exercise_id)
    if item.kind not in ("choice", "pair"):
        return {m.code for m in item.mistakes}
    return {verdict(exercise_id, answer)[1] for answer in wrong_choices(exercise_id)} - {""}


class MistakeTable:
    """The checks of one lesson's MISTAKES table (subclass it as ``TestMistakes`` with ``lesson`` and ``table``)."""

    lesson: ClassVar[str]
    table: ClassVar[Sequence[Row]]

    def pytest_generate_tests(self, metafunc: Any) -> None:
        if "row" in metafunc.fixturenames:
            ids = [f"{e}-{code}-{k}" for k, (e, _, code) in enumerate(self.table)]
            metafunc.parametrize("row", self.table, ids=ids)

    def test_each_wrong_answer_is_named_as_its_mistake(self, row: Row) -> None:
        exercise_id, wrong, code = row
        assert verdict(exercise_id, answer_of(wrong)) == ("mistake", code)

    def test_each_wrong_answer_is_really_wrong(self, row: Row) -> None:
        """A mistake test is only a test if the answer is wrong: beyond the tolerance, measured without check()."""
        exercise_id, wrong, _ = row
        assert distance(exercise_id, answer_of(wrong)) > course.exercise(exercise_id).tolerance, row

    def test_every_mistake_of_the_lesson_is_tested(self) -> None:
        ids = course.list_exercises(self.lesson)["id"].tolist()
        assert ids and {e for e, _, _ in self.table} <= set(ids)
        for exercise_id in ids:
            tested = {code for e, _, code in self.table if e == exercise_id}
            assert tested == reachable(exercise_id), exercise_id


class FormTable:
    """Answers in the wrong form and the words the form message must contain (subclass as ``TestForms`` with
    ``table`` = ``[(exercise id, answer, words), ...]``)."""

    table: ClassVar[Sequence[tuple[str, Any, str]]]

    def pytest_generate_tests(self, metafunc: Any) -> None:
        if "row" in metafunc.fixturenames:
            metafunc.parametrize("row", self.table, ids=[f"{e}-{k}" for k, (e, _, _) in enumerate(self.table)])

    def test_an_answer_in_the_wrong_form_says_what_form_is_expected(self, row: tuple[str, Any, str]) -> None:
        exercise_id, answer, words = row
        zh, en = (course.check(exercise_id, answer, language=language) for language in ("zh", "en"))
        assert zh.verdict == en.verdict == "malformed" and words in zh.message_zh and en.message_en, row

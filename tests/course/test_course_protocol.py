"""The checking protocol every registered exercise keeps (perfmethods.course), by the exercise's kind.

For every exercise of :func:`perfmethods.course.list_exercises`: the reference solution is accepted; an unanswered
exercise asks for an answer; :func:`exercise_data` hands out a fresh copy; anything within the stated tolerance is
accepted and anything beyond it rejected (number, vector, matrix); every wrong choice or pair is rejected; a
labelled answer is aligned on its labels; the feedback never shows the expected numbers or names the right choice;
each exercise recognises at least two mistakes; each lesson has a MISTAKES table (course_support.MistakeTable).

What is particular to a lesson (hand computations reproducing the library, its MISTAKES table, answers in the
wrong form, the lesson's facts) stays in tests/course/test_course_<topic>.py.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import html
import importlib
import itertools
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from course_support import MistakeTable, reachable, wrong_choices
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods import course
from perfmethods.course.cba_exercises import BENEFIT_CHOICES
from perfmethods.course.composite_exercises import OUTLIER_CHOICES, RANK_CHOICES
from perfmethods.course.long_term_exercises import PRETREND_CHOICES
from perfmethods.course.monitoring_exercises import LIGHT_CHOICES
from perfmethods.course.targets_exercises import CANDIDATES
from perfmethods.errors import InputError

IDS = course.list_exercises()["id"].tolist()
KIND = dict(zip(IDS, course.list_exercises()["kind"], strict=True))
NUMERIC = [i for i in IDS if KIND[i] in ("number", "vector", "matrix")]
LABELLED = [i for i in IDS if KIND[i] in ("vector", "matrix")]
DISCRETE = [i for i in IDS if KIND[i] in ("choice", "pair")]


@functools.cache
def solution(exercise_id: str) -> Any:
    item = course.exercise(exercise_id)
    return item.solve(item.data())


def test_there_are_exercises_of_every_kind() -> None:
    assert set(KIND.values()) == {"number", "vector", "matrix", "pair", "choice"}


# -- the solution, and no answer --------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise_id", IDS)
def test_the_solution_is_accepted(exercise_id: str) -> None:
    feedback = course.check(exercise_id, solution(exercise_id))
    assert feedback.correct and feedback.verdict == "correct" and bool(feedback) and feedback.mistake == ""


@pytest.mark.parametrize("exercise_id", IDS)
@pytest.mark.parametrize("answer", [None, ...])
def test_an_unanswered_exercise_asks_for_an_answer(exercise_id: str, answer: Any) -> None:
    zh = course.check(exercise_id, answer)
    en = course.check(exercise_id, answer, language="en")
    assert zh.verdict == en.verdict == "unanswered" and not zh.correct and not en
    assert "填写答案" in zh.message and "Fill in your answer" in en.message


def test_an_unknown_exercise_lists_the_exercises() -> None:
    with pytest.raises(InputError, match=r"There is no exercise '99\.9'.*01\.1.*09\.6"):
        course.check("99.9", 1)


@pytest.mark.parametrize("exercise_id", IDS)
def test_feedback_follows_the_result_protocol_in_both_languages(exercise_id: str) -> None:
    wrong = wrong_choices(exercise_id)[0] if exercise_id in DISCRETE else np.asarray(solution(exercise_id)) + 1e3
    zh, en = (course.check(exercise_id, wrong, language=lang) for lang in ("zh", "en"))
    assert zh.verdict == en.verdict == "mistake" and zh.message == zh.message_zh and en.message == en.message_en
    assert str(zh).startswith(f"练习 {exercise_id}：再想想。")
    assert str(en).startswith(f"Exercise {exercise_id}: not yet.")
    assert "再想想" in zh._repr_html_() and "<strong>Feedback</strong>" in zh._repr_html_()
    assert html.escape(zh.message) in zh._repr_html_() and html.escape(en.message) in en._repr_html_()
    assert zh.summary().columns.tolist() == ["exercise", "verdict", "mistake", "message"]
    json.dumps(zh.to_dict(), ensure_ascii=False, allow_nan=False)
    assert re.fullmatch(r"\d\d\.\d", zh.exercise)


# -- exercise_data hands out a fresh copy -----------------------------------------------------------------------
def _changed(value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return 0.0 if pd.isna(value) else value + 1
    if isinstance(value, str):
        return value + "（改）"
    return "（改）"


def _mutate(data: Any) -> Any:
    """Change ``data`` in place wherever it can be changed; return what replaces an unchangeable value."""
    if isinstance(data, pd.DataFrame):
        for j in range(data.shape[1]):
            data.isetitem(j, [_changed(v) for v in data.iloc[:, j]])
    elif isinstance(data, pd.Series):
        data.iloc[:] = [_changed(v) for v in data]
    elif isinstance(data, np.ndarray):
        if data.flags.writeable:
            data[...] = [_changed(v) for v in data.ravel()] if data.ndim else _changed(data.item())
    elif isinstance(data, dict):
        for key in list(data):
            data[key] = _mutate(data[key])
    elif isinstance(data, list):
        data[:] = [_mutate(v) for v in data]
    elif isinstance(data, tuple):
        for v in data:
            _mutate(v)
    elif dataclasses.is_dataclass(data) and not isinstance(data, type):
        for f in dataclasses.fields(data):
            _mutate(getattr(data, f.name))
    else:
        return _changed(data)
    return data


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, (pd.DataFrame, pd.Series)):
        return a.equals(b) and a.index.equals(b.index) and (isinstance(a, pd.Series) or a.columns.equals(b.columns))
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and all(_same(x, y) for x, y in zip(a.ravel().tolist(), b.ravel().tolist()))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, float) and np.isnan(a):
        return bool(np.isnan(b))
    return bool(a == b)


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_data_is_a_fresh_copy(exercise_id: str) -> None:
    before = copy.deepcopy(course.exercise_data(exercise_id))
    handed_out = _mutate(course.exercise_data(exercise_id))
    assert not _same(handed_out, before)  # the trainee's copy was changed everywhere it could be
    assert _same(course.exercise_data(exercise_id), before)
    assert course.check(exercise_id, solution(exercise_id)).correct


# -- the tolerance ----------------------------------------------------------------------------------------------
def _shape(exercise_id: str) -> tuple[int, ...]:
    return np.shape(np.asarray(solution(exercise_id), dtype=float))


@pytest.mark.parametrize("exercise_id", NUMERIC)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_anything_within_the_tolerance_is_accepted(exercise_id: str, data: st.DataObject) -> None:
    shape = _shape(exercise_id)
    noise = data.draw(st.lists(st.floats(-1, 1), min_size=max(1, int(np.prod(shape))),
                               max_size=max(1, int(np.prod(shape)))))
    answer = np.asarray(solution(exercise_id), dtype=float) + 0.99 * course.exercise(exercise_id).tolerance * \
        np.reshape(noise, shape)
    assert course.check(exercise_id, answer).correct


@pytest.mark.parametrize("exercise_id", NUMERIC)
@settings(max_examples=40, deadline=None)
@given(data=st.data(), factor=st.floats(1.5, 1e4), sign=st.sampled_from([-1, 1]))
def test_one_entry_beyond_the_tolerance_is_rejected(exercise_id: str, data: st.DataObject, factor: float,
                                                     sign: int) -> None:
    """One entry off by more than the tolerance (by more than 0.0015 where only the exact answer counts)."""
    answer = np.array(solution(exercise_id), dtype=float)
    index = data.draw(st.integers(0, answer.size - 1))
    answer.flat[index] += sign * factor * (course.exercise(exercise_id).tolerance or 1e-3)
    feedback = course.check(exercise_id, answer if answer.ndim else float(answer))
    assert not feedback.correct and feedback.verdict == "mistake"


@pytest.mark.parametrize("exercise_id", LABELLED)
def test_a_labelled_answer_is_aligned_on_its_labels(exercise_id: str) -> None:
    labels = list(course.exercise(exercise_id).labels)
    if KIND[exercise_id] == "vector":
        answer = pd.Series(solution(exercise_id), index=labels)
        assert course.check(exercise_id, answer.iloc[::-1]).correct  # the order of a Series does not matter
        assert course.check(exercise_id, dict(answer.iloc[::-1])).correct
    else:
        answer = pd.DataFrame(solution(exercise_id), index=labels, columns=labels)
        assert course.check(exercise_id, answer.iloc[::-1, ::-1]).correct


# -- choices and pairs ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise_id", DISCRETE)
def test_every_wrong_choice_is_rejected_and_the_right_one_accepted(exercise_id: str) -> None:
    item = course.exercise(exercise_id)
    every = item.choices if item.kind == "choice" else list(itertools.combinations(item.labels, 2))
    assert len(wrong_choices(exercise_id)) == len(every) - 1
    for answer in every:
        feedback = course.check(exercise_id, answer)
        right = (answer == solution(exercise_id)) if item.kind == "choice" else frozenset(answer) == solution(
            exercise_id)
        assert feedback.correct == right and feedback.verdict in ("correct", "mistake"), answer
    if item.kind == "choice":
        assert course.check(exercise_id, f" {solution(exercise_id)} ").correct  # stray spaces are forgiven
    else:
        assert course.check(exercise_id, tuple(sorted(solution(exercise_id), reverse=True))).correct


# -- the mistakes -----------------------------------------------------------------------------------------------
#: Exercises that cannot recognise two mistakes, and why (asserted below, so that the reason stays true).
#: 03.4 asks for one pair of criteria among ten: a wrong pair is either one of the other four pairs the AHP
#: diagnostics rank as deviating (``not_the_largest``) or a pair that hardly deviates (the hint). There is no
#: second kind of slip a pair answer could show without a change to ahp_exercises.
ONE_MISTAKE = {"03.4": {"not_the_largest"}}
#: Mistakes no wrong answer can show with the bundled data, and why. 07.5's ``strong_misread`` is recognised when
#: the trainee picks A ("strong agreement") while the data say otherwise; the culture programme's panel does agree
#: strongly, so A is the right answer here and the mistake waits for data on which W is weak.
UNREACHABLE = {"07.5": {"strong_misread"}}


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_exercise_recognises_at_least_two_mistakes_and_has_a_hint(exercise_id: str) -> None:
    item = course.exercise(exercise_id)
    codes = [m.code for m in item.mistakes]
    assert item.hint_zh and item.hint_en and len(set(codes)) == len(codes)
    assert all(m.message_zh and m.message_en for m in item.mistakes)
    shown = reachable(exercise_id)
    assert set(codes) - shown == UNREACHABLE.get(exercise_id, set())
    if exercise_id in ONE_MISTAKE:
        assert shown == ONE_MISTAKE[exercise_id]
    else:
        assert len(shown) >= 2


def test_every_lesson_has_a_mistakes_table() -> None:
    tables = set()
    for path in sorted(Path(__file__).parent.glob("test_course_*.py")):
        module = importlib.import_module(path.stem)
        tables |= {v.lesson for v in vars(module).values()
                   if isinstance(v, type) and issubclass(v, MistakeTable) and v is not MistakeTable}
    assert tables == set(course.list_exercises()["lesson"])


# -- never give the answer away ---------------------------------------------------------------------------------
#: What a lettered (or coded) choice stands for, as the lesson words it: naming it gives the answer away as well.
#: 07.5's four statements are written only in its notebook (the library keeps the letters): there the letter is
#: checked.
STATEMENTS: dict[str, dict[str, str]] = {
    "01.3": {k: v[1] for k, v in CANDIDATES.items()},
    "05.4": {k: "、".join(sorted(v)) for k, v in BENEFIT_CHOICES.items()},
    "06.3": LIGHT_CHOICES,
    "08.2": PRETREND_CHOICES,
    "09.2": OUTLIER_CHOICES,
    "09.5": RANK_CHOICES,
}


def _texts(exercise_id: str) -> list[str]:
    """Every text a trainee can be shown: each mistake's and the hint's message, and the feedback (message,
    str and the HTML's text) to probing answers of every form, in both languages."""
    item = course.exercise(exercise_id)
    texts = [m.message_zh for m in item.mistakes] + [m.message_en for m in item.mistakes]
    texts += [item.hint_zh, item.hint_en]
    probes = [None, 0.5, -3.0, 1000, 12345, "x", "A", [0.2] * max(2, len(item.labels)), np.ones((5, 5)),
              *wrong_choices(exercise_id)]
    if item.kind in ("number", "vector", "matrix"):
        probes += [np.asarray(solution(exercise_id), dtype=float) * k for k in (0.5, 2.0, 100.0)]
    for answer in probes:
        for language in ("zh", "en"):
            f = course.check(exercise_id, answer, language=language)
            page = html.unescape(re.sub(r"<[^>]+>", " ", f._repr_html_()))
            texts.append(f"{f.message}\n{f}\n{page}")
    return texts


def _forms(value: float) -> set[str]:
    """``value`` as a reader would write it: 2 to 4 decimals, 1 decimal from 1 up, whole from 10 up, its
    shortest form unless 0 or 1, with thousands separators, and a share up to 1 as a percentage."""
    a = abs(float(value))
    forms = {f"{a:.2f}", f"{a:.3f}", f"{a:.4f}", f"{a:,.2f}"}
    if a >= 1:
        forms |= {f"{a:.1f}", f"{a:,.1f}"}
    if a >= 10:
        forms |= {f"{a:.0f}", f"{a:,.0f}"}
    if a not in (0.0, 1.0):
        forms.add(f"{a:g}")
    if 0 < a <= 1:
        forms |= {f"{100 * a:.0f}%", f"{100 * a:.1f}%", f"{100 * a:.2f}%"}
    return forms


def _shows(text: str, form: str) -> bool:
    """``form`` written as a number of its own in ``text`` (not part of 10.75, E17 or 3.20)."""
    return re.search(rf"(?<![A-Za-z\d.]){re.escape(form)}(?!\d)", text) is not None


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_feedback_never_shows_the_expected_numbers(exercise_id: str) -> None:
    texts = _texts(exercise_id)
    for value in np.ravel(np.asarray(solution(exercise_id), dtype=float)):
        for form in _forms(value):
            assert not any(_shows(text, form) for text in texts), (exercise_id, form)


def _names(exercise_id: str, choice: str) -> list[str]:
    """Patterns of the ways a text names ``choice``: a letter standing on its own (not the English article "A"
    before a word), a word or code anywhere, and the statement the choice stands for."""
    if re.fullmatch(r"[A-Z]", choice):
        patterns = [rf"(?<![A-Za-z0-9_]){choice}(?![A-Za-z0-9_])" + (r"(?!\s+[a-z])" if choice == "A" else "")]
    else:
        patterns = [re.escape(choice)]
    statement = STATEMENTS.get(exercise_id, {}).get(choice)
    return patterns + ([re.escape(statement)] if statement else [])


def _named(text: str, exercise_id: str, choice: str) -> bool:
    return any(re.search(pattern, text) for pattern in _names(exercise_id, choice))


@pytest.mark.parametrize("exercise_id", DISCRETE)
def test_feedback_never_names_the_right_choice(exercise_id: str) -> None:
    """A text that lists every choice (the form message, a hint with the bands) gives nothing away."""
    item = course.exercise(exercise_id)
    right = solution(exercise_id)
    if item.kind == "pair":
        for text in _texts(exercise_id):
            listed = all(label in text for label in item.labels)
            assert listed or not all(label in text for label in right), (exercise_id, text)
        return
    others = [c for c in item.choices if c != right]
    for text in _texts(exercise_id):
        if all(_named(text, exercise_id, c) for c in others):
            continue
        assert not _named(text, exercise_id, right), (exercise_id, text)


def test_the_statements_are_those_of_the_exercises() -> None:
    for exercise_id, statements in STATEMENTS.items():
        assert set(statements) == set(course.exercise(exercise_id).choices), exercise_id
    lettered = {i for i in DISCRETE
                if KIND[i] == "choice" and all(re.fullmatch(r"[A-Z]", c) for c in course.exercise(i).choices)}
    assert lettered - set(STATEMENTS) == {"07.5"}

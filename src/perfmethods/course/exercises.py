"""Exercises that check themselves: the registry, answer shapes, and :func:`check`.

An :class:`Exercise` holds its data (what the trainee works on, from the bundled examples), the reference solution
computed by the library, a stated tolerance, and the typical mistakes it recognises. A :class:`Mistake` is a
predicate on the trainee's answer — most compute the wrong answer a known slip produces (column sums instead of row
sums, the consistency index instead of the ratio, the mean of the experts' weights instead of their judgments) and
compare — with a message that names the kind of mistake without giving the answer away.

:func:`check` answers in this order: not answered yet; answer in the wrong form (length, labels, shape); correct
within the tolerance; the first recognised mistake; otherwise the exercise's general hint.

Written by hand: no library checks exercises against a catalogue of typical mistakes (nbgrader grades against
hidden tests and reports pass/fail, which is what a trainee learns least from).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from perfmethods.course.feedback import Feedback
from perfmethods.errors import InputError
from perfmethods.validation import check_language

__all__ = ["Exercise", "Mistake", "check", "exercise", "exercise_data", "list_exercises", "register"]

Kind = Literal["number", "vector", "matrix", "pair", "choice"]


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: ``detect(answer, data)`` is True when the (well-formed, wrong) answer shows it."""

    code: str
    message_zh: str
    message_en: str
    detect: Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lesson.

    Attributes
    ----------
    id : ``"NN.k"``: lesson number and exercise number (``"03.2"``).
    title_zh, title_en : a short title.
    kind : the answer's form — a number, a vector (one value per label), a square matrix, an unordered pair of
        labels, or one choice among :attr:`choices`.
    data : returns the exercise's inputs (a fresh copy on each call).
    solve : the reference answer from the inputs, computed by the library.
    tolerance : the largest absolute difference accepted, stated to the trainee (e.g. three decimals → 0.0006).
    mistakes : recognised mistakes, tried in order.
    hint_zh, hint_en : what to say when the answer is wrong in an unrecognised way.
    labels : the labels of a vector's or matrix's entries (an answer given as a Series or DataFrame is aligned
        on them); for a pair, the labels the pair is chosen from.
    choices : the allowed answers of a choice exercise.
    """

    id: str
    title_zh: str
    title_en: str
    kind: Kind
    data: Callable[[], Any]
    solve: Callable[[Any], Any]
    tolerance: float = 0.0
    mistakes: tuple[Mistake, ...] = ()
    hint_zh: str = "答案不对，请按本节的步骤逐步核对。"
    hint_en: str = "Not right yet: go through the steps of this section again."
    labels: tuple[str, ...] = ()
    choices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def lesson(self) -> str:
        """The lesson number (``"03"``)."""
        return self.id.split(".")[0]


_REGISTRY: dict[str, Exercise] = {}


def register(*exercises: Exercise) -> None:
    """Add exercises to the registry (each lesson's module registers its own when imported)."""
    for item in exercises:
        if item.id in _REGISTRY:
            raise ValueError(f"exercise {item.id} is registered twice")
        _REGISTRY[item.id] = item


def list_exercises(lesson: str | None = None) -> pd.DataFrame:
    """The registered exercises (``id``, ``lesson``, ``title_zh``, ``title_en``, ``kind``, ``tolerance``)."""
    rows = [
        {"id": e.id, "lesson": e.lesson, "title_zh": e.title_zh, "title_en": e.title_en, "kind": e.kind,
         "tolerance": e.tolerance}
        for e in sorted(_REGISTRY.values(), key=lambda e: tuple(int(p) for p in e.id.split(".")))
        if lesson is None or e.lesson == lesson
    ]
    return pd.DataFrame(rows, columns=["id", "lesson", "title_zh", "title_en", "kind", "tolerance"])


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; :class:`~perfmethods.errors.InputError` naming the known ids otherwise."""
    key = str(exercise_id).strip()
    if key not in _REGISTRY:
        known = "、".join(sorted(_REGISTRY)) or "(none)"
        raise InputError(f"There is no exercise '{exercise_id}'. The exercises are: {known}.")
    return _REGISTRY[key]


def exercise_data(exercise_id: str) -> Any:
    """The inputs of an exercise, as the trainee works on them (a fresh copy)."""
    return exercise(exercise_id).data()


# -- answers in the exercise's form -----------------------------------------------------------------------

class _Malformed(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _number(answer: Any) -> float:
    if isinstance(answer, (bool, np.bool_)):
        raise _Malformed("答案应是一个数，而不是真假值。", "The answer should be a number, not True/False.")
    try:
        value = float(np.asarray(answer, dtype=float).item()) if np.ndim(answer) else float(answer)
    except (TypeError, ValueError):
        raise _Malformed("答案应是一个数（例如 0.123）。", "The answer should be one number (e.g. 0.123).") from None
    if not math.isfinite(value):
        raise _Malformed("答案不是有限的数。", "The answer is not a finite number.")
    return value


def _vector(answer: Any, labels: Sequence[str]) -> np.ndarray:
    n = len(labels)
    if isinstance(answer, Mapping):
        answer = pd.Series(answer)
    if isinstance(answer, pd.Series) and not isinstance(answer.index, pd.RangeIndex):
        names = [str(i) for i in answer.index]
        if set(names) != set(labels):
            raise _Malformed(
                f"答案的标签应为 {'、'.join(labels)}；你给的是 {'、'.join(names)}。",
                f"The answer's labels should be {', '.join(labels)}; you gave {', '.join(names)}.",
            )
        answer = pd.Series(answer.to_numpy(), index=names).reindex(list(labels))
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        raise _Malformed("答案应是一列数。", "The answer should be a list of numbers.") from None
    if values.size != n:
        raise _Malformed(
            f"答案应有 {n} 个数（依次对应 {'、'.join(labels)}），你给了 {values.size} 个。",
            f"The answer should have {n} numbers (for {', '.join(labels)} in this order); you gave {values.size}.",
        )
    if not np.isfinite(values).all():
        raise _Malformed("答案中有空值或非有限的数。", "The answer has blanks or non-finite numbers.")
    return values


def _matrix(answer: Any, labels: Sequence[str]) -> np.ndarray:
    n = len(labels)
    if isinstance(answer, pd.DataFrame):
        rows, cols = [str(i) for i in answer.index], [str(c) for c in answer.columns]
        if set(rows) == set(labels) and set(cols) == set(labels):
            answer = answer.set_axis(rows, axis=0).set_axis(cols, axis=1).loc[list(labels), list(labels)]
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise _Malformed("答案应是一个数值矩阵。", "The answer should be a matrix of numbers.") from None
    if values.shape != (n, n):
        raise _Malformed(
            f"答案应是 {n}×{n} 的矩阵，你给的形状是 {'×'.join(map(str, values.shape)) or '一个数'}。",
            f"The answer should be a {n}×{n} matrix; yours has shape {values.shape}.",
        )
    if not np.isfinite(values).all():
        raise _Malformed("矩阵中还有空格（缺失值）。", "The matrix still has blanks (missing values).")
    return values


def _pair(answer: Any, labels: Sequence[str]) -> frozenset[str]:
    if isinstance(answer, str) or not isinstance(answer, (Sequence, set, frozenset)) or len(answer) != 2:
        raise _Malformed("答案应是两个指标名称，例如 (\"决策\", \"过程\")。",
                         "The answer should be two criterion names, e.g. (\"决策\", \"过程\").")
    names = [str(a).strip() for a in answer]
    unknown = [a for a in names if a not in labels]
    if unknown:
        raise _Malformed(f"“{'、'.join(unknown)}”不是本题的指标；可选：{'、'.join(labels)}。",
                         f"'{', '.join(unknown)}' is not a criterion here; choose from {', '.join(labels)}.")
    if names[0] == names[1]:
        raise _Malformed("两个指标应不同：对角线上的判断总是 1。",
                         "Name two different criteria: a criterion compared with itself is always 1.")
    return frozenset(names)


def _choice(answer: Any, choices: Sequence[str]) -> str:
    text = str(answer).strip()
    if text not in choices:
        raise _Malformed(f"请从以下选项中选择一个：{'、'.join(choices)}。",
                         f"Choose one of: {', '.join(choices)}.")
    return text


def _normalise(item: Exercise, answer: Any) -> Any:
    if item.kind == "number":
        return _number(answer)
    if item.kind == "vector":
        return _vector(answer, item.labels)
    if item.kind == "matrix":
        return _matrix(answer, item.labels)
    if item.kind == "pair":
        return _pair(answer, item.labels)
    return _choice(answer, item.choices)


def _equal(item: Exercise, answer: Any, expected: Any) -> bool:
    if item.kind in ("pair", "choice"):
        return bool(answer == expected)
    difference = np.abs(np.asarray(answer, dtype=float) - np.asarray(expected, dtype=float))
    return bool(np.all(difference <= item.tolerance + 1e-12))


def close(answer: Any, value: Any, tolerance: float) -> bool:
    """True when every entry of ``answer`` is within ``tolerance`` of ``value`` (mistake detectors use it)."""
    a, b = np.asarray(answer, dtype=float), np.asarray(value, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= tolerance + 1e-12))


def check(exercise_id: str, answer: Any, *, language: str = "zh") -> Feedback:
    """Check a trainee's answer to an exercise.

    Parameters
    ----------
    exercise_id : the exercise, ``"NN.k"`` (``"03.2"``); :func:`list_exercises` lists them.
    answer : the answer in the exercise's form (a number; a list, array or Series of numbers; a matrix as a
        nested list, array or DataFrame; a pair of names; a choice). ``None`` or ``...`` means not answered yet.
    language : ``"zh"`` (default) or ``"en"``, the language the feedback is shown in.

    Returns
    -------
    Feedback
        ``.correct``, the verdict, the code of a recognised mistake and a message that names the kind of mistake
        without giving the answer.
    """
    language = check_language(language, func="check")
    item = exercise(exercise_id)
    if answer is None or answer is Ellipsis:
        return Feedback(item.id, "unanswered", "", "请先在上面的单元格中填写答案，再运行检查。",
                        "Fill in your answer in the cell above, then run the check.", language)
    try:
        given = _normalise(item, answer)
    except _Malformed as bad:
        return Feedback(item.id, "malformed", "", bad.zh, bad.en, language)
    data = item.data()
    if _equal(item, given, item.solve(data)):
        return Feedback(item.id, "correct", "", "答案正确。", "That is right.", language)
    for mistake in item.mistakes:
        if mistake.detect(given, data):
            return Feedback(item.id, "mistake", mistake.code, mistake.message_zh, mistake.message_en, language)
    return Feedback(item.id, "mistake", "", item.hint_zh, item.hint_en, language)

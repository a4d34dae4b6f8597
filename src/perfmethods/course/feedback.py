"""What a trainee sees after checking an answer: right or not, and which kind of mistake, never the answer.

A :class:`Feedback` is the result of :func:`perfmethods.course.check`. Its message names the *class* of mistake
("the matrix is not reciprocal", "you averaged the experts' weights instead of their judgments") so that the
trainee can find it; it never prints the expected numbers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from perfmethods.results import Result

__all__ = ["Feedback"]

#: Verdicts of a check, with the words a trainee reads.
VERDICTS: dict[str, tuple[str, str]] = {
    "correct": ("正确", "correct"),
    "mistake": ("再想想", "not yet"),
    "unanswered": ("尚未作答", "not answered yet"),
    "malformed": ("答案格式不对", "answer in the wrong form"),
}
_COLOURS = {"correct": "#1b7f3b", "mistake": "#b26a00", "unanswered": "#666666", "malformed": "#b00020"}


@dataclass(frozen=True, repr=False)
class Feedback(Result):
    """The outcome of checking one exercise.

    Attributes
    ----------
    exercise : the exercise id (``"03.2"``).
    verdict : ``"correct"``, ``"mistake"``, ``"unanswered"`` or ``"malformed"``.
    mistake : the code of the recognised mistake (``"not_reciprocal"``), ``""`` when none was recognised.
    message_zh, message_en : what to tell the trainee.
    language : the language the feedback is shown in.
    """

    exercise: str
    verdict: str
    mistake: str
    message_zh: str
    message_en: str
    language: str = "zh"

    _headline_fields: ClassVar[tuple[str, ...]] = ("exercise", "verdict", "mistake")

    @property
    def correct(self) -> bool:
        """True when the answer is right (within the exercise's stated tolerance)."""
        return self.verdict == "correct"

    @property
    def message(self) -> str:
        """The message in :attr:`language`."""
        return self.message_zh if self.language == "zh" else self.message_en

    def __bool__(self) -> bool:
        return self.correct

    def summary(self) -> pd.DataFrame:
        """One row: exercise, verdict, mistake code and the message."""
        return pd.DataFrame(
            [{"exercise": self.exercise, "verdict": self.verdict, "mistake": self.mistake, "message": self.message}]
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "verdict": self.verdict,
            "mistake": self.mistake,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "language": self.language,
        }

    def __str__(self) -> str:
        zh, en = VERDICTS[self.verdict]
        word = zh if self.language == "zh" else en
        label = f"练习 {self.exercise}" if self.language == "zh" else f"Exercise {self.exercise}"
        return f"{label}：{word}。{self.message}" if self.language == "zh" else f"{label}: {word}. {self.message}"

    def _repr_html_(self) -> str:
        zh, en = VERDICTS[self.verdict]
        word = zh if self.language == "zh" else en
        label = (
            f"练习 {html.escape(self.exercise)} 反馈（<strong>Feedback</strong>）"
            if self.language == "zh"
            else f"Exercise {html.escape(self.exercise)} — <strong>Feedback</strong>"
        )
        colour = _COLOURS[self.verdict]
        return (
            f'<div class="pm-feedback pm-feedback-{self.verdict}" style="border-left:4px solid {colour};'
            f'padding:0.4em 0.8em;margin:0.4em 0;background:#fafafa">'
            f'<div style="font-size:0.85em;color:#555">{label}</div>'
            f'<div style="color:{colour};font-weight:bold">{html.escape(word)}</div>'
            f"<div>{html.escape(self.message)}</div></div>"
        )

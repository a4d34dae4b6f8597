"""Findings: what a check found, in both report languages.

Scoring, data-quality checks and target linting all report what they find as :class:`Finding`
objects rather than printing or silently adjusting: a finding names the rule that fired, the
indicator it concerns, how serious it is, and says so in Chinese and English, with a suggestion.
Reports list them; tests assert on ``code``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pandas as pd

__all__ = ["Severity", "Finding", "findings_frame"]


class Severity(str, Enum):
    """``error``: the result is wrong or cannot be computed without a fix;
    ``warning``: the result stands but needs an explanation or a look;
    ``info``: worth knowing."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One finding.

    Attributes
    ----------
    code : stable rule id, e.g. ``"unmet_target"``, ``"overachievement"``, ``"missing_actual"``.
    severity : :class:`Severity`.
    message_zh, message_en : the finding, in Chinese and English.
    indicator_id : the indicator concerned, or ``None`` for project-level findings.
    suggestion_zh, suggestion_en : what to do about it ("" when nothing is to be done).
    """

    code: str
    severity: Severity
    message_zh: str
    message_en: str
    indicator_id: str | None = None
    suggestion_zh: str = ""
    suggestion_en: str = ""

    def message(self, language: str = "zh") -> str:
        return self.message_en if language == "en" else self.message_zh

    def suggestion(self, language: str = "zh") -> str:
        return self.suggestion_en if language == "en" else self.suggestion_zh

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "indicator_id": self.indicator_id,
                "message_zh": self.message_zh, "message_en": self.message_en,
                "suggestion_zh": self.suggestion_zh, "suggestion_en": self.suggestion_en}


def findings_frame(findings: Iterable[Finding], language: str = "zh") -> pd.DataFrame:
    """A tidy table of findings in one language (columns: severity, indicator_id, code, message, suggestion)."""
    rows = [{"severity": f.severity.value, "indicator_id": f.indicator_id, "code": f.code,
             "message": f.message(language), "suggestion": f.suggestion(language)} for f in findings]
    return pd.DataFrame(rows, columns=["severity", "indicator_id", "code", "message", "suggestion"])

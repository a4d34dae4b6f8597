"""Findings: what a check found, in both report languages.

Scoring, data-quality checks and target linting all report what they find as :class:`Finding`
objects rather than printing or silently adjusting: a finding names the rule that fired, the
indicator it concerns, how serious it is, and says so in Chinese and English, with a suggestion.
Reports list them; tests assert on ``code``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from perfmethods.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Bilingual", "Finding", "FindingTemplate", "Phrase", "Severity", "findings_frame", "render_finding",
]


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
    import pandas as pd

    rows = [{"severity": f.severity.value, "indicator_id": f.indicator_id, "code": f.code,
             "message": f.message(language), "suggestion": f.suggestion(language)} for f in findings]
    return pd.DataFrame(rows, columns=["severity", "indicator_id", "code", "message", "suggestion"])


@dataclass(frozen=True)
class FindingTemplate:
    """The default severity and the zh/en message and suggestion templates of one finding code.

    The templates are :meth:`str.format` strings; :func:`render_finding` fills them.
    """

    severity: Severity
    message_zh: str
    message_en: str
    suggestion_zh: str = ""
    suggestion_en: str = ""


@dataclass(frozen=True)
class Bilingual:
    """A field value written differently in each language (e.g. a list joined with 、 or with ,)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Phrase:
    """A field value taken by key from a table of ``(zh, en)`` phrases, with its own fields."""

    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)


def _resolve(value: Any, index: int, phrases: Mapping[str, tuple[str, str]]) -> Any:
    """A field value in one language (``index`` 0 = zh, 1 = en)."""
    if isinstance(value, Bilingual):
        return (value.zh, value.en)[index]
    if isinstance(value, Phrase):
        if value.key not in phrases:
            raise InputError(f"There is no finding phrase {value.key!r}; the phrases are {sorted(phrases)}.")
        fields = {k: _resolve(v, index, phrases) for k, v in value.fields.items()}
        return phrases[value.key][index].format(**fields)
    return value


def render_finding(
    code: str,
    templates: Mapping[str, FindingTemplate],
    phrases: Mapping[str, tuple[str, str]],
    indicator: str | None = None,
    *,
    severity: Severity | None = None,
    suggest: bool = True,
    **fields: Any,
) -> Finding:
    """The finding ``code`` with its template from ``templates`` filled in both languages.

    Parameters
    ----------
    code : a key of ``templates``.
    templates : finding code → :class:`FindingTemplate`.
    phrases : phrase key → ``(zh, en)``: the parts of a message that depend on the case.
    indicator : the indicator concerned, or ``None`` for a project-level finding.
    severity : overrides the template's default severity.
    suggest : ``False`` leaves the suggestion out (e.g. the unit has already explained).
    **fields : the template's fields: plain values (the same in both languages), :class:`Bilingual` pairs
        or :class:`Phrase` keys of ``phrases``.

    Raises
    ------
    InputError : an unknown code or phrase.
    """
    if code not in templates:
        raise InputError(f"There is no finding template for the code {code!r}; the codes are "
                         f"{sorted(templates)}.")
    tpl = templates[code]
    zh = {k: _resolve(v, 0, phrases) for k, v in fields.items()}
    en = {k: _resolve(v, 1, phrases) for k, v in fields.items()}
    return Finding(
        code=code,
        severity=severity or tpl.severity,
        message_zh=tpl.message_zh.format(**zh),
        message_en=tpl.message_en.format(**en),
        indicator_id=indicator,
        suggestion_zh=tpl.suggestion_zh.format(**zh) if suggest else "",
        suggestion_en=tpl.suggestion_en.format(**en) if suggest else "",
    )

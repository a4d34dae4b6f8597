"""Targets and actuals as written in real tables: ``"≥266米"``, ``"735 人次"``, ``"100 %"``, ``"有效"``.

Published self-evaluation tables (项目支出绩效自评表) write targets and actual values as text. A
:class:`ParsedValue` keeps the original text beside the operator, number(s) and unit read from it, so a
report can show exactly what the table said while the scoring engine works on numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ParsedValue"]


@dataclass(frozen=True)
class ParsedValue:
    """A target or actual value parsed from text.

    Attributes
    ----------
    text : the original text, unchanged (``""`` when the cell was empty).
    operator : one of ``"≥"``, ``"≤"``, ``"="``, ``"区间"`` (a range ``value``–``upper``), or ``None``
        when the text carries no operator (``"735 人次"``) or is not numeric (``"有效"``).
    value : the number (the lower bound for a range), or ``None`` for qualitative text.
    upper : the upper bound of a range, else ``None``.
    unit : the unit as written after the number (``"米"``, ``"%"``, ``"万人次"``), ``""`` if none.
    """

    text: str
    operator: str | None = None
    value: float | None = None
    upper: float | None = None
    unit: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.value is not None

    @property
    def is_missing(self) -> bool:
        return self.text.strip() == "" and self.value is None

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "operator": self.operator, "value": self.value, "upper": self.upper,
                "unit": self.unit}

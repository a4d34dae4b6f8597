"""PEFA-style aggregation of ordinal dimension scores (A/B/C/D) into an indicator score (A … D with '+').

PEFA Secretariat (2016), *Framework for assessing public financial management*, Washington DC, §2.2
"Scoring methodology". Each dimension of an indicator is scored A, B, C or D (D* = D for lack of information,
aggregated as D). The **M1 — weakest link (WL)** method gives the indicator the lowest dimension score, with a '+'
when any other dimension scores higher (B, A, C → C+; C, C → C): a weak dimension undermines the others.

The Framework's other method, M2 (averaging), reads each combination of dimension scores off its conversion table
(Table 1). That table is not encoded here: no copy of it could be checked against the Framework's own text, and a
recalled table is not a published number.

A one-dimensional indicator's score is its dimension score under both methods. ``NA`` (not applicable) and ``NU``
(not used) dimensions are left out; an indicator whose dimensions are all left out is ``NA``.

Ordinal scores are placed on a number line only for charts (D = 1, D+ = 1.5, C = 2, … A = 4, see
:data:`GRADE_POSITIONS`); no score is computed from those numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import check_language, shown_value

__all__ = ["DIMENSION_GRADES", "GRADE_POSITIONS", "PEFAScoreResult", "pefa_indicator_scores"]

#: Dimension scores from lowest to highest.
DIMENSION_GRADES: tuple[str, ...] = ("D", "C", "B", "A")

#: Indicator scores on a chart's number line (ordinal: used for drawing only).
GRADE_POSITIONS: dict[str, float] = {"D": 1.0, "D+": 1.5, "C": 2.0, "C+": 2.5, "B": 3.0, "B+": 3.5, "A": 4.0}

_NOT_COUNTED = {"NA", "NU", "N/A"}

@dataclass(frozen=True, repr=False)
class PEFAScoreResult(Result):
    """Indicator scores aggregated from dimension scores by PEFA's M1 (weakest link) method.

    Attributes
    ----------
    table : one row per indicator (index = indicator): ``method`` (M1), ``dimensions`` (the dimension scores
        as given, e.g. ``"B C A"``), ``n_dimensions`` (those counted), ``score`` (e.g. ``"C+"``; ``"NA"`` when no
        dimension counts).
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("n_indicators",)

    table: pd.DataFrame

    @property
    def scores(self) -> pd.Series:
        """The indicator scores, by indicator."""
        return self.table["score"]

    @property
    def n_indicators(self) -> int:
        return int(len(self.table))

    def summary(self) -> pd.DataFrame:
        """indicator, method, dimensions, n_dimensions, score — in the order given."""
        return self.table.reset_index()

    def to_frame(self) -> pd.DataFrame:
        """The table indexed by indicator."""
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"indicators": json_records(self.summary())}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the indicator scores on the D … A scale (NA indicators are left out)."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.composite.ranking.")
        shown = self.table[self.table["score"].isin(list(GRADE_POSITIONS))]
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.35 * max(len(shown), 1) + 1.4))
        ax.barh([str(i) for i in shown.index][::-1], [GRADE_POSITIONS[s] for s in shown["score"]][::-1],
                color="#55A868")
        ax.set_xlim(0, 4.3)
        ax.set_xticks(list(GRADE_POSITIONS.values()), list(GRADE_POSITIONS))
        ax.set_title(tr("pefa.title"))
        ax.set_xlabel(tr("pefa.x"))
        return ax


def _empty(value: Any) -> bool:
    """An empty cell: an indicator with fewer dimensions than the table has columns."""
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def _clean(value: Any) -> str | None:
    """A dimension score as one of A, B, C, D (``"?"`` when unreadable); ``None`` when not counted or empty."""
    if _empty(value):
        return None
    text = str(value).strip().upper().replace("＊", "*")
    if text in _NOT_COUNTED:
        return None
    if text == "D*":
        return "D"
    return text if text in DIMENSION_GRADES else "?"


def _m1(scores: list[str]) -> str:
    order = sorted(scores, key=DIMENSION_GRADES.index)
    return order[0] + ("+" if order[-1] != order[0] else "")


def _rows(scores: Any) -> dict[str, list[Any]]:
    if isinstance(scores, pd.DataFrame):
        return {str(i): list(row) for i, row in zip(scores.index, scores.itertuples(index=False, name=None),
                                                    strict=True)}
    if isinstance(scores, Mapping):
        out = {}
        for key, value in scores.items():
            if isinstance(value, str) or not hasattr(value, "__iter__"):
                raise InputError("pefa_indicator_scores: each indicator needs a list of dimension scores "
                                 f"(e.g. ['B', 'C', 'A']); got {shown_value(value)}", location={"indicator": key})
            out[str(key)] = list(value)
        return out
    raise InputError("The 'scores' parameter of pefa_indicator_scores must be a DataFrame (indicators × dimensions) "
                     f"or a mapping {{indicator: [dimension scores]}}; got {type(scores).__name__} instead.")


def pefa_indicator_scores(scores: Any) -> PEFAScoreResult:
    """Aggregate each indicator's dimension scores by PEFA's M1 method (weakest link).

    Parameters
    ----------
    scores : a DataFrame with one row per indicator (index = indicator id, e.g. ``PI-8``) and one column per
        dimension (empty cells for indicators with fewer dimensions), or a mapping
        ``{indicator: [dimension scores]}``. Scores are ``A``, ``B``, ``C``, ``D`` or ``D*``; ``NA`` / ``NU`` are
        not counted.

    Returns
    -------
    PEFAScoreResult

    Raises
    ------
    InputError : a dimension score other than A/B/C/D/D*/NA/NU (naming indicator and dimension).

    Examples
    --------
    >>> pefa_indicator_scores({"PI-1": ["B", "C", "A"]}).scores.tolist()
    ['C+']
    """
    func = "pefa_indicator_scores"
    rows = _rows(scores)
    columns = list(scores.columns) if isinstance(scores, pd.DataFrame) else None
    records = []
    for indicator, given in rows.items():
        cleaned = [_clean(v) for v in given]
        for pos, (raw, value) in enumerate(zip(given, cleaned, strict=True)):
            if value == "?":
                dimension = str(columns[pos]) if columns is not None else pos + 1
                raise InputError(f"{func}: a dimension score must be A, B, C, D or D* (NA or NU when not counted); "
                                 f"got {shown_value(raw)}", location={"indicator": indicator, "dimension": dimension})
        counted = [v for v in cleaned if v is not None]
        score = "NA" if not counted else _m1(counted)
        shown = " ".join(str(r).strip().upper() for r in given if not _empty(r))
        records.append({"indicator": indicator, "method": "M1", "dimensions": shown,
                        "n_dimensions": len(counted), "score": score})
    table = pd.DataFrame.from_records(records, columns=["indicator", "method", "dimensions", "n_dimensions", "score"])
    return PEFAScoreResult(table=table.set_index("indicator"))



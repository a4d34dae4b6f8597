"""Validated inputs of a project evaluation: actual values, the budget, evaluator scores, the survey.

These are the objects :mod:`perfmethods.io` builds from a project's files and
:func:`perfmethods.evaluation.evaluate` consumes. Each is validated once, here, at construction; the
methods downstream trust them. None of them keeps a reference to the caller's data: tables are copied.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from perfmethods.errors import InputError
from perfmethods.model.values import ParsedValue
from perfmethods.validation import check_number, shown_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ActualValue", "Actuals", "AMOUNT_MAX", "Budget", "PanelScores", "SurveyResponses",
           "QUALITATIVE_TIERS", "check_amount", "check_panel_scores", "first_undeclared_fall"]

#: The largest budget amount accepted, in any currency unit: 10^15 is above every public budget even in 元
#: (China's national budget is about 3 × 10^13 元) and floats still hold every whole number up to it.
AMOUNT_MAX = 1.0e15

#: The three qualitative tiers of 10号 (单位自评), canonical names. Aliases are accepted on input.
QUALITATIVE_TIERS: tuple[str, str, str] = ("达成", "部分达成", "未达成")

_TOL = 1e-9

_TIER_ALIASES = {
    "达成": "达成", "达成年度指标": "达成", "achieved": "达成", "met": "达成", "完成": "达成",
    "部分达成": "部分达成", "部分达成年度指标并具有一定效果": "部分达成", "partly achieved": "部分达成",
    "partial": "部分达成", "partially achieved": "部分达成", "基本达成": "部分达成",
    "未达成": "未达成", "未达成年度指标且效果较差": "未达成", "not achieved": "未达成", "unmet": "未达成",
    "未完成": "未达成",
    # as written in published 自评表 (e.g. 池州市贵池区棠溪镇 2022: "达成预期指标")
    "达成预期指标": "达成", "部分达成预期指标": "部分达成", "未达成预期指标": "未达成",
}


def parse_tier(value: object, *, location: Mapping[str, object] | None = None) -> str | None:
    """Canonical tier name (达成 / 部分达成 / 未达成) from the spellings used in tables, or ``None``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if text == "" or text.lower() == "nan":
        return None
    tier = _TIER_ALIASES.get(text) or _TIER_ALIASES.get(text.lower())
    if tier is None:
        raise InputError(
            f"unknown qualitative tier {text!r}; expected 达成 / 部分达成 / 未达成 "
            "(or achieved / partly achieved / not achieved)",
            location=location,
        )
    return tier


def _float_or_none(value: object) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


@dataclass(frozen=True)
class ActualValue:
    """The reported actual value of one indicator (实际完成值), with an optional reviewer override.

    Attributes
    ----------
    indicator_id : the indicator's id.
    value : the actual as parsed from its text (``ParsedValue("")`` when missing).
    tier : for qualitative indicators, the evaluator's tier (达成 / 部分达成 / 未达成).
    tier_score : for qualitative indicators, the points the evaluator gave inside the tier.
    reviewer_score : a reviewer's score (复核得分) that replaces the formula score; needs ``reviewer_reason``.
    reviewer_reason : the written reason for the override (扣分原因 / 复核说明).
    note : the unit's explanation (e.g. for over-achievement or a shortfall: 偏差原因).
    row : the row of the actuals table it was read from (for error messages), ``None`` when not from a file.
    """

    indicator_id: str
    value: ParsedValue = field(default_factory=lambda: ParsedValue(""))
    tier: str | None = None
    tier_score: float | None = None
    reviewer_score: float | None = None
    reviewer_reason: str = ""
    note: str = ""
    row: int | None = None

    def __post_init__(self) -> None:
        where = {"row": self.row, "indicator": self.indicator_id}
        object.__setattr__(self, "tier", parse_tier(self.tier, location=where))
        object.__setattr__(self, "tier_score", _float_or_none(self.tier_score))
        object.__setattr__(self, "reviewer_score", _float_or_none(self.reviewer_score))
        if self.reviewer_score is not None:
            if self.reviewer_score < 0:
                raise InputError(f"the reviewer's score must be >= 0; got {self.reviewer_score}", location=where)
            if not str(self.reviewer_reason).strip():
                raise InputError(
                    "a reviewer's score (复核得分) replaces the formula score and needs a written reason "
                    "(复核说明); add the reason or remove the score",
                    location=where,
                )

    def to_dict(self) -> dict[str, Any]:
        return {"indicator_id": self.indicator_id, "value": self.value.to_dict(), "tier": self.tier,
                "tier_score": self.tier_score, "reviewer_score": self.reviewer_score,
                "reviewer_reason": self.reviewer_reason, "note": self.note}


@dataclass(frozen=True)
class Actuals:
    """Actual values by indicator id. Indicators with no entry count as missing data."""

    values: tuple[ActualValue, ...]
    source: str = ""

    def __post_init__(self) -> None:
        values = tuple(self.values)
        object.__setattr__(self, "values", values)
        seen: set[str] = set()
        for v in values:
            if v.indicator_id in seen:
                raise InputError("the actual value of this indicator is given twice",
                                 location={"file": self.source or None, "indicator": v.indicator_id})
            seen.add(v.indicator_id)

    def get(self, indicator_id: str) -> ActualValue | None:
        for v in self.values:
            if v.indicator_id == indicator_id:
                return v
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.indicator_id for v in self.values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], *, source: str = "") -> Actuals:
        """From ``{indicator_id: actual}`` where the actual is text (``"52场"``), a number or a
        :class:`ParsedValue`; qualitative tiers can be given as the text (``"达成"``)."""
        from perfmethods.model.values import parse_value

        out = []
        for key, raw in values.items():
            if isinstance(raw, ActualValue):
                out.append(raw)
            elif isinstance(raw, ParsedValue):
                out.append(ActualValue(str(key), raw))
            else:
                out.append(ActualValue(str(key), parse_value(raw)))
        return cls(tuple(out), source=source)


def check_amount(value: object, *, name: str, unit: str = "万元",
                 location: Mapping[str, object] | None = None) -> float:
    """``value`` as a float if it is a finite amount of money in [0, :data:`AMOUNT_MAX`], else raise.

    Parameters
    ----------
    value : the amount (an int, float or numpy number; ``bool`` is refused).
    name : what the amount is, for the message (``"the budget field 'adjusted'"``).
    unit : the currency unit, for the message.
    location : where the amount is, for the message.

    Raises
    ------
    InputError : "the budget field 'adjusted' must be a finite amount in [0, 1e+15] 万元; got 1e+308 instead".
    """
    number = None if isinstance(value, (bool, np.bool_)) else _float_or_none(value)
    if number is None or not math.isfinite(number) or not 0.0 <= number <= AMOUNT_MAX:
        raise InputError(f"{name} must be a finite amount in [0, {AMOUNT_MAX:g}] {unit}; got "
                         f"{shown_value(value)} instead", location=location)
    return number


def first_undeclared_fall(cumulative: np.ndarray, refund: np.ndarray | None = None) -> int | None:
    """The first position where a cumulative series falls by more than the refund declared there.

    A cumulative amount (累计执行数) never falls, unless money comes back (退款): position ``k`` is wrong when

    .. math:: c_{k-1} - c_k > r_k + \\varepsilon \\max(1, |c_k|), \\qquad \\varepsilon = 10^{-9},

    with ``r`` the refund declared in period ``k`` (0 when none).

    Parameters
    ----------
    cumulative : the cumulative amounts, in period order.
    refund : the amount returned in each period (>= 0), or ``None`` for no refunds.

    Returns
    -------
    int or None : the position of the first fall not covered by a refund, else ``None``.
    """
    cum = np.asarray(cumulative, dtype=float)
    back = np.zeros(cum.shape) if refund is None else np.asarray(refund, dtype=float)
    drop = cum[:-1] - cum[1:]
    bad = np.flatnonzero(drop > back[1:] + _TOL * np.maximum(1.0, np.abs(cum[1:])))
    return int(bad[0]) + 1 if bad.size else None


@dataclass(frozen=True)
class Budget:
    """The project's budget and its execution (预算执行), in one currency unit.

    Attributes
    ----------
    original : 年初预算数 (budget at the start of the year).
    adjusted : 全年预算数 (budget after in-year adjustments); equals ``original`` when unchanged.
    executed : 全年执行数 (spent in the year).
    unit : currency unit as written (default 万元).
    periods : optional in-year execution, one row per period with columns ``period`` (label, e.g. "Q1"),
        ``month`` (last month of the period, 1–12) and ``executed_cum`` (cumulative spending to that month),
        and optionally ``refund`` (the amount returned in that period, 退款): cumulative spending may fall
        from one period to the next only by the refund declared in the later period.
    source : file it was read from.

    Amounts are finite and in [0, :data:`AMOUNT_MAX`] (see :func:`check_amount`).
    """

    original: float
    adjusted: float
    executed: float
    unit: str = "万元"
    periods: pd.DataFrame | None = None
    source: str = ""

    def __post_init__(self) -> None:
        where = {"file": self.source or None}
        for name in ("original", "adjusted", "executed"):
            value = check_amount(getattr(self, name), name=f"the budget field '{name}'", unit=self.unit,
                                 location={"key": f"budget.{name}"})
            object.__setattr__(self, name, value)
        if self.periods is not None:
            import pandas as pd

            periods = pd.DataFrame(self.periods).copy()
            missing = {"period", "month", "executed_cum"} - set(periods.columns)
            if missing:
                raise InputError(f"the in-year execution table lacks columns {sorted(missing)}", location=where)
            month = pd.to_numeric(periods["month"], errors="coerce").to_numpy(dtype=float)
            bad = ~np.isfinite(month) | (month != np.round(month))
            if bad.any():
                k = int(np.flatnonzero(bad)[0])
                raise InputError(f"the month of a period must be a whole month 1–12; got "
                                 f"{shown_value(periods['month'].iloc[k])} instead",
                                 location={**where, "row": k + 2, "column": "month"})
            periods["month"] = month.astype(int)
            for column in ("executed_cum", "refund"):
                if column in periods.columns:
                    periods[column] = _period_amounts(periods, column, self.unit, where)
            if not periods["month"].between(1, 12).all():
                raise InputError("the in-year execution table has a month outside 1–12", location=where)
            months = periods["month"].to_numpy()
            step = np.diff(months)
            if (step <= 0).any():
                k = int(np.argmax(step <= 0)) + 1
                problem = "repeats the month of the period before it" if step[k - 1] == 0 else "comes before it"
                raise InputError(
                    f"the in-year execution periods must be in calendar order, one row per period: period "
                    f"{periods['period'].iloc[k]!r} (month {months[k]}) {problem}",
                    location={**where, "row": k + 2},
                )
            refund = periods["refund"].to_numpy(float) if "refund" in periods.columns else None
            k = first_undeclared_fall(periods["executed_cum"].to_numpy(float), refund)
            if k is not None:
                before, after = periods["executed_cum"].iloc[k - 1], periods["executed_cum"].iloc[k]
                declared = 0.0 if refund is None else float(refund[k])
                raise InputError(
                    f"cumulative spending (累计执行数) falls from {before:g} to {after:g} {self.unit} in period "
                    f"'{periods['period'].iloc[k]}' (month {months[k]})"
                    + (f", by more than the refund of {declared:g} declared there" if declared else "")
                    + "; it is cumulative and can only fall when money is returned: declare the amount "
                    "returned in the period's 'refund' (退款) column, or correct the figure",
                    location={**where, "row": k + 2, "column": "executed_cum"},
                )
            object.__setattr__(self, "periods", periods.reset_index(drop=True))

    def to_dict(self) -> dict[str, Any]:
        periods = None if self.periods is None else self.periods.to_dict(orient="records")
        return {"original": self.original, "adjusted": self.adjusted, "executed": self.executed,
                "unit": self.unit, "periods": periods}


def _period_amounts(periods: pd.DataFrame, column: str, unit: str, where: Mapping[str, object]) -> pd.Series:
    """A column of amounts of the in-year execution table as floats (a blank refund is 0), each checked."""
    import pandas as pd

    raw = periods[column]
    values = pd.to_numeric(raw, errors="coerce")
    if column == "refund":
        values = values.where(raw.notna() & (raw.astype(str).str.strip() != ""), 0.0)
    name = {"executed_cum": "cumulative spending (累计执行数)", "refund": "the refund (退款)"}[column]
    for k in np.flatnonzero(~np.isfinite(values.to_numpy(float)) | (values.to_numpy(float) < 0)
                            | (values.to_numpy(float) > AMOUNT_MAX))[:1]:
        check_amount(raw.iloc[k], name=name, unit=unit,
                     location={**where, "row": int(k) + 2, "column": column})
    return values.astype(float)


def _shown_cell(value: object) -> str:
    """A cell as a message shows it: numbers as written (``-1``), text quoted, blanks as "an empty cell"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "an empty cell"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_)):
        return f"{float(value):g}"
    return repr(str(value))


#: Where a row of an evaluator score table is: ``(position, column, indicator id) → location``.
Locator = Callable[[int, str, "str | None"], dict[str, object]]

_PANEL_KEYS = ("group", "evaluator", "indicator_id")


def check_panel_scores(
    data: pd.DataFrame,
    *,
    points: Mapping[str, float] | None = None,
    locate: Locator | None = None,
    source: str = "",
) -> pd.DataFrame:
    """Validate evaluator scores in long format: the one check behind :class:`PanelScores` and its reader.

    Parameters
    ----------
    data : one row per (evaluator, indicator): ``group``, ``evaluator``, ``indicator_id``, ``score``.
    points : indicator id → its points (分值); when given, every id must be one of them and no score may
        exceed its indicator's points.
    locate : maps ``(row position, column, indicator id)`` to the error location (a file reader passes
        the file's row numbers and headers); default ``{"file": source, "row": position + 2, ...}``.
    source : the file the scores came from, for the default location.

    Returns
    -------
    pandas.DataFrame
        A copy with the key columns stripped text and ``score`` as float, index reset.

    Raises
    ------
    InputError : a missing column, an empty key cell, an unknown indicator id, a score that is not a
        number of points >= 0 or is above the indicator's points, or an evaluator who scored the same
        indicator twice (naming the evaluator, the indicator and the first row).
    """
    import pandas as pd

    def default(position: int, column: str, indicator: str | None) -> dict[str, object]:
        return {"file": source or None, "row": position + 2, "column": column, "indicator": indicator}

    where = locate or default
    frame = pd.DataFrame(data).copy().reset_index(drop=True)
    missing = {*_PANEL_KEYS, "score"} - set(frame.columns)
    if missing:
        raise InputError(f"the evaluator score table lacks columns {sorted(missing)}",
                         location={"file": source or None})
    for column in _PANEL_KEYS:
        text = frame[column].astype(object).where(frame[column].notna(), "").astype(str).str.strip()
        empty = text.isin(["", "nan", "None"])
        if empty.any():
            k = int(empty.to_numpy().nonzero()[0][0])
            raise InputError(f"the '{column}' cell is empty; every score needs its evaluator group, "
                             "evaluator and indicator id", location=where(k, column, None))
        frame[column] = text
    ids = frame["indicator_id"]
    if points is not None:
        unknown = ~ids.isin(list(points))
        if unknown.any():
            k = int(unknown.to_numpy().nonzero()[0][0])
            close = difflib.get_close_matches(ids.iloc[k], list(points), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(f"no indicator of the framework has the id '{ids.iloc[k]}'{hint}",
                             location=where(k, "indicator_id", ids.iloc[k]))
    score = pd.to_numeric(frame["score"], errors="coerce")
    bad = score.isna() | (score < 0)
    if bad.any():
        k = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(f"the score must be points >= 0; got {_shown_cell(frame['score'].iloc[k])} instead",
                         location=where(k, "score", ids.iloc[k]))
    frame["score"] = score.astype(float)
    if points is not None:
        cap = ids.map(dict(points)).astype(float)
        above = frame["score"] > cap
        if above.any():
            k = int(above.to_numpy().nonzero()[0][0])
            raise InputError(
                f"the score {frame['score'].iloc[k]:g} is above the indicator's points ({cap.iloc[k]:g}); "
                "scores are on each indicator's own points scale", location=where(k, "score", ids.iloc[k]))
    dup = frame.duplicated(["evaluator", "indicator_id"])
    if dup.any():
        k = int(dup.to_numpy().nonzero()[0][0])
        evaluator, indicator = frame["evaluator"].iloc[k], ids.iloc[k]
        first = int(((frame["evaluator"] == evaluator) & (ids == indicator)).to_numpy().nonzero()[0][0])
        raise InputError(
            f"evaluator '{evaluator}' scored indicator '{indicator}' twice (first at row "
            f"{where(first, 'evaluator', indicator).get('row')})", location=where(k, "evaluator", indicator))
    return frame


@dataclass(frozen=True)
class PanelScores:
    """Scores given by several evaluators, in long format.

    ``data`` has one row per (evaluator, indicator) with columns ``group`` (评价主体: e.g. 财政部门 /
    主管部门 / 专家 / 公众), ``evaluator`` (id or name), ``indicator_id`` and ``score`` (points awarded, on
    the indicator's own points scale). ``group_weights`` maps group → weight (normalised over the
    groups present for each indicator); ``None`` weighs the groups equally.
    """

    data: pd.DataFrame
    group_weights: Mapping[str, float] | None = None
    source: str = ""

    def __post_init__(self) -> None:
        where = {"file": self.source or None}
        frame = check_panel_scores(self.data, source=self.source)
        object.__setattr__(self, "data", frame)
        if self.group_weights is not None:
            weights = {str(k): float(v) for k, v in self.group_weights.items()}
            if any(not math.isfinite(v) or v < 0 for v in weights.values()) or sum(weights.values()) <= 0:
                raise InputError(f"evaluator group weights must be >= 0 and not all zero; got {weights}")
            unknown = sorted(set(frame["group"]) - set(weights))
            if unknown:
                raise InputError(f"evaluator groups {unknown} have no weight; give each group a weight "
                                 f"(groups with weights: {sorted(weights)})", location=where)
            object.__setattr__(self, "group_weights", weights)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.data["group"]))

    def to_dict(self) -> dict[str, Any]:
        return {"data": self.data.to_dict(orient="records"),
                "group_weights": dict(self.group_weights) if self.group_weights else None}


@dataclass(frozen=True)
class SurveyResponses:
    """Answers of a satisfaction survey (满意度调查): one row per respondent, one column per item.

    Cells hold the answer label as written (很满意 / 满意 / 基本满意 / 不太满意 / 不满意, or English
    equivalents); empty cells are item non-response. ``population`` is the size of the surveyed
    population when known (for the finite-population correction). A ``respondent`` column (the
    respondent id, as :func:`perfmethods.io.read_project` names it) must not repeat an id: one
    questionnaire per respondent.
    """

    data: pd.DataFrame
    items: tuple[str, ...] = ()
    population: int | None = None
    source: str = ""

    def __post_init__(self) -> None:
        import pandas as pd

        frame = pd.DataFrame(self.data).copy()
        items = tuple(self.items) or tuple(str(c) for c in frame.columns)
        missing = [i for i in items if i not in frame.columns]
        if missing:
            raise InputError(f"survey items {missing} are not columns of the survey table",
                             location={"file": self.source or None})
        if len(frame) == 0:
            raise InputError("the survey has no responses", location={"file": self.source or None})
        if RESPONDENT in frame.columns and RESPONDENT not in items:
            _check_respondents(frame[RESPONDENT].reset_index(drop=True), self.source)
        object.__setattr__(self, "data", frame.reset_index(drop=True))
        object.__setattr__(self, "items", items)
        if self.population is not None:
            population = check_number(self.population, name="population", func="SurveyResponses", low=1,
                                      integer=True)
            object.__setattr__(self, "population", population)
        if self.population is not None and int(self.population) < len(frame):
            raise InputError(f"the surveyed population ({self.population}) is smaller than the number of "
                             f"responses ({len(frame)})", location={"file": self.source or None})

    @property
    def n(self) -> int:
        return len(self.data)


#: The respondent id column of a survey table.
RESPONDENT = "respondent"


def _check_respondents(ids: pd.Series, source: str) -> None:
    """Raise when a respondent id (blanks aside) is on more than one row, naming the id and both rows."""
    text = ids.astype(object).where(ids.notna(), "").astype(str).str.strip()
    given = text[~text.isin(["", "nan", "None"])]
    dup = given.duplicated()
    if dup.any():
        k = int(given.index[dup.to_numpy()][0])
        first = int(given.index[(given == text[k]).to_numpy()][0])
        count = int((given == text[k]).sum())
        raise InputError(
            f"respondent '{text[k]}' answers {count} times (first at row {first + 2}); each respondent's "
            f"questionnaire is counted once: remove the repeated rows ({int(dup.sum())} repeated in all)",
            location={"file": source or None, "row": k + 2, "column": RESPONDENT})


def records(items: Iterable[object]) -> list[dict[str, Any]]:
    """``to_dict()`` of each item (helper for result serialisation)."""
    return [item.to_dict() for item in items]  # type: ignore[attr-defined]

"""Scoring rules: how an indicator's completion converts to points (得分).

The rules follow 财预〔2020〕10号 (单位自评方法) as budget systems implement them:

Rules (``w`` = the indicator's points, ``a`` = actual, ``t`` = target), with the provenance of each:

* 正向 ≥ — :func:`score_positive`: ``a ≥ t → w``, else ``a / t · w``; ``t = 0 → w``. *Secondary.*
* 反向 ≤ — :func:`score_reverse`: ``a ≤ t → w``; ``t < a < 2t → (1 − (a − t)/t) · w``; ``a ≥ 2t → 0``;
  ``t = 0``: ``a ≤ 0 → w``, else 0. *Secondary.*
* 等于 = — :func:`score_equal`: ``t = 0``: ``a ≤ 0 → w``, else 0; ``t > 0``: as 正向. *Secondary.*
* 区间 — :func:`score_range`: full inside ``[lo, hi]``; below, 正向 against ``lo``; above, 反向 against
  ``hi``. *A package extension.*
* 定性 — :func:`score_qualitative`: 达成 [0.8w, w], 部分达成 [0.6w, 0.8w), 未达成 [0, 0.6w).
  *Secondary.*
* 预算执行率 — :func:`score_budget_execution`: ``w · min(executed / budget, 1)``. *Unverified.*

"secondary" means: the rule is the one a 财政预算绩效管理系统 ships as SQL (``selfpositiveindex``,
``selfreverseindex``, ``selfequalindex``, ``selfqualscorecheck``), restating 10号, whose own text was not
checked end to end. Those SQL rules round each row to 2 decimals; here the rule functions return
**unrounded** points and rounding is a separate, locality-dependent step (:func:`round_points`,
:func:`total_points`), because published tables round differently.

Every rule function is vectorised: arguments are scalars or array-likes that broadcast together; the
result is a float array of the broadcast shape (a Python ``float`` when every argument is a scalar).
A missing actual or target (``NaN``) gives ``NaN`` points: the caller decides what a missing value
scores (:func:`perfmethods.evaluation.evaluate` scores it 0 and reports a finding). Pass ``ids`` (the
indicator ids, broadcastable to the result) so that an error names the indicator concerned.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from perfmethods.errors import InputError
from perfmethods.validation import shown_value

__all__ = [
    "LATE_SCHEDULE",
    "MET_VOCABULARY",
    "QUALITATIVE_DEFAULT_SHARES",
    "MetVocabulary",
    "QUALITATIVE_TIER_BOUNDS",
    "RoundingMode",
    "completion",
    "check_late_schedule",
    "days_late",
    "deduct_overachievement",
    "execution_rate",
    "flag_overachievement",
    "round_points",
    "score_budget_execution",
    "score_deadline",
    "score_equal",
    "score_positive",
    "score_qualitative",
    "score_range",
    "score_reverse",
    "total_points",
]

ArrayLike = npt.ArrayLike
RoundingMode = Literal["none", "down", "nearest"]

_SPACES = str.maketrans("", "", " \t\u3000\r\n")
#: Full-width letters, digits and signs → half-width (Ａ → A, １ → 1, ％ → %).
_HALFWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_TRAILING_PUNCT = "。．.；;，,！!"


def _norm(text: object) -> str:
    """Text as compared by :class:`MetVocabulary`: half-width, no spaces, no closing punctuation."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return str(text).translate(_HALFWIDTH).translate(_SPACES).rstrip(_TRAILING_PUNCT).lower()


@dataclass(frozen=True)
class MetVocabulary:
    """The words with which a self-evaluation table states that a text target is met.

    Published tables give full points to rows such as 明显改善 / 明显改善, 按期完成 / 100% or 少于3起 / 无
; 10号 does not list the words. An actual *states the target met* when (after half-width
    conversion, without spaces and closing punctuation):

    1. ``same_wording`` and it is the target's own text (明显改善 / 明显改善);
    2. it is one of ``met`` (已完成, 达成, 完成, 已实现 …);
    3. the target contains one of ``time_words`` (按期, 按时, 如期, 及时 …) and the actual is one of
       ``full`` (100%, 100) or a ``met`` word;
    4. the indicator is reverse (≤, 少于 / 小于 / 不高于 N) and the actual is one of ``none`` (无, 0, 未发生 …),
       i.e. zero occurrences.

    Anything else does not state the target met: the evaluator's tier is asked for.

    Attributes
    ----------
    same_wording : an actual repeating the target's text states it met.
    met : words that state completion.
    time_words : words that make a target a time target (按期完成 …).
    full : actuals that state a time target met (100%).
    none : actuals that state zero occurrences (against a reverse target).
    """

    same_wording: bool = True
    met: tuple[str, ...] = (
        "已完成", "完成", "全部完成", "已全部完成", "达成", "已达成", "达到", "已达到", "达标", "已达标",
        "实现", "已实现", "符合", "符合要求", "满足", "满足要求", "是", "合格", "按期完成", "按时完成",
        "如期完成", "已按期完成", "已按时完成", "及时完成",
    )
    time_words: tuple[str, ...] = ("按期", "按时", "如期", "及时", "按计划", "按进度", "准时")
    full: tuple[str, ...] = ("100%", "100", "100.0%", "100.00%")
    none: tuple[str, ...] = ("无", "0", "零", "没有", "未发生", "无发生", "0起", "0次", "0件", "0例", "0人")

    def __post_init__(self) -> None:
        if not isinstance(self.same_wording, bool):
            raise InputError(
                f"The 'same_wording' setting of MetVocabulary must be True or False; "
                f"got {shown_value(self.same_wording)} instead."
            )
        for name in ("met", "time_words", "full", "none"):
            words = getattr(self, name)
            if isinstance(words, str) or not all(isinstance(w, str) and w.strip() for w in words):
                raise InputError(
                    f"The '{name}' setting of MetVocabulary must be a list of non-empty words; "
                    f"got {shown_value(words)} instead."
                )
            object.__setattr__(self, name, tuple(_norm(w) for w in words))

    def states_met(self, actual: object, target: object, direction: object = "定性") -> bool:
        """Whether the actual text states the target met (rules 1–4 of the class docstring).

        Parameters
        ----------
        actual, target : the 实际完成值 and 指标值 as printed.
        direction : the indicator's direction (``"≥"``, ``"≤"``, ``"="``, ``"区间"``, ``"定性"``).
        """
        a, t = _norm(actual), _norm(target)
        if not a:
            return False
        if self.same_wording and a == t:
            return True
        if a in self.met:
            return True
        if t and any(w in t for w in self.time_words) and a in self.full:
            return True
        return str(getattr(direction, "value", direction)) == "≤" and a in self.none

    def reason(self, actual: object, target: object, direction: object = "定性") -> str:
        """Which rule read the actual as met: ``"same_wording"``, ``"met_word"``, ``"time_full"``,
        ``"none_against_reverse"``, or ``""`` when it does not state the target met."""
        a, t = _norm(actual), _norm(target)
        if not a:
            return ""
        if self.same_wording and a == t:
            return "same_wording"
        if a in self.met:
            return "met_word"
        if t and any(w in t for w in self.time_words) and a in self.full:
            return "time_full"
        if str(getattr(direction, "value", direction)) == "≤" and a in self.none:
            return "none_against_reverse"
        return ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "same_wording": self.same_wording,
            "met": list(self.met),
            "time_words": list(self.time_words),
            "full": list(self.full),
            "none": list(self.none),
        }


#: The default vocabulary (package default read from published 项目支出绩效自评表 of county and city
#: departments, 2016–2023; provenance unverified).
MET_VOCABULARY = MetVocabulary()

#: Share of a date target's points by days late: ``(at most this many days late, share)``, in order;
#: later than the last step scores 0. Full points on time; up to 30 days late 80 % (the bottom of 达成),
#: up to 90 days 60 % (the bottom of 部分达成), later 0. A package default (unverified): 10号 says a
#: time indicator is scored on completion against the deadline but gives no schedule, and no published
#: table printing one was found.
LATE_SCHEDULE: tuple[tuple[int, float], ...] = ((0, 1.0), (30, 0.8), (90, 0.6))

#: Qualitative tiers as shares of the indicator's points: ``(tier, lower, upper)``; the lower bound is
#: inclusive, the upper bound exclusive except for the top tier (upper = 1.0, inclusive).
#: 财预〔2020〕10号 单位自评 定性三档 (wording not checked against the document's text); budget-system rule
#: ``selfqualscorecheck`` of the 财政预算绩效管理系统 (pmkpi) (secondary source).
QUALITATIVE_TIER_BOUNDS: tuple[tuple[str, float, float], ...] = (
    ("达成", 0.8, 1.0),
    ("部分达成", 0.6, 0.8),
    ("未达成", 0.0, 0.6),
)

#: Share of the points given when the evaluator names a tier but no score inside it: full points for
#: 达成 (met targets score full points) and the midpoint of the other two tiers. A package
#: default with no official basis (unverified).
QUALITATIVE_DEFAULT_SHARES: tuple[tuple[str, float], ...] = (
    ("达成", 1.0),
    ("部分达成", 0.7),
    ("未达成", 0.3),
)

# Digits kept when cleaning binary floating-point noise before rounding: 0.285 * 100 is
# 28.499999999999996 in binary; rounding it to 9 significant places after the point first gives 28.5,
# which then rounds half-up to 29 as a person would.
_CLEAN_DECIMALS = 9
_TOL = 1e-9


# -- helpers ----------------------------------------------------------------------------------------
def _arrays(*values: ArrayLike) -> tuple[list[np.ndarray], bool]:
    arrays = []
    for v in values:
        try:
            arrays.append(np.asarray(v, dtype=float))
        except (TypeError, ValueError):
            raise InputError(f"expected numbers or arrays of numbers; got {shown_value(v)} instead") from None
    scalar = all(a.ndim == 0 for a in arrays)
    try:
        out = list(np.broadcast_arrays(*arrays))
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise InputError(
            f"the arguments must have the same length (or be scalars); got shapes {shapes}"
        ) from None
    return out, scalar


def _result(x: np.ndarray, scalar: bool) -> np.ndarray | float:
    return float(x) if scalar else x


def _where_label(ids: ArrayLike | None, mask: np.ndarray) -> dict[str, object]:
    """Location of the first ``True`` in ``mask`` (an indicator id when ``ids`` is given)."""
    flat = np.flatnonzero(np.ravel(mask))
    first = int(flat[0]) if flat.size else 0
    if ids is None:
        return {"position": first} if mask.ndim else {}
    ids_arr = np.broadcast_to(np.asarray(ids, dtype=object), mask.shape)
    return {"indicator": str(np.ravel(ids_arr)[first])}


def _check_points(points: np.ndarray, func: str, ids: ArrayLike | None) -> None:
    bad = ~np.isfinite(points) | (points < 0)
    if bad.any():
        value = np.ravel(points)[np.flatnonzero(np.ravel(bad))[0]]
        raise InputError(
            f"The 'points' parameter of {func} must be a finite number >= 0 (the indicator's "
            f"分值); got {shown_value(value)} instead.",
            location=_where_label(ids, bad),
        )


def _check_nonnegative(values: np.ndarray, name: str, func: str, ids: ArrayLike | None) -> None:
    with np.errstate(invalid="ignore"):
        bad = values < 0
    if bad.any():
        value = np.ravel(values)[np.flatnonzero(np.ravel(bad))[0]]
        raise InputError(
            f"The '{name}' parameter of {func} must be >= 0: the ratio rules of 10号 score a share of a "
            f"non-negative target; got {shown_value(value)} instead. Score signed quantities (e.g. a growth "
            "rate that "
            "may fall) with a range indicator or a reviewer's score.",
            location=_where_label(ids, bad),
        )


def _check_inf(values: np.ndarray, name: str, func: str, ids: ArrayLike | None) -> None:
    bad = np.isinf(values)
    if bad.any():
        raise InputError(
            f"The '{name}' parameter of {func} must be finite (NaN marks a missing value); got inf instead.",
            location=_where_label(ids, bad),
        )


# -- quantitative rules ------------------------------------------------------------------------------
def _positive(actual: np.ndarray, target: np.ndarray, points: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(target > 0, actual / np.where(target > 0, target, 1.0), 1.0)
    out = np.where(actual >= target, points, np.clip(ratio, 0.0, 1.0) * points)
    return np.where(np.isnan(actual) | np.isnan(target), np.nan, out)


def _reverse(actual: np.ndarray, target: np.ndarray, points: np.ndarray) -> np.ndarray:
    safe_t = np.where(target > 0, target, 1.0)
    with np.errstate(invalid="ignore", over="ignore"):
        linear = np.clip(1.0 - (actual - target) / safe_t, 0.0, 1.0) * points
        positive_target = np.where(actual <= target, points, np.where(actual >= 2.0 * target, 0.0, linear))
        zero_target = np.where(actual <= 0, points, 0.0)
        out = np.where(target > 0, positive_target, zero_target)
    return np.where(np.isnan(actual) | np.isnan(target), np.nan, out)


def score_positive(
    actual: ArrayLike, target: ArrayLike, points: ArrayLike, *, ids: ArrayLike | None = None
) -> np.ndarray | float:
    """Score a positive (正向, ≥) indicator.

    .. math:: s = w \\quad (a \\ge t), \\qquad s = \\frac{a}{t} w \\quad (a < t),

    and ``s = w`` when ``t = 0`` (any non-negative actual meets a zero target).

    Over-achievement scores full points; flag it with :func:`flag_overachievement`.

    Parameters
    ----------
    actual, target : actual value (实际完成值) and target (年度指标值), >= 0; ``NaN`` = missing.
    points : the indicator's points (分值), >= 0.
    ids : indicator ids (for error messages), broadcastable to the result.

    Returns
    -------
    ndarray or float : points awarded, unrounded; ``NaN`` where the actual or target is missing.

    Raises
    ------
    InputError : a negative actual or target, or negative / non-finite points.

    Notes
    -----
    Source: 财预〔2020〕10号 单位自评 "未完成的按照完成值与指标值的比例记分" (wording not checked against the
    document's text); rule ``selfpositiveindex`` of the 财政预算绩效管理系统 (pmkpi) 自评自动计算得分规则
    (provenance secondary). The system rounds to 2 decimals; here
    rounding is left to :func:`round_points`.
    """
    (a, t, w), scalar = _arrays(actual, target, points)
    for name, v in (("actual", a), ("target", t)):
        _check_inf(v, name, "score_positive", ids)
        _check_nonnegative(v, name, "score_positive", ids)
    _check_points(w, "score_positive", ids)
    return _result(_positive(a, t, w), scalar)


def score_reverse(
    actual: ArrayLike, target: ArrayLike, points: ArrayLike, *, ids: ArrayLike | None = None
) -> np.ndarray | float:
    """Score a reverse (反向, ≤) indicator: less is better.

    .. math::
        s = w \\quad (a \\le t); \\qquad
        s = \\Bigl(1 - \\frac{a - t}{t}\\Bigr) w \\quad (t < a < 2t); \\qquad
        s = 0 \\quad (a \\ge 2t),

    and, for ``t = 0``: ``s = w`` when ``a <= 0``, else 0. At ``a = 1.5 t`` the score is ``w / 2``.

    Parameters
    ----------
    actual, target : >= 0; ``NaN`` = missing.
    points : the indicator's points (分值), >= 0.
    ids : indicator ids for error messages.

    Returns
    -------
    ndarray or float : points awarded, unrounded.

    Notes
    -----
    Source: rule ``selfreverseindex`` of the 财政预算绩效管理系统 (pmkpi) 自评自动计算得分规则 (provenance
    secondary); 财预〔2020〕10号 itself gives only the proportional rule for positive indicators (wording not
    checked against the document's text).
    """
    (a, t, w), scalar = _arrays(actual, target, points)
    for name, v in (("actual", a), ("target", t)):
        _check_inf(v, name, "score_reverse", ids)
        _check_nonnegative(v, name, "score_reverse", ids)
    _check_points(w, "score_reverse", ids)
    return _result(_reverse(a, t, w), scalar)


def score_equal(
    actual: ArrayLike, target: ArrayLike, points: ArrayLike, *, ids: ArrayLike | None = None
) -> np.ndarray | float:
    """Score an "equal" (等于, =) indicator, as the budget systems do.

    For ``t = 0``: ``s = w`` when ``a <= 0``, else 0 (e.g. "安全事故 = 0 起"). For ``t > 0`` the rule is
    the **positive** rule (:func:`score_positive`): an actual above the target scores full points. This
    follows the rule ``selfequalindex`` of the 财政预算绩效管理系统 (pmkpi) literally (provenance
    secondary); it does not
    penalise exceeding an "=" target. Use :func:`score_range` for a two-sided target.

    Parameters
    ----------
    actual, target : >= 0; ``NaN`` = missing.
    points : the indicator's points (分值), >= 0.
    ids : indicator ids for error messages.
    """
    (a, t, w), scalar = _arrays(actual, target, points)
    for name, v in (("actual", a), ("target", t)):
        _check_inf(v, name, "score_equal", ids)
        _check_nonnegative(v, name, "score_equal", ids)
    _check_points(w, "score_equal", ids)
    with np.errstate(invalid="ignore"):
        zero_target = np.where(a <= 0, w, 0.0)
    out = np.where(t > 0, _positive(a, t, w), zero_target)
    out = np.where(np.isnan(a) | np.isnan(t), np.nan, out)
    return _result(out, scalar)


def score_range(
    actual: ArrayLike, lower: ArrayLike, upper: ArrayLike, points: ArrayLike, *, ids: ArrayLike | None = None
) -> np.ndarray | float:
    """Score a range (区间) indicator: full points inside ``[lower, upper]``.

    Below ``lower`` the positive rule applies against ``lower`` (``a / lower · w``); above ``upper`` the
    reverse rule applies against ``upper`` (linear to 0 at ``2 · upper``).

    This is a **package extension**: the central rules and the budget systems know only ≥ / ≤ / = / 定性
    (the 指标性质 column of the 财预〔2021〕101号 附件2 template and the pmkpi system rules
    ``selfpositiveindex`` / ``selfreverseindex`` / ``selfequalindex`` / ``selfqualscorecheck`` have no 区间
    type). State the rule in the indicator's
    评分标准 when you use it.

    Parameters
    ----------
    actual : >= 0; ``NaN`` = missing.
    lower, upper : the bounds, ``0 <= lower <= upper``.
    points : the indicator's points (分值), >= 0.
    ids : indicator ids for error messages.
    """
    (a, lo, hi, w), scalar = _arrays(actual, lower, upper, points)
    for name, v in (("actual", a), ("lower", lo), ("upper", hi)):
        _check_inf(v, name, "score_range", ids)
        _check_nonnegative(v, name, "score_range", ids)
    _check_points(w, "score_range", ids)
    with np.errstate(invalid="ignore"):
        bad = lo > hi
    if bad.any():
        raise InputError(
            "The 'lower' parameter of score_range must not exceed 'upper'; got "
            f"lower={shown_value(np.ravel(lo)[np.flatnonzero(np.ravel(bad))[0]])} > "
            f"upper={shown_value(np.ravel(hi)[np.flatnonzero(np.ravel(bad))[0]])} instead.",
            location=_where_label(ids, bad),
        )
    with np.errstate(invalid="ignore"):
        out = np.where(a < lo, _positive(a, lo, w), np.where(a > hi, _reverse(a, hi, w), w))
    out = np.where(np.isnan(a) | np.isnan(lo) | np.isnan(hi), np.nan, out)
    return _result(out, scalar)


def score_budget_execution(
    executed: ArrayLike, budget: ArrayLike, points: ArrayLike, *, ids: ArrayLike | None = None
) -> np.ndarray | float:
    """Score the budget execution row (预算执行率).

    .. math:: s = w \\cdot \\min\\Bigl(\\frac{\\text{executed}}{\\text{budget}}, 1\\Bigr)

    Spending above the budget scores full points (report it: :mod:`perfmethods.evaluation` raises an
    ``overspending`` finding). Which budget (全年预算数 or 年初预算数) is the caller's choice; see
    :class:`perfmethods.indicators.profiles.LocalityProfile` ``execution_basis``.

    Parameters
    ----------
    executed : 全年执行数, >= 0.
    budget : the budget against which execution is measured, > 0.
    points : the row's points (usually 10), >= 0.
    ids : row ids for error messages.

    Notes
    -----
    Source: the usual rule of the 财预〔2020〕10号 附件2 self-evaluation table (10 points × 执行率, capped at
    100 %; columns 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 as in the 池州市贵池区棠溪镇 2022
    自评表, http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2); provenance **unverified** —
    some localities add floors (check the local notice).
    """
    (e, b, w), scalar = _arrays(executed, budget, points)
    _check_points(w, "score_budget_execution", ids)
    rate = execution_rate(e, b, ids=ids)
    out = w * np.minimum(np.asarray(rate, dtype=float), 1.0)
    return _result(out, scalar)


def execution_rate(
    executed: ArrayLike, budget: ArrayLike, *, ids: ArrayLike | None = None
) -> np.ndarray | float:
    """Budget execution rate (预算执行率) ``executed / budget`` as a fraction (1.0 = 100 %).

    Parameters
    ----------
    executed : 全年执行数, >= 0; ``NaN`` = missing.
    budget : the budget against which execution is measured (全年预算数 or 年初预算数), > 0; ``NaN`` =
        missing.
    ids : row ids (for error messages), broadcastable to the result.

    Returns
    -------
    ndarray or float : the rate, uncapped (above 1 when spending exceeds the budget); ``NaN`` where the
        executed amount or the budget is missing.

    Raises
    ------
    InputError : a negative amount, or a budget of 0 (the rate is undefined; fix the budget row).
    """
    (e, b), scalar = _arrays(executed, budget)
    for name, v in (("executed", e), ("budget", b)):
        _check_inf(v, name, "execution_rate", ids)
        _check_nonnegative(v, name, "execution_rate", ids)
    zero = b == 0
    if zero.any():
        raise InputError(
            "The 'budget' parameter of execution_rate must be > 0; got 0 instead. A budget "
            "row of zeros cannot give an execution rate: fill in 全年预算数 / 年初预算数.",
            location=_where_label(ids, zero),
        )
    return _result(e / b, scalar)


# -- qualitative ------------------------------------------------------------------------------------
def _float_array(values: object, name: str, func: str) -> np.ndarray:
    """Numbers from scalars / array-likes where ``None`` marks a missing value (→ ``NaN``)."""
    import pandas as pd

    raw = np.asarray(values, dtype=object)
    try:
        flat = pd.to_numeric(pd.Series(raw.ravel(), dtype=object), errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            f"The '{name}' parameter of {func} must be numbers (None or NaN when not given); "
            f"got {shown_value(values)} instead."
        ) from None
    return flat.reshape(raw.shape)


def _canonical_tiers(tier: object, names: Sequence[str], ids: ArrayLike | None) -> np.ndarray:
    """Canonical tier names (``""`` where not given); parses each distinct spelling once."""
    import pandas as pd

    from perfmethods.model.inputs import parse_tier

    raw = np.asarray(tier, dtype=object)
    keys = pd.Series(raw.ravel(), dtype=object)
    keys = keys.where(keys.notna(), "").astype(str).str.strip()
    keys = keys.where(keys.str.lower() != "nan", "")
    uniques, inverse = np.unique(keys.to_numpy(dtype=str), return_inverse=True)
    mapped: list[str] = []
    for k, label in enumerate(uniques):  # distinct labels (a handful), not indicators
        if label == "" or label in names:
            mapped.append(str(label))
            continue
        where: dict[str, object] = {}
        if ids is not None:
            first = int(np.flatnonzero(inverse == k)[0])
            where = {
                "indicator": str(np.broadcast_to(np.asarray(ids, dtype=object), raw.shape).ravel()[first])
            }
        canonical = parse_tier(str(label), location=where)
        if canonical not in names:
            raise InputError(
                f"the qualitative tier {label!r} is not one of the profile's tiers {list(names)}",
                location=where,
            )
        mapped.append(canonical)
    return np.asarray(mapped, dtype=object)[inverse.ravel()].reshape(raw.shape)


def score_qualitative(
    tier: ArrayLike,
    tier_score: ArrayLike | None,
    points: ArrayLike,
    *,
    tiers: Sequence[tuple[str, float, float]] = QUALITATIVE_TIER_BOUNDS,
    default_shares: Mapping[str, float] | Sequence[tuple[str, float]] = QUALITATIVE_DEFAULT_SHARES,
    ids: ArrayLike | None = None,
) -> np.ndarray | float:
    """Score a qualitative (定性) indicator from the evaluator's tier and, optionally, score.

    ============  ==========================  =========================
    tier          score range (share of w)    default when no score
    ============  ==========================  =========================
    达成           [0.8, 1.0]                  1.0 · w
    部分达成       [0.6, 0.8)                  0.7 · w
    未达成         [0, 0.6)                    0.3 · w
    ============  ==========================  =========================

    The evaluator's score must lie inside the tier named (10号's three tiers; budget-system check
    ``selfqualscorecheck`` of the 财政预算绩效管理系统 (pmkpi), provenance secondary). When only the tier is
    given the profile's default share is used (the defaults above are a package choice, provenance
    unverified: full points for 达成 as in the published 项目支出绩效自评表 of 2016–2023, and tier midpoints
    otherwise). When only a
    score is given it is accepted as it is (within ``[0, w]``).

    Parameters
    ----------
    tier : 达成 / 部分达成 / 未达成 (or any spelling :func:`perfmethods.model.inputs.parse_tier`
        accepts); ``None`` / ``""`` = not given.
    tier_score : points the evaluator gave, on the indicator's points scale; ``None`` / ``NaN`` = not given.
    points : the indicator's points (分值).
    tiers : ``(tier, lower share, upper share)``; lower inclusive, upper exclusive except at 1.0.
    default_shares : share of ``points`` per tier when no score is given.
    ids : indicator ids for error messages.

    Returns
    -------
    ndarray or float : points awarded; ``NaN`` where neither tier nor score is given.

    Raises
    ------
    InputError : an unknown tier, a score outside its tier or above the points, a negative score.
    """
    bounds = {name: (float(lo), float(hi)) for name, lo, hi in tiers}
    shares = dict(default_shares)
    missing_defaults = sorted(set(bounds) - set(shares))
    if missing_defaults:
        raise InputError(
            f"The 'default_shares' parameter of score_qualitative lacks tiers {missing_defaults}."
        )
    score_arr = _float_array(np.nan if tier_score is None else tier_score, "tier_score", "score_qualitative")
    (s, w), _ = _arrays(score_arr, points)
    tier_arr = np.asarray(tier, dtype=object)
    shape = np.broadcast_shapes(tier_arr.shape, s.shape)
    scalar = len(shape) == 0
    s = np.broadcast_to(s, shape)
    w = np.broadcast_to(w, shape)
    _check_points(w, "score_qualitative", ids)
    names = np.broadcast_to(_canonical_tiers(tier_arr, list(bounds), ids), shape)
    with np.errstate(invalid="ignore"):
        negative = s < 0
        above = s > w * (1 + _TOL) + _TOL
    if negative.any():
        raise InputError(
            f"the evaluator's score must be >= 0; "
            f"got {shown_value(np.ravel(s)[np.flatnonzero(np.ravel(negative))[0]])}",
            location=_where_label(ids, negative),
        )
    if above.any():
        k = np.flatnonzero(np.ravel(above))[0]
        raise InputError(
            f"the evaluator's score {shown_value(np.ravel(s)[k])} exceeds the indicator's points "
            f"{shown_value(np.ravel(w)[k])}",
            location=_where_label(ids, above),
        )
    out = np.full(shape, np.nan)
    has_score = ~np.isnan(s)
    for name, (lo, hi) in bounds.items():  # loop over the three tiers, not over indicators
        in_tier = names == name
        share = np.divide(s, w, out=np.zeros(shape), where=w > 0)
        too_high = share > hi + _TOL if hi >= 1.0 else share >= hi - _TOL
        outside = in_tier & has_score & (w > 0) & ((share < lo - _TOL) | too_high)
        if outside.any():
            k = np.flatnonzero(np.ravel(outside))[0]
            upper = "]" if hi >= 1.0 else ")"
            raise InputError(
                f"the evaluator's score {np.ravel(s)[k]:g} of {np.ravel(w)[k]:g} points lies outside the tier "
                f"{name!r}, which allows [{lo:g}, {hi:g}{upper} of the points, i.e. "
                f"[{lo * np.ravel(w)[k]:g}, {hi * np.ravel(w)[k]:g}{upper}; correct the tier or the score",
                location=_where_label(ids, outside),
            )
        out = np.where(in_tier & has_score, s, out)
        out = np.where(in_tier & ~has_score, shares[name] * w, out)
    out = np.where((names == "") & has_score, s, out)
    return _result(out, scalar)


# -- date targets ---------------------------------------------------------------------------------------
def _dates(values: ArrayLike | _dt.date, name: str, func: str) -> np.ndarray:
    import pandas as pd

    try:
        out = pd.to_datetime(pd.Series(np.ravel(np.asarray(values, dtype=object))), errors="raise")
    except (ValueError, TypeError, OverflowError):
        raise InputError(
            f"The '{name}' parameter of {func} must hold dates (or None for not given); "
            f"got {shown_value(values)} instead."
        ) from None
    return out.to_numpy(dtype="datetime64[D]")


def days_late(deadline: ArrayLike | _dt.date, completed: ArrayLike | _dt.date) -> np.ndarray:
    """Days between the deadline and the completion date: ``completed − deadline``, at least 0.

    Parameters
    ----------
    deadline : the date the target sets (2026年6月底前 → 2026-06-30); dates, ``datetime64`` or ISO strings.
    completed : the date the work was completed; ``None`` / ``NaT`` = not completed (or not given).

    Returns
    -------
    ndarray : days late (0 when on time or early), one-dimensional, float; ``NaN`` where either date
        is missing.
    """
    d = _dates(deadline, "deadline", "days_late")
    c = _dates(completed, "completed", "days_late")
    d, c = np.broadcast_arrays(d, c)
    late = (c - d).astype("timedelta64[D]").astype(float)
    late[np.isnat(c) | np.isnat(d)] = np.nan
    return np.maximum(late, 0.0)


def score_deadline(
    deadline: ArrayLike | _dt.date,
    completed: ArrayLike | _dt.date,
    points: ArrayLike,
    *,
    schedule: Sequence[tuple[int, float]] = LATE_SCHEDULE,
) -> np.ndarray:
    """Score a date target (时效指标, e.g. "2026年6月底前完成竣工验收") from its completion date.

    ``late = max(completed − deadline, 0)`` days; points ``= w · share(late)`` where ``share`` is the first
    step ``(days, share)`` of ``schedule`` with ``late ≤ days``, and 0 beyond the last step. With the
    default :data:`LATE_SCHEDULE`: on time → ``w``; 1–30 days late → ``0.8 w``; 31–90 → ``0.6 w``;
    later → 0.

    Parameters
    ----------
    deadline : the deadline the target sets.
    completed : the completion date; ``None`` / ``NaT`` = not given (the result is ``NaN``: the caller
        decides, e.g. the evaluator's tier).
    points : the indicator's points (分值), ``>= 0``.
    schedule : ``(at most this many days late, share of the points)`` steps, days increasing from 0,
        shares in ``[0, 1]`` not increasing (a profile's ``late_schedule``).

    Returns
    -------
    ndarray : points awarded (unrounded), one-dimensional; ``NaN`` where a date is missing.

    Raises
    ------
    InputError : dates that cannot be read, negative points, a malformed schedule.

    Notes
    -----
    10号 scores a time indicator on completion against its deadline without a schedule of deductions;
    the default schedule is a package choice (unverified) aligned with the qualitative tiers' lower
    bounds (达成 80 %, 部分达成 60 %). Set a locality's schedule in its profile.
    """
    steps = check_late_schedule(schedule, "score_deadline")
    late = days_late(deadline, completed)
    (w,), _ = _arrays(points)
    w = np.ravel(w)
    _check_points(w, "score_deadline", None)
    days = np.array([d for d, _ in steps], dtype=float)
    shares = np.append(np.array([s for _, s in steps], dtype=float), 0.0)
    share = shares[np.searchsorted(days, np.nan_to_num(late, nan=0.0), side="left")]
    late, w = np.broadcast_arrays(late, w)
    return np.where(np.isnan(late), np.nan, share * w)


def check_late_schedule(schedule: object, func: str) -> tuple[tuple[int, float], ...]:
    """A late schedule as ``((days, share), ...)``, checked: days ints increasing from 0, shares in [0, 1]
    not increasing."""
    try:
        steps = tuple((int(d), float(s)) for d, s in schedule)  # type: ignore[union-attr]
        exact = all(float(d) == int(d) for d, _ in schedule)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        steps, exact = (), False
    days = [d for d, _ in steps]
    shares = [s for _, s in steps]
    if (
        not steps
        or not exact
        or days[0] != 0
        or any(b <= a for a, b in zip(days, days[1:]))
        or any(not 0.0 <= s <= 1.0 for s in shares)
        or any(b > a for a, b in zip(shares, shares[1:]))
    ):
        raise InputError(
            f"The 'schedule' parameter of {func} must be (days late, share) steps with days increasing "
            f"from 0 and shares in [0, 1] not increasing, e.g. ((0, 1.0), (30, 0.8)); "
            f"got {shown_value(schedule)} instead."
        )
    return steps


# -- over-achievement ---------------------------------------------------------------------------------
def flag_overachievement(
    actual: ArrayLike, target: ArrayLike, *, ratio: float = 1.30, zero_target_min: float = 30.0
) -> np.ndarray | bool:
    """Flag actuals far above target, which 10号 asks the unit to explain.

    Flagged when ``actual >= ratio · target`` (target > 0), or ``actual >= zero_target_min`` when the
    target is 0. Meant for positive (≥) and equal (=) indicators. A flag asks for an explanation
    ("实际完成情况超计划较大"); it does not cut points unless a deduction is configured
    (:func:`deduct_overachievement`).

    Notes
    -----
    10号: "完成值高于指标值较多的，要分析原因，如果是由于年初指标值设定明显偏低造成的，要按照偏离度适度调减
    分值" — no number given (wording not checked against the document's text). The 1.30 ratio and the
    zero-target threshold 30 are the 广西 configuration of the 财政预算绩效管理系统, as a practitioner's summary
    reports it (provenance secondary). No published self-evaluation table (2016–2023) deducted.
    """
    if not (np.isfinite(ratio) and ratio > 1.0):
        raise InputError(
            "The 'ratio' parameter of flag_overachievement must be a number > 1; "
            f"got {shown_value(ratio)} instead."
        )
    (a, t), scalar = _arrays(actual, target)
    with np.errstate(invalid="ignore"):
        flag = np.where(t > 0, a >= ratio * t * (1 - 1e-12), (t == 0) & (a >= zero_target_min))
    flag = flag & ~np.isnan(a) & ~np.isnan(t)
    return bool(flag) if scalar else flag


def deduct_overachievement(
    awarded: ArrayLike, flags: ArrayLike, points: ArrayLike, share: float
) -> np.ndarray | float:
    """Deduct ``share · points`` from flagged rows (floored at 0): the optional "偏离度调减".

    ``share = 0`` (the default of every bundled profile) leaves the points unchanged. The share is a
    reviewer's setting: 10号 gives no number and no published self-evaluation table (2016–2023) deducted.

    Parameters
    ----------
    awarded : points awarded by the scoring rule (e.g. :func:`score_positive`), unrounded.
    flags : ``True`` for the rows to deduct from (the output of :func:`flag_overachievement`).
    points : the indicator's points (分值); the deduction is ``share · points``.
    share : share of the points deducted from a flagged row, in ``[0, 1]`` (a profile's
        ``overachievement_deduction``).

    Returns
    -------
    ndarray or float : ``max(awarded − share · points, 0)`` on flagged rows, ``awarded`` unchanged on the
        others; ``NaN`` stays ``NaN``.

    Raises
    ------
    InputError : a ``share`` that is not a number in ``[0, 1]``.
    """
    if not (np.isfinite(share) and 0.0 <= share <= 1.0):
        raise InputError(
            "The 'share' parameter of deduct_overachievement must be in [0, 1]; "
            f"got {shown_value(share)} instead."
        )
    (s, f, w), scalar = _arrays(awarded, flags, points)
    out = np.where(f.astype(bool), np.maximum(s - share * w, 0.0), s)
    return _result(out, scalar)


# -- completion -----------------------------------------------------------------------------------------
def completion(
    direction: ArrayLike, actual: ArrayLike, target: ArrayLike, upper: ArrayLike | None = None
) -> np.ndarray:
    """Completion ratio (完成率) by direction: ``a / t`` for ≥ and =, ``t / a`` for ≤, ``NaN`` for 定性.

    For 区间: 1 inside ``[t, upper]``, ``a / t`` below, ``upper / a`` above. A zero denominator gives ``NaN``.
    ``direction`` holds :class:`~perfmethods.model.framework.Direction` values (``"≥"``, ``"≤"``, ``"="``,
    ``"区间"``, ``"定性"``).

    Parameters
    ----------
    direction : the indicators' directions (a :class:`~perfmethods.model.framework.Direction` or its
        value); any other value gives ``NaN``.
    actual, target : actual value (实际完成值) and target (年度指标值; for 区间 the lower bound);
        ``NaN`` = missing. A single value is repeated for every direction.
    upper : the upper bound of 区间 indicators; ``None`` (default) = no upper bound, so an actual at or
        above the target completes 1.

    Returns
    -------
    ndarray : the completion ratios, one-dimensional (also for scalar arguments); ``NaN`` for 定性, a
        missing actual or target, or a zero denominator. Not capped: beating the target gives a
        ratio above 1 (≥, = and ≤; 区间 ratios are at most 1).
    """
    d = np.ravel(np.asarray(direction, dtype=object))  # Direction is a str enum: Direction.POSITIVE == "≥"
    (a, t, u), _ = _arrays(actual, target, np.nan if upper is None else upper)
    a, t, u = np.ravel(a), np.ravel(t), np.ravel(u)
    if a.size == 1 and d.size > 1:
        a, t, u = (np.broadcast_to(x, d.shape) for x in (a, t, u))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(t > 0, a / np.where(t > 0, t, 1.0), np.nan)
        inverse = np.where(a > 0, t / np.where(a > 0, a, 1.0), np.nan)
        in_range = np.where(
            a < t, ratio, np.where(a > u, np.where(a > 0, u / np.where(a > 0, a, 1.0), np.nan), 1.0)
        )
    out = np.select([(d == "≥") | (d == "="), d == "≤", d == "区间"], [ratio, inverse, in_range], np.nan)
    return np.where(np.isnan(a) | np.isnan(t), np.nan, out)


# -- rounding ---------------------------------------------------------------------------------------------
def round_points(x: ArrayLike, mode: RoundingMode = "nearest", decimals: int = 2) -> np.ndarray | float:
    """Round awarded points as a locality's table does.

    ``"none"``: unchanged. ``"down"``: floor to ``decimals`` (9.78 → 9, 9.91 → 9 at 0 decimals).
    ``"nearest"``: half-up, not banker's rounding (8.62 → 9, 4.99 → 5, 2.5 → 3; 0.285 → 0.29 at
    2 decimals). Binary floating-point noise is removed first (``x · 10^d`` is rounded to 9 places)
    so that a value a person reads as 0.285 rounds as 0.285, not as 0.28499999999999998.

    Parameters
    ----------
    x : the awarded points (scalar or array-like); ``NaN`` stays ``NaN``.
    mode : ``"none"``, ``"down"`` or ``"nearest"`` (half-up); default ``"nearest"`` (a profile's
        ``rounding``).
    decimals : decimals kept, an int >= 0; default 2 (a profile's ``decimals``; 0 for integer tables).

    Returns
    -------
    ndarray or float : the rounded points (a Python ``float`` for a scalar ``x``).

    Raises
    ------
    InputError : an unknown ``mode``, or ``decimals`` that is not an int >= 0.

    Notes
    -----
    Source: published 自评表 round each way; the budget systems round to 2 decimals
    (``round(…, 2)``).
    """
    if mode not in ("none", "down", "nearest"):
        raise InputError(
            f"The 'mode' parameter of round_points must be 'none', 'down' or 'nearest'; got {mode!r} instead."
        )
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or decimals < 0:
        raise InputError(
            "The 'decimals' parameter of round_points must be an int >= 0; "
            f"got {shown_value(decimals)} instead."
        )
    (v,), scalar = _arrays(x)
    if mode == "none":
        return _result(v.copy() if not scalar else v, scalar)
    factor = 10.0 ** int(decimals)
    scaled = np.round(v * factor, _CLEAN_DECIMALS)
    out = np.floor(scaled) if mode == "down" else np.floor(scaled + 0.5)
    return _result(out / factor, scalar)


def total_points(
    rows: ArrayLike, mode: RoundingMode = "nearest", decimals: int = 2, *, from_rounded_rows: bool = True
) -> float:
    """Total of a table's awarded points under a locality's rounding convention.

    ``from_rounded_rows=True``: the sum of the rounded rows (what a table that prints rounded rows and
    adds them shows). ``False``: the rounded sum of the unrounded rows. With ``mode="none"`` both are
    the plain sum. ``NaN`` rows are not allowed (score missing values first).

    Parameters
    ----------
    rows : the awarded points of the table's rows, unrounded; no ``NaN``.
    mode : rounding as in :func:`round_points`: ``"none"``, ``"down"`` or ``"nearest"`` (default).
    decimals : decimals kept by the rounding, an int >= 0; default 2.
    from_rounded_rows : ``True`` (default) → sum of the rounded rows; ``False`` → the rounded sum of
        the unrounded rows (a profile's ``total_from_rounded_rows``).

    Returns
    -------
    float : the total points.

    Raises
    ------
    InputError : a ``NaN`` row, or a ``mode`` / ``decimals`` that :func:`round_points` rejects.
    """
    (v,), _ = _arrays(rows)
    if np.isnan(v).any():
        raise InputError(
            "The 'rows' parameter of total_points must not contain NaN; score missing values first."
        )
    if mode == "none":
        return float(np.sum(v))
    if from_rounded_rows:
        summed = float(np.sum(np.asarray(round_points(v, mode, decimals))))
        # a sum of values on the 10^-d grid is on the grid: this only removes the noise of the addition
        return float(np.round(summed, int(decimals)))
    return float(round_points(float(np.sum(v)), mode, decimals))

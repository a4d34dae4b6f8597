"""Quantities as a monitoring report states them: whole counts, percentages, amounts with their unit.

A count of events, people or households (场, 人次, 户 …) is a whole number: an in-year report never says
"9.1 场". Three rules follow, each with one home here:

* a reported cumulative count must be whole (checked by :class:`~perfmethods.monitoring.inputs.ProjectReport`);
* a projected count is the number of whole units completed by the year end, :math:`\\lfloor \\hat y \\rfloor`
  (:func:`whole_units`), so that a projection shown as "11 场" against a target of 12 场 is never judged
  certain to be met; an interval on a count widens to whole units, :math:`[\\lfloor l \\rfloor, \\lceil u \\rceil]`;
* a pro-rata plan of a count (annual target × m / 12) is a benchmark, not a count: it is computed exactly and
  *shown* to the nearest whole unit (:func:`quantity_text`).

An indicator either **accumulates** over the year (场次, 人次, 公里, 万元, a share of the works done …: its value
grows from 0 towards the annual target, so its plan at month m is pro-rated) or is a **level** (a rate or share
such as 系统可用率 ≥ 99 %, 满意度 ≥ 90 %, a score, a price or a unit cost: its value at any month is compared
with the annual target itself). :func:`accumulates` is the one rule: an explicit yes / no given with the indicator
(:func:`parse_accumulates`) wins; otherwise the unit decides — a unit of :data:`LEVEL_UNITS` (%, ‰, 分, 星, 倍 …)
or a unit "per" something (``元/平方米``, ``万元/场``, ``元/人``, ``每…``) is a level, every other unit (counts,
amounts, lengths, a blank unit) accumulates. A completion share written in % (工程完成量 ≥ 100 %) accumulates and
must say so explicitly.

Written by hand: the rule is a few lines over numpy and no library holds the list of Chinese count units.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from perfmethods.errors import InputError

__all__ = ["COUNT_UNITS", "LEVEL_UNITS", "MONEY_UNITS", "accumulates", "is_count_unit", "is_level_unit",
           "parse_accumulates", "quantity_text", "whole_units"]

#: Units whose values are whole counts (without a magnitude prefix: 2.3万人次 is not a whole number of 万人次).
COUNT_UNITS: frozenset[str] = frozenset(
    "个 人 人次 名 位 次 场 场次 户 户次 家 所 项 篇 件 套 台 辆 株 棵 头 只 册 本 份 期 批 栋 座 处 条 段 间 张 "
    "部 种 架 艘 门 班 床 课 节 集 幅 人日".split()
)
#: Money units, shown with one decimal (the reports' tables show 万元 to one decimal too).
MONEY_UNITS: frozenset[str] = frozenset({"千元", "万元", "亿元"})
#: Units of levels (rates, shares, scores, ratings, multiples): compared with the annual target at every month.
LEVEL_UNITS: frozenset[str] = frozenset({"%", "％", "‰", "百分比", "百分点", "分", "星", "星级", "级", "倍", "比例",
                                         "比率", "率", "ratio", "percent", "points", "score"})
#: Marks of a unit "per" something (元/平方米, 万元/场, 元/人, 每人 …): a price or unit cost, a level.
_PER_MARKS = ("/", "／", "每", "per ")
#: Spellings of an explicit yes / no for "the indicator accumulates over the year".
_ACCUMULATES: dict[str, bool] = {"yes": True, "y": True, "true": True, "1": True, "是": True, "累计": True,
                                 "no": False, "n": False, "false": False, "0": False, "否": False, "不累计": False}
_TOL = 1e-9


def is_count_unit(unit: object) -> bool:
    """Whether ``unit`` (as written, surrounding spaces ignored) counts whole things: 场, 人次, 户 …"""
    return isinstance(unit, str) and unit.strip() in COUNT_UNITS


def is_level_unit(unit: object) -> bool:
    """Whether ``unit`` measures a level rather than an amount that accumulates: a unit of :data:`LEVEL_UNITS`
    (%, ‰, 分, 星 …) or a unit "per" something (``元/平方米``, ``万元/场``, ``每人``)."""
    if not isinstance(unit, str):
        return False
    text = unit.strip()
    return text.lower() in LEVEL_UNITS or any(mark in text.lower() for mark in _PER_MARKS)


def parse_accumulates(value: object, *, location: Mapping[str, object] | None = None) -> bool | None:
    """An explicit "accumulates over the year" flag: yes / no, 是 / 否, 累计 / 不累计, true / false, 1 / 0.

    Returns ``None`` for a blank cell (the unit decides, :func:`accumulates`).

    Raises
    ------
    InputError : any other value, at ``location``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = str(value).strip()
    if text == "":
        return None
    flag = _ACCUMULATES.get(text.lower())
    if flag is None:
        raise InputError(f"whether the indicator accumulates over the year must be yes / no (是 / 否); got "
                         f"{text!r}", location=location)
    return flag


def accumulates(unit: object, explicit: bool | None = None) -> bool:
    """Whether an indicator accumulates over the year (True) or is a level (False).

    Parameters
    ----------
    unit : the indicator's unit as written.
    explicit : the flag given with the indicator (:func:`parse_accumulates`); ``None`` lets the unit decide.

    Returns
    -------
    bool : ``explicit`` when given, else ``not is_level_unit(unit)``: counts, amounts and lengths accumulate,
    rates, shares, scores, prices and unit costs are levels.
    """
    return bool(explicit) if explicit is not None else not is_level_unit(unit)


def whole_units(values: Any, units: Any, how: str = "down") -> np.ndarray:
    """``values`` with the counts among them rounded to whole units; other values unchanged.

    Parameters
    ----------
    values : numbers (array-like).
    units : one unit for all values, or one per value.
    how : ``"down"`` (⌊·⌋: whole units completed, a projection or an interval's lower bound) or ``"up"``
        (⌈·⌉: an interval's upper bound). A value within 1e-9 of a whole number is that number.

    Returns
    -------
    numpy.ndarray of float (NaN stays NaN).
    """
    v = np.asarray(values, dtype=float)
    u = np.broadcast_to(np.asarray(units, dtype=object), v.shape)
    count = np.vectorize(is_count_unit, otypes=[bool])(u) if v.size else np.zeros(v.shape, dtype=bool)
    rounded = np.floor(v + _TOL) if how == "down" else np.ceil(v - _TOL)
    return np.where(count & np.isfinite(v), rounded, v)


def quantity_text(value: object, unit: object = "", *, signed: bool = False) -> str:
    """A number with its unit as a report prints it: ``12 场``, ``12,000 人次``, ``97.5%``, ``2.53 万元/场``.

    Counts are shown to the nearest whole unit (half up), money in 千元 / 万元 / 亿元 with one decimal,
    percentages (unit ``%``) and other quantities with at most two decimals, trailing zeros removed. A missing
    value is ``—``.

    Parameters
    ----------
    value : the number.
    unit : its unit as written (``""`` for none).
    signed : show a ``+`` on positive numbers.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    x = float(value)  # type: ignore[arg-type]
    unit = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit).strip()
    sign = "+" if signed else ""
    if is_count_unit(unit):
        number = f"{math.floor(x + 0.5):{sign},d}"
    elif unit in MONEY_UNITS:
        number = f"{x:{sign},.1f}"
    else:
        number = f"{x:{sign},.2f}".rstrip("0").rstrip(".")
        number = "0" if number in ("-0", "+0", "") else number
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"

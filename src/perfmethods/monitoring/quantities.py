"""Quantities as a monitoring report states them: whole counts, percentages, amounts with their unit.

A count of events, people or households (场, 人次, 户 …) is a whole number: an in-year report never says
"9.1 场". Three rules follow, each with one home here:

* a reported cumulative count must be whole (checked by :class:`~perfmethods.monitoring.inputs.ProjectReport`);
* a projected count is the number of whole units completed by the year end, :math:`\\lfloor \\hat y \\rfloor`
  (:func:`whole_units`), so that a projection shown as "11 场" against a target of 12 场 is never judged
  certain to be met; an interval on a count widens to whole units, :math:`[\\lfloor l \\rfloor, \\lceil u \\rceil]`;
* a pro-rata plan of a count (annual target × m / 12) is a benchmark, not a count: it is computed exactly and
  *shown* to the nearest whole unit (:func:`quantity_text`).

Written by hand: the rule is a few lines over numpy and no library holds the list of Chinese count units.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["COUNT_UNITS", "MONEY_UNITS", "is_count_unit", "quantity_text", "whole_units"]

#: Units whose values are whole counts (without a magnitude prefix: 2.3万人次 is not a whole number of 万人次).
COUNT_UNITS: frozenset[str] = frozenset(
    "个 人 人次 名 位 次 场 场次 户 户次 家 所 项 篇 件 套 台 辆 株 棵 头 只 册 本 份 期 批 栋 座 处 条 段 间 张 "
    "部 种 架 艘 门 班 床 课 节 集 幅 人日".split()
)
#: Money units, shown with one decimal (the reports' tables show 万元 to one decimal too).
MONEY_UNITS: frozenset[str] = frozenset({"千元", "万元", "亿元"})
_TOL = 1e-9


def is_count_unit(unit: object) -> bool:
    """Whether ``unit`` (as written, surrounding spaces ignored) counts whole things: 场, 人次, 户 …"""
    return isinstance(unit, str) and unit.strip() in COUNT_UNITS


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

"""Boundary validation shared by the cost-benefit modules (one validation layer, scikit-learn message form)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from perfmethods.errors import InputError
from perfmethods.validation import check_number

__all__ = ["as_flows", "check_rate", "check_unit_interval"]


def as_flows(flows: object, *, name: str = "flows", func: str = "npv") -> np.ndarray:
    """Return ``flows`` as a float array of shape (..., T) with T >= 1 and no missing values.

    The last axis is time (t = 0, 1, ..., T-1). A missing value raises an :class:`InputError` naming the year index.
    """
    try:
        arr = np.asarray(flows, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"The '{name}' parameter of {func} must be an array of numbers; "
                         f"got {flows!r} instead.") from exc
    if arr.ndim == 0:
        raise InputError(f"The '{name}' parameter of {func} must be a sequence of yearly flows starting at t = 0; "
                         f"got the scalar {float(arr)!r} instead.")
    if arr.shape[-1] == 0:
        raise InputError(f"The '{name}' parameter of {func} must hold at least one year (t = 0); got none.")
    bad = ~np.isfinite(arr)
    if bad.any():
        where = np.argwhere(bad)[0]
        raise InputError(f"The '{name}' parameter of {func} has a missing or infinite value "
                         f"at year t = {int(where[-1])}"
                         f" (flow index {tuple(int(i) for i in where[:-1]) or 0}); fill the year with 0 if nothing "
                         f"is paid or received, or correct the value.", location={"key": name, "year": int(where[-1])})
    return arr


def check_rate(rate: object, *, name: str = "rate", func: str = "npv") -> np.ndarray:
    """Return a float array of rates, each finite and > -1."""
    try:
        arr = np.asarray(rate, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"The '{name}' parameter of {func} must be a number, an array of numbers or a schedule; "
                         f"got {rate!r} instead.") from exc
    if not np.all(np.isfinite(arr)):
        raise InputError(f"The '{name}' parameter of {func} must be finite; got {rate!r} instead.",
                         location={"key": name})
    if np.any(arr <= -1):
        raise InputError(f"The '{name}' parameter of {func} must be greater than -1 (a rate of -100 % or less has no "
                         f"discount factor); got {rate!r} instead.", location={"key": name})
    return arr


def check_unit_interval(value: object, *, name: str, func: str, closed_right: bool = True) -> float:
    """Return ``value`` as a float in [0, 1] (or [0, 1) when ``closed_right`` is False)."""
    return float(check_number(value, name=name, func=func, low=0.0, high=1.0,
                              closed="both" if closed_right else "left"))


def names_list(values: Sequence[str]) -> str:
    return ", ".join(repr(v) for v in values)

"""Input checks shared by the ranking methods (TOPSIS, grey relational analysis, outranking): the decision matrix,
the weights, the directions, and the ranking of scores.

Every public ranking function reads its input here once and then trusts it. A decision matrix has evaluation
units (departments, districts, programmes) in rows and indicators in columns; a pandas DataFrame keeps its
labels (index = unit names, columns = indicator ids), a numpy array gets ``unit 1 … unit m`` and ``x1 … xn``.
Messages name the unit and the indicator in the user's labels.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from perfmethods.errors import InputError
from perfmethods.model.framework import Direction
from perfmethods.validation import shown_value

__all__ = [
    "DecisionMatrix", "aligned", "as_directions", "as_weights", "decision_matrix", "direction_labels",
    "rank_descending",
]

#: Relative size below which a column's range counts as zero (a constant indicator).
CONSTANT_RTOL = 1e-12


class DecisionMatrix:
    """A checked decision matrix: ``values`` (float array, m units × n indicators), ``units`` and ``indicators``."""

    __slots__ = ("values", "units", "indicators")

    def __init__(self, values: np.ndarray, units: pd.Index, indicators: pd.Index) -> None:
        self.values = values
        self.units = units
        self.indicators = indicators

    def frame(self, values: np.ndarray | None = None) -> pd.DataFrame:
        """``values`` (default: the matrix) as a DataFrame with the unit and indicator labels."""
        return pd.DataFrame(self.values if values is None else values, index=self.units, columns=self.indicators)

    def series(self, values: np.ndarray, name: str, *, by: str = "unit") -> pd.Series:
        """A Series over units (``by="unit"``) or indicators (``by="indicator"``)."""
        index = self.units if by == "unit" else self.indicators
        return pd.Series(values, index=index.copy(), name=name)


def decision_matrix(X: Any, *, func: str, min_units: int = 2, allow_constant: bool = False) -> DecisionMatrix:
    """Check a decision matrix and return it as floats with its labels.

    Parameters
    ----------
    X : DataFrame (index = unit names, columns = indicator ids) or 2-D array-like.
    func : the public function's name, for messages.
    min_units : the fewest units (rows) accepted.
    allow_constant : accept an indicator with the same value for every unit.

    Raises
    ------
    InputError : not a 2-D table of numbers; duplicate unit or indicator labels; fewer than ``min_units`` units;
        a missing or infinite value (naming unit and indicator); a constant indicator (naming it) unless allowed.
    """
    if isinstance(X, pd.DataFrame):
        units = pd.Index(X.index.astype(str), name="unit")
        indicators = pd.Index(X.columns.astype(str), name="indicator")
        bad = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c])]
        if bad:
            raise InputError(f"The 'X' parameter of {func} must hold numbers only; indicator(s) "
                             f"{[str(c) for c in bad]} hold text or other values.")
        values = X.to_numpy(dtype=float, na_value=np.nan)
    else:
        try:
            values = np.array(X, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"The 'X' parameter of {func} must be a table of numbers (units × indicators); "
                             f"got {type(X).__name__} that cannot be read as numbers.") from None
        if values.ndim != 2:
            raise InputError(f"The 'X' parameter of {func} must be a 2-D table (units × indicators); "
                             f"got shape {values.shape}.")
        units = pd.Index("unit " + pd.RangeIndex(1, values.shape[0] + 1).astype(str), name="unit")
        indicators = pd.Index("x" + pd.RangeIndex(1, values.shape[1] + 1).astype(str), name="indicator")
    m, n = values.shape
    if n < 1:
        raise InputError(f"The 'X' parameter of {func} has no indicator columns.")
    if m < min_units:
        raise InputError(f"The 'X' parameter of {func} must have at least {min_units} units (rows) to rank; "
                         f"got {m}.")
    for labels, what in ((units, "unit"), (indicators, "indicator")):
        dup = sorted(set(labels[labels.duplicated()]))
        if dup:
            raise InputError(f"The 'X' parameter of {func} names the {what}(s) {dup} more than once; "
                             f"each {what} must appear once.")
    bad_cells = ~np.isfinite(values)
    if bad_cells.any():
        i, j = np.argwhere(bad_cells)[0]
        raise InputError(f"{func}: a value is missing or infinite ({int(bad_cells.sum())} such cell(s)); "
                         "impute or drop it first",
                         location={"unit": units[i], "indicator": indicators[j]})
    if not allow_constant:
        lo, hi = values.min(axis=0), values.max(axis=0)
        constant = (hi - lo) <= CONSTANT_RTOL * np.maximum(np.abs(hi), 1.0)
        if constant.any():
            names = [indicators[j] for j in np.flatnonzero(constant)]
            raise InputError(f"{func}: indicator(s) {names} have the same value for every unit, so they cannot "
                             "tell the units apart; drop them", location={"indicator": names[0]})
    return DecisionMatrix(values, units, indicators)


def aligned(values: Any, indicators: pd.Index, *, name: str, func: str) -> list[Any]:
    """One entry per indicator from a sequence (in column order) or a mapping / Series keyed by indicator."""
    if isinstance(values, (Mapping, pd.Series)):
        mapping = {str(k): v for k, v in dict(values).items()}
        unknown = sorted(set(mapping) - set(indicators))
        missing = [c for c in indicators if c not in mapping]
        if unknown or missing:
            parts = []
            if missing:
                parts.append(f"no entry for indicator(s) {missing}")
            if unknown:
                parts.append(f"entries for indicator(s) {unknown} that are not columns of X")
            raise InputError(f"The '{name}' parameter of {func} must have one entry per indicator of X "
                             f"({list(indicators)}); it has {' and '.join(parts)}.")
        return [mapping[c] for c in indicators]
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        return [values] * len(indicators)
    seq = list(np.asarray(values, dtype=object).ravel()) if isinstance(values, np.ndarray) else list(values)
    if len(seq) != len(indicators):
        raise InputError(f"The '{name}' parameter of {func} must give {len(indicators)} values, one per indicator "
                         f"({list(indicators)}); got {len(seq)}.")
    return seq


def as_weights(weights: Any, indicators: pd.Index, *, func: str) -> np.ndarray:
    """Weights as probabilities over ``indicators`` (rescaled to sum to 1); ``None`` gives equal weights.

    Weights are relative, as in COINr: ``[30, 20, 50]`` points and ``[0.3, 0.2, 0.5]`` are the same weights.

    Raises
    ------
    InputError : the wrong number of weights, a weight for an unknown indicator, a negative or non-numeric
        weight (naming the indicator), or weights that are all zero.
    """
    if weights is None:
        return np.full(len(indicators), 1.0 / len(indicators))
    seq = aligned(weights, indicators, name="weights", func=func)
    out = np.empty(len(seq))
    for j, w in enumerate(seq):
        if isinstance(w, bool) or not isinstance(w, numbers.Real) or not np.isfinite(float(w)) or float(w) < 0:
            raise InputError(f"The 'weights' parameter of {func} must hold numbers >= 0; got {shown_value(w)}",
                             location={"indicator": indicators[j]})
        out[j] = float(w)
    total = out.sum()
    if not total > 0:
        raise InputError(f"The 'weights' parameter of {func} must have a positive sum; every weight is 0.")
    return out / total


def _direction_sign(value: Any) -> float | None:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return {1.0: 1.0, -1.0: -1.0}.get(float(value))
    try:
        parsed = Direction.parse(getattr(value, "value", value))
    except InputError:
        return None
    return {Direction.POSITIVE: 1.0, Direction.REVERSE: -1.0}.get(parsed)


def as_directions(directions: Any, indicators: pd.Index, *, func: str) -> np.ndarray:
    """+1 (benefit, 正向, ≥, ``max``) or −1 (cost, 负向/反向, ≤, ``min``) per indicator; ``None``: all benefit.

    Accepts a sequence in column order, a mapping / Series keyed by indicator, or one value for every indicator.
    The spellings are those of :meth:`perfmethods.model.framework.Direction.parse`, plus the numbers 1 and −1.
    """
    if directions is None:
        return np.ones(len(indicators))
    seq = aligned(directions, indicators, name="directions", func=func)
    out = np.empty(len(seq))
    for j, v in enumerate(seq):
        sign = _direction_sign(v)
        if sign is None:
            raise InputError(f"The 'directions' parameter of {func} must say 'benefit' (正向, ≥, max, 1) or "
                             f"'cost' (负向, ≤, min, -1) for each indicator; got {shown_value(v)}",
                             location={"indicator": indicators[j]})
        out[j] = sign
    return out


def direction_labels(signs: np.ndarray, indicators: pd.Index) -> pd.Series:
    """The directions as the words a report shows (``benefit`` / ``cost``), indexed by indicator."""
    return pd.Series(np.where(signs > 0, "benefit", "cost"), index=indicators.copy(), name="direction")


def rank_descending(scores: np.ndarray, *, decimals: int = 12) -> np.ndarray:
    """Competition ranks (1 = highest score; ties share the best rank) of ``scores``, as integers.

    Scores are rounded to ``decimals`` places first, so that two units whose scores differ only by floating-point
    noise share a rank.
    """
    return rankdata(-np.round(np.asarray(scores, dtype=float), decimals), method="min").astype(int)

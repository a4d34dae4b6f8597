"""Input conventions shared by the ranking methods (TOPSIS, grey relational analysis, outranking): the decision
matrix, the weights, the directions, and the ranking of scores.

The rules themselves have one home each: a table of numbers is read by :func:`perfmethods.validation.check_table`,
entries per indicator by :func:`perfmethods.validation.by_label` and :func:`~perfmethods.validation.check_weights`,
directions by :func:`perfmethods.model.framework.check_directions`; this module fixes the ranking methods'
conventions (array labels ``unit 1``…, weights rescaled to sum to 1, a constant indicator refused).

Every public ranking function reads its input here once and then trusts it. A decision matrix has evaluation
units (departments, districts, programmes) in rows and indicators in columns; a pandas DataFrame keeps its
labels (index = unit names, columns = indicator ids), a numpy array gets ``unit 1 … unit m`` and ``x1 … xn``.
Messages name the unit and the indicator in the user's labels.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from perfmethods.errors import InputError
from perfmethods.model.framework import check_directions
from perfmethods.validation import by_label, check_table, check_weights

__all__ = [
    "DecisionMatrix", "as_directions", "as_weights", "decision_matrix", "direction_labels",
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

    :func:`perfmethods.validation.check_table` with the ranking methods' conventions (no missing value; an
    array's units named ``unit 1``, ``unit 2``, …, its indicators ``x1``, ``x2``, …), then the one rule of
    ranking: an indicator must tell the units apart.

    Parameters
    ----------
    X : DataFrame (index = unit names, columns = indicator ids) or 2-D array-like.
    func : the public function's name, for messages.
    min_units : the fewest units (rows) accepted.
    allow_constant : accept an indicator with the same value for every unit.

    Raises
    ------
    InputError : not a 2-D table of numbers; duplicate unit or indicator labels; fewer than ``min_units`` units;
        a text, missing or infinite value (naming unit and indicator); a constant indicator (naming it) unless
        allowed.
    """
    frame = check_table(X, name="X", func=func, row_label="unit", column_label="indicator", row_names="unit {}",
                        column_names="x{}", min_rows=min_units)
    values = frame.to_numpy()
    if not allow_constant:
        lo, hi = values.min(axis=0), values.max(axis=0)
        constant = (hi - lo) <= CONSTANT_RTOL * np.maximum(np.abs(hi), 1.0)
        if constant.any():
            names = [frame.columns[j] for j in np.flatnonzero(constant)]
            raise InputError(f"{func}: indicator(s) {names} have the same value for every unit, so they cannot "
                             "tell the units apart; drop them", location={"indicator": names[0]})
    return DecisionMatrix(values, frame.index, frame.columns)


def as_weights(weights: Any, indicators: pd.Index, *, func: str) -> np.ndarray:
    """Weights as probabilities over ``indicators`` (rescaled to sum to 1); ``None`` gives equal weights.

    Weights are relative, as in COINr: ``[30, 20, 50]`` points and ``[0.3, 0.2, 0.5]`` are the same weights. A
    mapping must give every indicator a weight (:func:`perfmethods.validation.by_label` without a default).

    Raises
    ------
    InputError : the wrong number of weights, a weight for an unknown indicator or none for a known one, a
        negative or non-numeric weight (naming the indicator), or weights that are all zero.
    """
    if weights is None:
        return np.full(len(indicators), 1.0 / len(indicators))
    seq = by_label(weights, indicators, name="weights", func=func, entry="weight")
    out = check_weights(seq, indicators, func=func)
    total = out.sum()
    if not total > 0:
        raise InputError(f"The 'weights' parameter of {func} must have a positive sum; every weight is 0.")
    return out / total


def as_directions(directions: Any, indicators: pd.Index, *, func: str) -> np.ndarray:
    """+1 (benefit, 正向, ≥, ``max``) or −1 (cost, 负向/反向, ≤, ``min``) per indicator; ``None``: all benefit.

    :func:`perfmethods.model.framework.check_directions` as a float array in column order.
    """
    return check_directions(directions, indicators, func=func).to_numpy(dtype=float)


def direction_labels(signs: np.ndarray, indicators: pd.Index) -> pd.Series:
    """The directions as the words a report shows (``benefit`` / ``cost``), indexed by indicator."""
    return pd.Series(np.where(signs > 0, "benefit", "cost"), index=indicators.copy(), name="direction")


def rank_descending(scores: np.ndarray, *, decimals: int = 12) -> np.ndarray:
    """Competition ranks (1 = highest score; ties share the best rank) of ``scores``, as integers.

    Scores are rounded to ``decimals`` places first, so that two units whose scores differ only by floating-point
    noise share a rank.
    """
    return rankdata(-np.round(np.asarray(scores, dtype=float), decimals), method="min").astype(int)

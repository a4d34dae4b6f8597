"""TOPSIS (逼近理想解排序法): rank units by their relative closeness to the ideal and anti-ideal points.

Hwang & Yoon (1981), *Multiple Attribute Decision Making*, Springer, ch. 3; the steps as used in the Chinese
fiscal-performance literature (熵权-TOPSIS) are those of 司守奎、孙玺菁《数学建模算法与应用》第 14 章 §14.1.

Data X = (x_ij): units i = 1 … m in rows, indicators j = 1 … n in columns; weights w_j ≥ 0 rescaled to Σ w_j = 1;
directions s_j = +1 (benefit, 正向) or −1 (cost, 负向).

1. Normalise (``normalization``):

   * ``"vector"`` (Hwang & Yoon's classic): r_ij = x_ij / √(Σ_i x_ij²); the direction is applied in step 3;
   * ``"minmax"`` (pymcdm's default): r_ij = (x_ij − min_j)/(max_j − min_j) for benefit and
     (max_j − x_ij)/(max_j − min_j) for cost, so every normalised indicator is "more is better";
   * ``None``: r_ij = x_ij (scikit-criteria's TOPSIS, which leaves scaling to a separate step).

2. Weight: v_ij = w_j r_ij.
3. Ideal A⁺_j = max_i v_ij for benefit (min for cost) and anti-ideal A⁻_j = min_i v_ij (max for cost); after
   min–max normalisation every indicator is a benefit.
4. Euclidean distances D⁺_i = ‖v_i − A⁺‖, D⁻_i = ‖v_i − A⁻‖.
5. Relative closeness C_i = D⁻_i / (D⁺_i + D⁻_i) ∈ [0, 1]; rank 1 = the largest C_i.

TOPSIS results depend on the normalisation: on the Opricovic & Tzeng (2004) data min–max gives
C = [0.5, 0.617, 0.5] and vector normalisation [0.7621, 0.7222, 0.2379] (a different order), so the normalisation
is a named option and is reported with the result. Closeness does not change when every weight is multiplied by
one number, so weights are rescaled to sum to 1 and the distances are in those units.

Why hand-written: the peers (pymcdm, scikit-criteria, pyDecision) each fix one normalisation, take weights and
directions in their own objects and return bare arrays; the method is five vectorised numpy lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.composite._ranking_input import (
    as_directions,
    as_weights,
    decision_matrix,
    direction_labels,
    rank_descending,
)
from perfmethods.composite._ranking_plot import score_bars
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import check_language, check_option

__all__ = ["TOPSIS_NORMALIZATIONS", "TopsisResult", "topsis"]

#: The normalisations :func:`topsis` offers (``None``: the raw matrix).
TOPSIS_NORMALIZATIONS: tuple[str | None, ...] = ("vector", "minmax", None)


@dataclass(frozen=True, repr=False)
class TopsisResult(Result):
    """The TOPSIS ranking of a set of units.

    Attributes
    ----------
    closeness : relative closeness C_i ∈ [0, 1] by unit (higher is better).
    rank : 1 = closest to the ideal; ties share the best rank.
    distance_ideal, distance_anti_ideal : D⁺_i and D⁻_i by unit.
    ideal, anti_ideal : A⁺ and A⁻ by indicator, in the weighted normalised units v.
    weighted : the weighted normalised matrix v (units × indicators).
    weights : the weights used (summing to 1), by indicator.
    directions : ``benefit`` or ``cost`` by indicator, as given.
    normalization : ``"vector"``, ``"minmax"`` or ``None``.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("normalization", "best", "n_units")

    closeness: pd.Series
    rank: pd.Series
    distance_ideal: pd.Series
    distance_anti_ideal: pd.Series
    ideal: pd.Series
    anti_ideal: pd.Series
    weighted: pd.DataFrame = field(repr=False)
    weights: pd.Series = field(repr=False)
    directions: pd.Series = field(repr=False)
    normalization: str | None = "vector"

    @property
    def best(self) -> str:
        """The unit ranked first (the first in order of the table when several tie)."""
        return str(self.rank.idxmin())

    @property
    def n_units(self) -> int:
        return int(len(self.closeness))

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (index = unit): closeness, rank and the two distances, in the units' order."""
        return pd.DataFrame({"closeness": self.closeness, "rank": self.rank,
                             "distance_ideal": self.distance_ideal,
                             "distance_anti_ideal": self.distance_anti_ideal})

    def summary(self) -> pd.DataFrame:
        """The units from best to worst: unit, closeness, rank, D⁺, D⁻."""
        return self.to_frame().sort_values(["rank", "closeness"], ascending=[True, False]).reset_index()

    def to_dict(self) -> dict[str, Any]:
        return {
            "normalization": self.normalization,
            "units": json_records(self.summary()),
            "ideal": {str(k): float(v) for k, v in self.ideal.items()},
            "anti_ideal": {str(k): float(v) for k, v in self.anti_ideal.items()},
            "weights": {str(k): float(v) for k, v in self.weights.items()},
            "directions": {str(k): str(v) for k, v in self.directions.items()},
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the relative closeness, best unit at the top."""
        tr = translator(check_language(language, func="plot"), "plot.composite.ranking.")
        return score_bars(self.closeness, ax=ax, title=tr("topsis.title"), xlabel=tr("topsis.x"))


def topsis(X: Any, weights: Any = None, directions: Any = None, normalization: str | None = "vector") -> TopsisResult:
    """Rank units by TOPSIS relative closeness C_i = D⁻_i / (D⁺_i + D⁻_i).

    Parameters
    ----------
    X : DataFrame of units × indicators (index = unit names, columns = indicator ids) or a 2-D array.
    weights : one weight ≥ 0 per indicator (a sequence in column order, or a mapping / Series keyed by indicator);
        rescaled to sum to 1. ``None``: equal weights.
    directions : ``benefit`` (正向, ≥, ``max``, 1) or ``cost`` (负向, ≤, ``min``, −1) per indicator, or one value
        for all. ``None``: every indicator is a benefit.
    normalization : ``"vector"`` (r = x/‖x‖, default), ``"minmax"`` (pymcdm's default) or ``None`` (raw values).

    Returns
    -------
    TopsisResult

    Raises
    ------
    InputError : fewer than two units, a missing value (naming unit and indicator), a constant indicator (it
        cannot discriminate), weights or directions that do not match the indicators, an unknown normalisation.

    Examples
    --------
    >>> res = topsis([[1, 3000], [2, 3750], [5, 4500]], directions=["cost", "benefit"], normalization="minmax")
    >>> res.closeness.round(3).tolist()
    [0.5, 0.617, 0.5]
    """
    func = "topsis"
    check_option(normalization, TOPSIS_NORMALIZATIONS, name="normalization", func=func)
    dm = decision_matrix(X, func=func)
    w = as_weights(weights, dm.indicators, func=func)
    sign = as_directions(directions, dm.indicators, func=func)
    x = dm.values
    if normalization == "vector":
        r = x / np.sqrt(np.einsum("ij,ij->j", x, x))
        effective = sign
    elif normalization == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        r = np.where(sign > 0, x - lo, hi - x) / (hi - lo)
        effective = np.ones_like(sign)
    else:
        r = x
        effective = sign
    v = r * w
    vmax, vmin = v.max(axis=0), v.min(axis=0)
    ideal = np.where(effective > 0, vmax, vmin)
    anti = np.where(effective > 0, vmin, vmax)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    closeness = d_minus / (d_plus + d_minus)
    return TopsisResult(
        closeness=dm.series(closeness, "closeness"),
        rank=dm.series(rank_descending(closeness), "rank"),
        distance_ideal=dm.series(d_plus, "distance_ideal"),
        distance_anti_ideal=dm.series(d_minus, "distance_anti_ideal"),
        ideal=dm.series(ideal, "ideal", by="indicator"),
        anti_ideal=dm.series(anti, "anti_ideal", by="indicator"),
        weighted=dm.frame(v),
        weights=dm.series(w, "weight", by="indicator"),
        directions=direction_labels(sign, dm.indicators),
        normalization=normalization,
    )

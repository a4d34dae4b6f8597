"""Outranking matrix and Copeland scores: a non-compensatory ranking by pairwise comparison of units.

OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, step 6 "Weighting and aggregation",
non-compensatory multi-criteria aggregation (Condorcet / Copeland); implemented as COINr's ``outrankMatrix()``
and ``a_copeland()`` (bluefoxr/COINr@b9682034635df03279896b6cb025cd3534f82cbb R/aggregate.R).

Data X = (x_ik): units i = 1 … m, indicators k with weights w_k rescaled to Σ w_k = 1 and directions s_k (a cost
indicator is compared reversed; COINr expects normalised data where every indicator is "more is better").

* Outranking matrix: e_ij = Σ_k w_k [x_ik > x_jk] + ½ Σ_k w_k [x_ik = x_jk] for i ≠ j, e_ii = 0, so
  e_ij + e_ji = 1: the weight of the indicators on which unit i beats unit j, ties shared.
* Dominance pairs: e_ij = 1 (i is at least as good on every indicator and strictly better on all); COINr's
  ``nDominant`` counts them and ``fracDominant`` = nDominant / (m(m − 1)/2) says how robust the ranking is.
* Copeland score c_i = Σ_j sign(e_ij − ½) (a win +1, a tie 0, a loss −1); rank 1 = the highest score.

Copeland does not let a strong indicator make up for a weak one (it is non-compensatory), unlike a weighted mean.

Why hand-written: COINr is R (and loops over pairs of units); here each indicator adds one vectorised (m, m)
comparison.
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
from perfmethods.validation import check_language

__all__ = ["OutrankingResult", "outranking_matrix"]


@dataclass(frozen=True, repr=False)
class OutrankingResult(Result):
    """COINr's outranking matrix, dominance pairs and Copeland scores of a set of units.

    Attributes
    ----------
    matrix : e_ij, units × units (row i outranks column j by the weight share e_ij; the diagonal is 0).
    copeland : Copeland score by unit (wins − losses over the pairwise comparisons).
    rank : 1 = the highest Copeland score; ties share the best rank.
    n_dominant : the number of pairs where one unit is better on every indicator (COINr's ``nDominant``).
    frac_dominant : ``n_dominant`` / number of pairs (COINr's ``fracDominant``).
    weights : the weights used (summing to 1), by indicator.
    directions : ``benefit`` or ``cost`` by indicator.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("best", "n_dominant", "frac_dominant", "n_units")

    matrix: pd.DataFrame
    copeland: pd.Series
    rank: pd.Series
    n_dominant: int
    frac_dominant: float
    weights: pd.Series = field(repr=False)
    directions: pd.Series = field(repr=False)

    @property
    def best(self) -> str:
        """The unit ranked first."""
        return str(self.rank.idxmin())

    @property
    def n_units(self) -> int:
        return int(len(self.copeland))

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (index = unit): Copeland score, rank, wins, ties and losses."""
        e = self.matrix.to_numpy()
        off = ~np.eye(len(e), dtype=bool)
        return pd.DataFrame({
            "copeland": self.copeland, "rank": self.rank,
            "wins": ((e > 0.5) & off).sum(axis=1), "ties": ((e == 0.5) & off).sum(axis=1),
            "losses": ((e < 0.5) & off).sum(axis=1),
        }, index=self.matrix.index)

    def summary(self) -> pd.DataFrame:
        """The units from best to worst: unit, Copeland score, rank, wins, ties, losses."""
        return self.to_frame().sort_values(["rank", "copeland"], ascending=[True, False]).reset_index()

    def to_dict(self) -> dict[str, Any]:
        return {
            "units": json_records(self.summary()),
            "matrix": {str(i): {str(j): float(v) for j, v in row.items()} for i, row in self.matrix.iterrows()},
            "n_dominant": self.n_dominant, "frac_dominant": self.frac_dominant,
            "weights": {str(k): float(v) for k, v in self.weights.items()},
            "directions": {str(k): str(v) for k, v in self.directions.items()},
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the Copeland scores, best unit at the top."""
        tr = translator(check_language(language, func="plot"), "plot.composite.ranking.")
        return score_bars(self.copeland, ax=ax, title=tr("copeland.title"), xlabel=tr("copeland.x"),
                          color="#C44E52")


def outranking_matrix(X: Any, weights: Any = None, directions: Any = None) -> OutrankingResult:
    """The outranking matrix e_ij = Σ_k w_k [x_ik > x_jk] + ½ Σ_k w_k [x_ik = x_jk] and the Copeland scores.

    Parameters
    ----------
    X : DataFrame of units × indicators (index = unit names, columns = indicator ids) or a 2-D array; usually
        the normalised indicators of a composite index.
    weights : one weight ≥ 0 per indicator (sequence in column order or mapping keyed by indicator), rescaled to
        sum to 1; ``None``: equal weights.
    directions : ``benefit`` / ``cost`` per indicator; a cost indicator is compared reversed. ``None``: all
        benefit.

    Returns
    -------
    OutrankingResult

    Raises
    ------
    InputError : fewer than two units, a missing value (naming unit and indicator), weights or directions that
        do not match the indicators.

    Examples
    --------
    >>> res = outranking_matrix([[1, 2], [2, 1]])
    >>> res.copeland.tolist()
    [0.0, 0.0]
    """
    func = "outranking_matrix"
    dm = decision_matrix(X, func=func, allow_constant=True)
    w = as_weights(weights, dm.indicators, func=func)
    sign = as_directions(directions, dm.indicators, func=func)
    x = dm.values * sign
    m = len(x)
    e = np.zeros((m, m))
    for k, col in enumerate(x.T):  # one (m, m) comparison per indicator: memory m², not m² × indicators
        e += w[k] * (np.greater.outer(col, col) + 0.5 * np.equal.outer(col, col))
    np.fill_diagonal(e, 0.0)
    n_dominant = int(np.isclose(e, 1.0, rtol=0.0, atol=1e-12).sum())
    s = np.where(np.isclose(e, 0.5, rtol=0.0, atol=1e-12), 0.0, np.sign(e - 0.5))
    np.fill_diagonal(s, 0.0)
    copeland = s.sum(axis=1)
    return OutrankingResult(
        matrix=pd.DataFrame(e, index=dm.units.copy(), columns=dm.units.rename("over")),
        copeland=dm.series(copeland, "copeland"),
        rank=dm.series(rank_descending(copeland), "rank"),
        n_dominant=n_dominant,
        frac_dominant=float(n_dominant / (m * (m - 1) / 2)),
        weights=dm.series(w, "weight", by="indicator"),
        directions=direction_labels(sign, dm.indicators),
    )

"""Grey relational analysis (灰色关联分析, Deng Julong 邓聚龙 1982): how close each unit's profile is to a reference.

Deng, J. (1982), "Control problems of grey systems", *Systems & Control Letters* 1(5): 288–294; 邓聚龙《灰色系统
基本方法》(华中工学院出版社, 1987). The evaluation form used here (reference = the best value of each indicator,
weighted grade) is that of 司守奎、孙玺菁《数学建模算法与应用》第 14 章 §14.4 (例 14.5, 供应商选择) and of
Yıldırım & Önder (eds.) (2015) *Çok Kriterli Karar Verme Yöntemleri*, Dora, ch. "Gri İlişkisel Analiz".

Data X = (x_ij): units i = 1 … m in rows, indicators k = 1 … n in columns; directions s_k (benefit / cost).

1. Preprocess (``normalization``; 无量纲化):

   * ``"minmax"`` (区间值化, default): z_ik = (x_ik − min_k)/(max_k − min_k) for benefit,
     (max_k − x_ik)/(max_k − min_k) for cost — every indicator becomes "more is better";
   * ``"mean"`` (均值化): z_ik = x_ik / mean_k;  ``"initial"`` (初值化): z_ik = x_ik / x_1k (the first unit, for
     series ordered in time);  ``None``: z = x.

2. Reference series z₀ (参考数列): ``reference=None`` takes the best value of each preprocessed indicator (the
   column maximum for a benefit, the minimum for a cost; after min–max every z₀k = 1). A given reference (one value
   per indicator, in the units of X) is preprocessed with the same column constants as X.
3. Differences Δ_ik = |z₀k − z_ik|, two-level minimum Δmin = min_i min_k Δ_ik and maximum Δmax = max_i max_k Δ_ik.
4. Grey relational coefficient ξ_ik = (Δmin + ρ Δmax) / (Δ_ik + ρ Δmax), ρ ∈ (0, 1] the distinguishing
   coefficient (分辨系数, usually 0.5); ξ ∈ (0, 1], ξ = 1 where a unit equals the reference.
5. Grey relational grade r_i = Σ_k w_k ξ_ik (关联度; equal weights give the mean); rank 1 = the largest grade.

ξ and r never decrease when ρ grows (∂ξ/∂ρ = Δmax (Δ_ik − Δmin)/(Δ_ik + ρ Δmax)² ≥ 0): a smaller ρ separates the
units more.

Why hand-written: no maintained Python package implements Deng's grade with named preprocessing and reference
conventions; it is four vectorised numpy lines.
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
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import by_label, check_language, check_number, check_option, shown_value

__all__ = ["GREY_NORMALIZATIONS", "GreyRelationalResult", "grey_relational"]

#: The preprocessing options of :func:`grey_relational` (``None``: the raw matrix).
GREY_NORMALIZATIONS: tuple[str | None, ...] = ("minmax", "mean", "initial", None)


@dataclass(frozen=True, repr=False)
class GreyRelationalResult(Result):
    """Grey relational coefficients, grades and ranks of a set of units against a reference series.

    Attributes
    ----------
    grades : grey relational grade r_i ∈ (0, 1] by unit (higher = closer to the reference).
    rank : 1 = the largest grade; ties share the best rank.
    coefficients : ξ_ik, units × indicators.
    reference : the preprocessed reference series z₀ by indicator.
    weights : the weights of the grade (summing to 1), by indicator.
    directions : ``benefit`` or ``cost`` by indicator.
    rho : the distinguishing coefficient ρ.
    delta_min, delta_max : the two-level minimum and maximum differences.
    normalization : ``"minmax"``, ``"mean"``, ``"initial"`` or ``None``.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("normalization", "rho", "best", "n_units")

    grades: pd.Series
    rank: pd.Series
    coefficients: pd.DataFrame
    reference: pd.Series
    weights: pd.Series = field(repr=False)
    directions: pd.Series = field(repr=False)
    rho: float = 0.5
    delta_min: float = 0.0
    delta_max: float = 1.0
    normalization: str | None = "minmax"

    @property
    def best(self) -> str:
        """The unit ranked first."""
        return str(self.rank.idxmin())

    @property
    def n_units(self) -> int:
        return int(len(self.grades))

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (index = unit): the coefficient of each indicator, the grade and the rank."""
        out = self.coefficients.copy()
        out["grade"] = self.grades
        out["rank"] = self.rank
        return out

    def summary(self) -> pd.DataFrame:
        """The units from best to worst: unit, grade, rank."""
        frame = pd.DataFrame({"grade": self.grades, "rank": self.rank})
        return frame.sort_values(["rank", "grade"], ascending=[True, False]).reset_index()

    def to_dict(self) -> dict[str, Any]:
        return {
            "normalization": self.normalization, "rho": self.rho,
            "delta_min": self.delta_min, "delta_max": self.delta_max,
            "units": json_records(self.to_frame().reset_index()),
            "reference": {str(k): float(v) for k, v in self.reference.items()},
            "weights": {str(k): float(v) for k, v in self.weights.items()},
            "directions": {str(k): str(v) for k, v in self.directions.items()},
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the grey relational grades, best unit at the top."""
        tr = translator(check_language(language, func="plot"), "plot.composite.ranking.")
        return score_bars(self.grades, ax=ax, title=tr("grey.title", rho=self.rho), xlabel=tr("grey.x"),
                          color="#8172B2")


def _preprocess(x: np.ndarray, ref: np.ndarray | None, sign: np.ndarray, normalization: str | None,
                indicators: pd.Index, func: str) -> tuple[np.ndarray, np.ndarray | None]:
    if normalization == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        scale = lambda v: np.where(sign > 0, v - lo, hi - v) / (hi - lo)  # noqa: E731
    elif normalization in ("mean", "initial"):
        base = x.mean(axis=0) if normalization == "mean" else x[0]
        bad = base == 0
        if bad.any():
            what = "mean" if normalization == "mean" else "value of the first unit"
            raise InputError(f"{func}: normalization={normalization!r} divides by each indicator's {what}, which is "
                             "0 here; choose 'minmax'", location={"indicator": indicators[np.flatnonzero(bad)[0]]})
        scale = lambda v: v / base  # noqa: E731
    else:
        scale = lambda v: v  # noqa: E731
    return scale(x), (None if ref is None else scale(ref))


def grey_relational(X: Any, reference: Any = None, rho: float = 0.5, normalization: str | None = "minmax",
                    weights: Any = None, directions: Any = None) -> GreyRelationalResult:
    """Grey relational coefficients ξ_ik = (Δmin + ρΔmax)/(Δ_ik + ρΔmax) and grades r_i = Σ_k w_k ξ_ik.

    Parameters
    ----------
    X : DataFrame of units × indicators (index = unit names, columns = indicator ids) or a 2-D array.
    reference : the reference series (参考数列), one value per indicator in the units of X (a sequence in column
        order or a mapping keyed by indicator). ``None``: the best value of each indicator (the ideal unit).
    rho : the distinguishing coefficient ρ in (0, 1]; 0.5 by convention.
    normalization : ``"minmax"`` (区间值化, default), ``"mean"`` (均值化), ``"initial"`` (初值化) or ``None``.
    weights : weights of the grade, one ≥ 0 per indicator, rescaled to sum to 1; ``None``: equal weights (mean).
    directions : ``benefit`` / ``cost`` per indicator (see :func:`perfmethods.composite.topsis`); ``None``: all
        benefit.

    Returns
    -------
    GreyRelationalResult

    Raises
    ------
    InputError : fewer than two units; a missing value (naming unit and indicator); a constant indicator under
        min–max; a zero mean or first value under ``"mean"`` / ``"initial"``; ρ outside (0, 1]; weights,
        directions or reference that do not match the indicators; every unit equal to the reference.
    """
    func = "grey_relational"
    check_option(normalization, GREY_NORMALIZATIONS, name="normalization", func=func)
    rho = float(check_number(rho, name="rho", func=func, low=0.0, high=1.0, closed="right"))
    dm = decision_matrix(X, func=func, allow_constant=normalization != "minmax")
    w = as_weights(weights, dm.indicators, func=func)
    sign = as_directions(directions, dm.indicators, func=func)
    ref_raw = None
    if reference is not None:
        values = by_label(reference, dm.indicators, name="reference", func=func, entry="reference value")
        try:
            ref_raw = np.array(values, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"The 'reference' parameter of {func} must hold numbers; got "
                             f"{shown_value(values)}.") from None
        if not np.isfinite(ref_raw).all():
            j = int(np.flatnonzero(~np.isfinite(ref_raw))[0])
            raise InputError(f"The 'reference' parameter of {func} has a missing or infinite value",
                             location={"indicator": dm.indicators[j]})
    z, z0 = _preprocess(dm.values, ref_raw, sign, normalization, dm.indicators, func)
    if z0 is None:
        effective = np.ones_like(sign) if normalization == "minmax" else sign
        z0 = np.where(effective > 0, z.max(axis=0), z.min(axis=0))
    delta = np.abs(z - z0)
    d_min, d_max = float(delta.min()), float(delta.max())
    if not d_max > 0:
        raise InputError(f"{func}: every unit equals the reference series on every indicator, so the units "
                         "cannot be told apart")
    xi = (d_min + rho * d_max) / (delta + rho * d_max)
    grades = xi @ w
    return GreyRelationalResult(
        grades=dm.series(grades, "grade"),
        rank=dm.series(rank_descending(grades), "rank"),
        coefficients=dm.frame(xi),
        reference=dm.series(z0, "reference", by="indicator"),
        weights=dm.series(w, "weight", by="indicator"),
        directions=direction_labels(sign, dm.indicators),
        rho=rho, delta_min=d_min, delta_max=d_max, normalization=normalization,
    )

"""Super-efficiency (超效率 DEA; Andersen & Petersen 1993): ranking the units that DEA finds efficient.

Plain DEA gives every efficient unit the score 1, so it cannot say which of them is best. Andersen & Petersen
(1993, Management Science 39(10):1261-1264) evaluate each unit against the frontier of *the other* units
(its own λ_o is fixed at 0). An inefficient unit keeps its score; an efficient unit gets a score above 1: by
how much (input orientation) its inputs could grow — or (output orientation, reported as 1/φ) its outputs
could fall — before it stops being efficient.

Under variable returns to scale (BCC) the programme can be **infeasible** for an efficient unit: no convex
combination of the other units produces its outputs (input orientation) or uses as little of its inputs
(output orientation) — typically the largest or the smallest unit (Seiford & Zhu 1999, INFOR 37(2):174-187). Such a
unit has no super-efficiency score; it is reported as infeasible, not ranked, and never given a made-up
number. Under CCR with positive data the programme is always feasible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.efficiency._common import MODELS, TOL, check_model, check_orientation, ranks, score_bars
from perfmethods.efficiency._data import check_dea_data
from perfmethods.efficiency._programmes import radial_scores
from perfmethods.efficiency.radial import envelop
from perfmethods.results import Result, json_records

__all__ = ["SuperEfficiencyResult", "super_efficiency"]


@dataclass(frozen=True, repr=False)
class SuperEfficiencyResult(Result):
    """Super-efficiency scores by unit (see :func:`super_efficiency`).

    Attributes
    ----------
    efficiency : Series by unit: the super-efficiency score (> 1 only for efficient units); NaN where the
        programme is infeasible.
    standard : Series by unit: the ordinary DEA efficiency of the same model, in (0, 1].
    feasible : Series by unit: whether the super-efficiency programme has a solution.
    lambdas : DataFrame units × reference units: λ of each unit's programme (λ_o = 0); NaN rows where infeasible.
    model : ``"ccr"`` or ``"bcc"``.
    orientation : ``"input"`` or ``"output"``.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("model", "orientation", "n_units", "n_infeasible")

    efficiency: pd.Series
    standard: pd.Series
    feasible: pd.Series
    lambdas: pd.DataFrame
    model: str
    orientation: str

    @property
    def n_units(self) -> int:
        """Number of units."""
        return int(self.efficiency.size)

    @property
    def n_infeasible(self) -> int:
        """Number of units whose super-efficiency programme has no solution."""
        return int((~self.feasible).sum())

    @property
    def rank(self) -> pd.Series:
        """Rank by super-efficiency (1 = best); infeasible units are not ranked."""
        return ranks(self.efficiency)

    def summary(self) -> pd.DataFrame:
        """One row per unit: super-efficiency, rank, ordinary efficiency, feasibility."""
        out = pd.DataFrame({"super_efficiency": self.efficiency, "rank": self.rank, "efficiency": self.standard,
                            "feasible": self.feasible})
        out.index.name = "unit"
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: options and one record per unit (infeasible scores are ``None``)."""
        return {"model": self.model, "orientation": self.orientation, "n_units": self.n_units,
                "n_infeasible": self.n_infeasible, "units": json_records(self.summary().reset_index())}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the super-efficiency scores (infeasible units left out); scores above 1 highlighted."""
        return score_bars(self.efficiency, self.efficiency > 1, title_key="title.super",
                          axis_key="axis.super", legend_keys=("legend.super", "legend.other"), ax=ax,
                          language=language)


def super_efficiency(inputs: Any, outputs: Any, model: str = "ccr",
                     orientation: str = "input") -> SuperEfficiencyResult:
    """Andersen–Petersen super-efficiency: each unit against the frontier of the other units.

    Input orientation: min θ s.t. Σ_{j≠o} λ_j x_j ≤ θ x_o, Σ_{j≠o} λ_j y_j ≥ y_o, λ ≥ 0 (and Σλ = 1 under BCC);
    the score is θ. Output orientation: max φ s.t. Σ_{j≠o} λ_j x_j ≤ x_o, Σ_{j≠o} λ_j y_j ≥ φ y_o; the score
    is 1/φ, so that in both orientations a score above 1 marks an efficient unit and a higher score a more
    robust one.

    Parameters
    ----------
    inputs : units × inputs (DataFrame, Series or array), every value > 0; as for :func:`dea`.
    outputs : units × outputs, ≥ 0 with a positive output per unit; as for :func:`dea`.
    model : ``"ccr"`` (constant returns) or ``"bcc"`` (variable returns; may be infeasible for some units).
    orientation : ``"input"`` or ``"output"``.

    Returns
    -------
    SuperEfficiencyResult
        Scores (NaN and ``feasible=False`` where the programme has no solution), the ordinary efficiency and λ.

    Raises
    ------
    InputError
        As :func:`dea`.

    References
    ----------
    Andersen, P. & Petersen, N.C. (1993). A procedure for ranking efficient units in data envelopment
    analysis. *Management Science* 39(10), 1261-1264.
    """
    func = "super_efficiency"
    model = check_model(model, func)
    orientation = check_orientation(orientation, func)
    data = check_dea_data(inputs, outputs, func=func)
    rts = MODELS[model]
    n = len(data.units)
    score, lambdas, status = radial_scores(data.x, data.y, data.x, data.y, rts=rts, orientation=orientation,
                                           exclude=np.arange(n))
    feasible = (status == 0) & np.isfinite(score) & (score > 0)
    value = np.where(feasible, score if orientation == "input" else 1.0 / np.where(feasible, score, 1.0), np.nan)
    standard = envelop(data, rts=rts, orientation=orientation, model=model).efficiency
    units = pd.Index(data.units, name="unit")
    lam = pd.DataFrame(np.where(lambdas > TOL, lambdas, 0.0), index=units, columns=pd.Index(data.units, name="peer"))
    lam.loc[~feasible] = np.nan
    return SuperEfficiencyResult(
        efficiency=pd.Series(value, index=units, name="super_efficiency"), standard=standard,
        feasible=pd.Series(feasible, index=units, name="feasible"), lambdas=lam, model=model,
        orientation=orientation)

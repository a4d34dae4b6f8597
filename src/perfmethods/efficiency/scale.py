"""Scale efficiency (规模效率) and returns to scale (规模报酬) of each unit.

Scale efficiency SE = TE_CRS / TE_VRS (Banker, Charnes & Cooper 1984; Coelli, Rao, O'Donnell & Battese 2005,
*An Introduction to Efficiency and Productivity Analysis*, 2nd ed.): 综合技术效率 = 纯技术效率 × 规模效率.
SE = 1 means the unit operates at its most productive scale; SE < 1 that a change of size alone would raise
its productivity.

Returns to scale by the non-increasing-returns (NIRS) test of Färe, Grosskopf & Lovell (1994, *Production
Frontiers*, Cambridge University Press), as in Coelli's DEAP 2.1: with TE_NIRS the efficiency under Σλ ≤ 1,

* SE = 1 → constant returns (规模报酬不变);
* SE < 1 and TE_NIRS = TE_VRS → decreasing returns (规模报酬递减): the unit is too large;
* SE < 1 and TE_NIRS ≠ TE_VRS → increasing returns (规模报酬递增): the unit is too small.

The classification is made in the chosen orientation; input- and output-oriented classifications can differ
for units off the frontier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.efficiency._common import TOL, check_orientation, score_bars
from perfmethods.efficiency._data import check_dea_data
from perfmethods.efficiency._programmes import radial_scores
from perfmethods.efficiency.radial import DEAResult, envelop
from perfmethods.results import Result, json_records

__all__ = ["RETURNS_TO_SCALE", "ScaleEfficiencyResult", "scale_efficiency"]

#: Returns-to-scale classes, in the order a report lists them.
RETURNS_TO_SCALE: tuple[str, ...] = ("constant", "increasing", "decreasing")


@dataclass(frozen=True, repr=False)
class ScaleEfficiencyResult(Result):
    """CCR and BCC efficiency, scale efficiency and returns to scale by unit (see :func:`scale_efficiency`).

    Attributes
    ----------
    ccr : the CCR (constant returns) result: 综合技术效率 TE.
    bcc : the BCC (variable returns) result: 纯技术效率 PTE.
    nirs : Series by unit: efficiency under non-increasing returns (Σλ ≤ 1), used for the classification.
    scale : Series by unit: SE = TE / PTE in (0, 1].
    returns_to_scale : Series by unit: ``"constant"``, ``"increasing"`` or ``"decreasing"``.
    orientation : ``"input"`` or ``"output"``.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("orientation", "n_units", "n_scale_efficient",
                                                   "mean_scale")

    ccr: DEAResult
    bcc: DEAResult
    nirs: pd.Series
    scale: pd.Series
    returns_to_scale: pd.Series
    orientation: str

    @property
    def n_units(self) -> int:
        """Number of units."""
        return int(self.scale.size)

    @property
    def n_scale_efficient(self) -> int:
        """Number of units at constant returns to scale (SE = 1)."""
        return int((self.returns_to_scale == "constant").sum())

    @property
    def mean_scale(self) -> float:
        """Mean scale efficiency."""
        return float(self.scale.mean())

    def summary(self) -> pd.DataFrame:
        """One row per unit: TE (CCR), PTE (BCC), SE and returns to scale."""
        out = pd.DataFrame({"technical": self.ccr.efficiency, "pure_technical": self.bcc.efficiency,
                            "scale": self.scale, "returns_to_scale": self.returns_to_scale})
        out.index.name = "unit"
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: the orientation and one record per unit (with the NIRS efficiency)."""
        table = self.summary().assign(nirs=self.nirs).reset_index()
        return {"orientation": self.orientation, "n_units": self.n_units, "units": json_records(table)}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of scale efficiency; units at constant returns highlighted."""
        return score_bars(self.scale, self.returns_to_scale == "constant", title_key="title.scale",
                          axis_key="axis.scale", legend_keys=("legend.constant", "legend.other"), ax=ax,
                          language=language)


def scale_efficiency(inputs: Any, outputs: Any, orientation: str = "input") -> ScaleEfficiencyResult:
    """Scale efficiency SE = TE_CCR / TE_BCC and returns to scale (constant / increasing / decreasing).

    Parameters
    ----------
    inputs : units × inputs (DataFrame, Series or array), every value > 0; as for :func:`dea`.
    outputs : units × outputs, ≥ 0 with a positive output per unit; as for :func:`dea`.
    orientation : ``"input"`` or ``"output"``.

    Returns
    -------
    ScaleEfficiencyResult
        ``ccr`` and ``bcc`` (full :class:`DEAResult` objects), ``scale`` and ``returns_to_scale``.

    Raises
    ------
    InputError
        As :func:`dea`.

    References
    ----------
    Coelli, T.J., Rao, D.S.P., O'Donnell, C.J. & Battese, G.E. (2005). *An Introduction to Efficiency and
    Productivity Analysis*, 2nd ed., Springer (scale efficiency and the NIRS test).
    """
    func = "scale_efficiency"
    orientation = check_orientation(orientation, func)
    data = check_dea_data(inputs, outputs, func=func)
    ccr = envelop(data, rts="crs", orientation=orientation, model="ccr")
    bcc = envelop(data, rts="vrs", orientation=orientation, model="bcc")
    nirs_score, _, _ = radial_scores(data.x, data.y, data.x, data.y, rts="nirs", orientation=orientation)
    nirs = np.minimum(nirs_score, 1.0) if orientation == "input" else 1.0 / np.maximum(nirs_score, 1.0)
    te, pte = ccr.efficiency.to_numpy(), bcc.efficiency.to_numpy()
    scale = np.minimum(te / pte, 1.0)
    rts = np.where(scale >= 1 - TOL, "constant",
                   np.where(np.abs(nirs - pte) <= TOL * np.maximum(pte, 1.0), "decreasing", "increasing"))
    units = ccr.efficiency.index
    return ScaleEfficiencyResult(
        ccr=ccr, bcc=bcc, nirs=pd.Series(nirs, index=units, name="nirs"),
        scale=pd.Series(scale, index=units, name="scale"),
        returns_to_scale=pd.Series(rts, index=units, name="returns_to_scale"), orientation=orientation)

"""Radial DEA (数据包络分析): CCR and BCC models, input or output orientation, with slacks, peers and λ.

For each unit o (a department, district or programme) with inputs x_o (e.g. 财政支出 万元, 教师 人) and
outputs y_o (e.g. 在校生 人, 合格率 %), DEA asks how far o is from the best practice of the other units:

* input orientation (投入导向): θ* = min θ s.t. Σ_j λ_j x_j ≤ θ x_o, Σ_j λ_j y_j ≥ y_o, λ ≥ 0 — the share
  of its inputs o would need if it worked like the best units; efficiency = θ* ∈ (0, 1];
* output orientation (产出导向): φ* = max φ s.t. Σ_j λ_j x_j ≤ x_o, Σ_j λ_j y_j ≥ φ y_o, λ ≥ 0 — how many
  times its outputs o could produce; efficiency = 1/φ* ∈ (0, 1] (Farrell's output measure);
* ``model="ccr"`` (Charnes, Cooper & Rhodes 1978, EJOR 2(6):429-444): constant returns to scale, the
  综合技术效率 TE of the Chinese literature; ``model="bcc"`` (Banker, Charnes & Cooper 1984, Management
  Science 30(9):1078-1092) adds Σ λ_j = 1 (variable returns to scale): 纯技术效率 PTE. Under CCR, θ* = 1/φ*.

Second phase (Cooper, Seiford & Tone 2007, *Data Envelopment Analysis*, 2nd ed., ch. 3): at θ* (φ*) fixed,
the largest sum of input excesses s⁻ and output shortfalls s⁺. A unit is **DEA-efficient** (CCR-efficient,
Pareto–Koopmans) when θ* = 1 and every slack is 0; **weakly efficient** when θ* = 1 but a slack remains
(it could still save an input or add an output); otherwise inefficient. Its **peers** (参照集) are the units
with λ_j > 0 in the second-phase solution, and its **target** (目标值) is the projection
x̂ = θ* x_o − s⁻, ŷ = y_o + s⁺ (output orientation: x̂ = x_o − s⁻, ŷ = φ* y_o + s⁺).

The linear programmes are solved in blocks with HiGHS (see :mod:`perfmethods.efficiency._programmes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.efficiency._common import TOL, check_model, check_orientation, ranks, score_bars
from perfmethods.efficiency._data import DEAData, check_dea_data
from perfmethods.efficiency._programmes import max_slacks, radial_scores
from perfmethods.errors import InputError
from perfmethods.results import Result, json_records, json_scalar

__all__ = ["STATUSES", "DEAResult", "dea"]

#: The status of a unit after the two phases, in the order a report lists them.
STATUSES: tuple[str, ...] = ("efficient", "weakly_efficient", "inefficient")


@dataclass(frozen=True, repr=False)
class DEAResult(Result):
    """Radial DEA of a set of units (see :func:`dea`).

    Attributes
    ----------
    efficiency : Series by unit: θ* (input orientation) or 1/φ* (output orientation), in (0, 1].
    score : Series by unit: the radial optimum itself, θ* (input) or φ* ≥ 1 (output).
    slacks : DataFrame units × variables (inputs, then outputs): the input excess s⁻ and output shortfall s⁺
        left after the radial change, in the units of the data.
    targets : DataFrame units × variables: the projection of each unit on the efficient frontier.
    improvements : DataFrame units × variables: how far each unit is from its target — the input it could save
        (x − x̂) and the output it could add (ŷ − y), ≥ 0, in the units of the data; 0 for efficient units.
    lambdas : DataFrame units × reference units: the intensity weights λ of the second phase.
    peers : Series by unit: the reference units (λ > 0), as a tuple of names.
    status : Series by unit: ``"efficient"``, ``"weakly_efficient"`` or ``"inefficient"``.
    model : ``"ccr"`` or ``"bcc"``.
    orientation : ``"input"`` or ``"output"``.
    inputs, outputs : the variable names.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("model", "orientation", "n_units", "n_efficient",
                                                   "mean_efficiency")

    efficiency: pd.Series
    score: pd.Series
    slacks: pd.DataFrame
    targets: pd.DataFrame
    improvements: pd.DataFrame
    lambdas: pd.DataFrame
    peers: pd.Series
    status: pd.Series
    model: str
    orientation: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]

    @property
    def n_units(self) -> int:
        """Number of units evaluated."""
        return int(self.efficiency.size)

    @property
    def n_efficient(self) -> int:
        """Number of DEA-efficient units (score 1 and no slack)."""
        return int((self.status == "efficient").sum())

    @property
    def mean_efficiency(self) -> float:
        """Arithmetic mean of the efficiency scores."""
        return float(self.efficiency.mean())

    @property
    def rank(self) -> pd.Series:
        """Rank by efficiency (1 = most efficient; ties share a rank)."""
        return ranks(self.efficiency)

    def summary(self) -> pd.DataFrame:
        """One row per unit: efficiency, rank, status and peers (names joined by ``、``)."""
        out = pd.DataFrame({"efficiency": self.efficiency, "rank": self.rank, "status": self.status,
                            "peers": self.peers.map("、".join)})
        if self.orientation == "output":
            out.insert(1, "phi", self.score)
        out.index.name = "unit"
        return out

    def to_frame(self) -> pd.DataFrame:
        """The summary with every slack (``slack_<variable>``) and target (``target_<variable>``) by unit."""
        out = self.summary()
        out = out.join(self.slacks.add_prefix("slack_")).join(self.targets.add_prefix("target_"))
        out.index.name = "unit"
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: options, one record per unit, and the non-zero λ of each unit."""
        units = self.to_frame().reset_index()
        return {
            "model": self.model, "orientation": self.orientation, "inputs": list(self.inputs),
            "outputs": list(self.outputs), "n_units": self.n_units, "n_efficient": self.n_efficient,
            "units": json_records(units),
            "lambdas": {str(u): {str(p): json_scalar(float(self.lambdas.loc[u, p])) for p in peers}
                        for u, peers in self.peers.items()},
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the efficiency scores, DEA-efficient units highlighted; a dashed line at 1."""
        return score_bars(self.efficiency, self.status == "efficient", title_key=f"title.{self.model}",
                          axis_key="axis.efficiency", legend_keys=("legend.efficient", "legend.other"), ax=ax,
                          language=language)


def _classify(efficiency: np.ndarray, slack: np.ndarray) -> np.ndarray:
    on_frontier = efficiency >= 1 - TOL
    no_slack = ~(slack > 0).any(axis=1)
    return np.where(on_frontier & no_slack, STATUSES[0], np.where(on_frontier, STATUSES[1], STATUSES[2]))


def envelop(data: DEAData, *, rts: str, orientation: str, model: str) -> DEAResult:
    """Both phases of radial DEA on checked data (the work of :func:`dea`; also used by the other modules)."""
    score, _, status = radial_scores(data.x, data.y, data.x, data.y, rts=rts, orientation=orientation)
    if (status != 0).any() or not np.isfinite(score).all():  # cannot happen with checked data: say so if it does
        bad = data.units[int(np.flatnonzero((status != 0) | ~np.isfinite(score))[0])]
        raise InputError(f"dea: the linear programme of this unit has no optimum (solver status {status.max()}); "
                         "check its inputs and outputs", location={"unit": bad})
    # θ* ≤ 1 ≤ φ* exactly (the unit itself is feasible); within the solver's tolerance of 1 it is 1, so that
    # units on the frontier tie.
    score = np.minimum(score, 1.0) if orientation == "input" else np.maximum(score, 1.0)
    score = np.where(np.abs(score - 1.0) <= TOL, 1.0, score)
    # Only units on the frontier (score 1) can carry weight in a maximal-slack solution (an inefficient unit is
    # itself dominated by a combination of frontier units, so they span the same technology); the second phase
    # is therefore solved against them alone: a smaller LP, the same optimum.
    frontier = np.flatnonzero(np.abs(score - 1.0) <= TOL)
    ref_lambdas, slack_x, slack_y, _ = max_slacks(data.x, data.y, data.x[frontier], data.y[frontier], score,
                                                  rts=rts, orientation=orientation)
    lambdas = np.zeros((len(data.units), len(data.units)))
    lambdas[:, frontier] = ref_lambdas
    mean_x, mean_y = data.x.mean(axis=0), data.y.mean(axis=0)
    slack_x = np.where(slack_x > TOL * mean_x, slack_x, 0.0)
    slack_y = np.where(slack_y > TOL * np.where(mean_y > 0, mean_y, 1.0), slack_y, 0.0)
    lambdas = np.where(lambdas > TOL, lambdas, 0.0)
    efficiency = score if orientation == "input" else 1.0 / score
    if orientation == "input":
        target_x, target_y = score[:, None] * data.x - slack_x, data.y + slack_y
    else:
        target_x, target_y = data.x - slack_x, score[:, None] * data.y + slack_y
    units = pd.Index(data.units, name="unit")
    variables = list(data.inputs) + list(data.outputs)
    slacks = pd.DataFrame(np.hstack([slack_x, slack_y]), index=units, columns=variables)
    targets = pd.DataFrame(np.hstack([target_x, target_y]), index=units, columns=variables)
    gaps = np.hstack([np.maximum(data.x - target_x, 0.0), np.maximum(target_y - data.y, 0.0)])
    improvements = pd.DataFrame(gaps, index=units, columns=variables)
    lam = pd.DataFrame(lambdas, index=units, columns=pd.Index(data.units, name="peer"))
    names = np.array(data.units, dtype=object)
    peers = pd.Series([tuple(names[row > 0]) for row in lambdas], index=units, name="peers")
    return DEAResult(
        efficiency=pd.Series(efficiency, index=units, name="efficiency"),
        score=pd.Series(score, index=units, name="theta" if orientation == "input" else "phi"),
        slacks=slacks, targets=targets, improvements=improvements, lambdas=lam, peers=peers,
        status=pd.Series(_classify(efficiency, slacks.to_numpy()), index=units, name="status"),
        model=model, orientation=orientation, inputs=data.inputs, outputs=data.outputs,
    )


def dea(inputs: Any, outputs: Any, model: str = "ccr", orientation: str = "input") -> DEAResult:
    """Radial DEA efficiency of every unit, with slacks, peers, λ and targets (数据包络分析 CCR/BCC).

    Parameters
    ----------
    inputs : units × inputs: a DataFrame (index = unit names, columns = input names), a Series (one input) or
        an array. Every input must be > 0.
    outputs : units × outputs, like ``inputs`` (matched to them by unit name when both are DataFrames).
        Outputs must be ≥ 0, with at least one positive output per unit.
    model : ``"ccr"`` (constant returns to scale; Charnes, Cooper & Rhodes 1978) or ``"bcc"`` (variable
        returns to scale, Σλ = 1; Banker, Charnes & Cooper 1984).
    orientation : ``"input"`` (θ* = min θ with Xλ ≤ θ x_o, Yλ ≥ y_o) or ``"output"`` (φ* = max φ with
        Xλ ≤ x_o, Yλ ≥ φ y_o; efficiency = 1/φ*).

    Returns
    -------
    DEAResult
        ``efficiency`` in (0, 1], ``slacks`` (second phase: maximal Σ s⁻ + Σ s⁺ at θ*), ``peers``,
        ``lambdas``, ``targets`` and ``status`` (efficient / weakly efficient / inefficient).

    Raises
    ------
    InputError
        A missing, negative or (for inputs) zero value, a unit with no positive output, units present in only
        one of the two tables, fewer than 2 units, or an unknown option; the message names the unit and
        variable.

    References
    ----------
    Cooper, W.W., Seiford, L.M. & Tone, K. (2007). *Data Envelopment Analysis*, 2nd ed., Springer,
    ch. 3 (CCR, two-phase slacks) and ch. 4 (BCC).

    Examples
    --------
    >>> import pandas as pd
    >>> x = pd.DataFrame({"spend": [5.0, 16, 16, 17]}, index=list("ABCD"))
    >>> y = pd.DataFrame({"pupils": [12.0, 14, 25, 26]}, index=list("ABCD"))
    >>> dea(x, y).efficiency.round(3).tolist()
    [1.0, 0.365, 0.651, 0.637]
    """
    func = "dea"
    model = check_model(model, func)
    orientation = check_orientation(orientation, func)
    data = check_dea_data(inputs, outputs, func=func)
    rts = "crs" if model == "ccr" else "vrs"
    return envelop(data, rts=rts, orientation=orientation, model=model)

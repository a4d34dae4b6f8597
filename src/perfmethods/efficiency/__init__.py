"""Efficiency of public spending (财政支出效率): data envelopment analysis and the Malmquist index.

Modules (one concept each)
--------------------------
radial            CCR and BCC models, input or output orientation, two-phase slacks, peers, λ, targets
scale             scale efficiency TE = PTE × SE and returns to scale (NIRS test)
andersen_petersen super-efficiency (Andersen & Petersen 1993), infeasible BCC programmes reported as such
productivity      Malmquist index M = EC × TC, EC = PEC × SEC (Färe, Grosskopf, Norris & Zhang 1994)

Inputs are units × variables (DataFrames indexed by unit name, or arrays); results are indexed by unit name.
The linear programmes are solved with ``scipy.optimize.linprog`` (HiGHS), stacked in blocks of units
(``_programmes``). Formulas, conventions and the published cases the tests reproduce are in
``docs/methods/efficiency.md``.
"""

from perfmethods.efficiency.andersen_petersen import SuperEfficiencyResult, super_efficiency
from perfmethods.efficiency.productivity import INDEX_COLUMNS, MalmquistResult, malmquist
from perfmethods.efficiency.radial import STATUSES, DEAResult, dea
from perfmethods.efficiency.scale import RETURNS_TO_SCALE, ScaleEfficiencyResult, scale_efficiency

__all__ = [
    "INDEX_COLUMNS",
    "RETURNS_TO_SCALE",
    "STATUSES",
    "DEAResult",
    "MalmquistResult",
    "ScaleEfficiencyResult",
    "SuperEfficiencyResult",
    "dea",
    "malmquist",
    "scale_efficiency",
    "super_efficiency",
]

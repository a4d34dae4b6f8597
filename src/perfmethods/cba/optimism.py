"""Optimism-bias uplifts (乐观偏差调整) on capital cost, works duration and operating cost, with mitigation.

Why hand-written: the HM Treasury supplementary guidance (Mott MacDonald 2002) is a table and a rule, published on
paper only. Appraisers start from the upper bound for the project type, blend types for mixed projects by their
shares, and reduce the uplift as risks are mitigated, down to the lower bound.

Rule
----
uplift(type)            = upper bound of Table 2 (percent of the estimate)
mixed project           = Σ_j share_j · uplift_j                  (e.g. 0.3 · 51 + 0.7 · 24 = 32.1 %)
after mitigation m      = max(upper · (1 - m), lower)            (51 % with m = 92 % → 4.08 % ≈ 4 %)
adjusted capex          = capex · (1 + uplift);  adjusted works duration = duration · (1 + uplift)

Reference
---------
HM Treasury (2003), *Supplementary Green Book Guidance: Optimism Bias*; Mott MacDonald (2002), *Review of Large
Public Procurement in the UK*, Table 2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import pandas as pd

from perfmethods.cba._checks import check_unit_interval
from perfmethods.cba.cashflows import CashFlows
from perfmethods.errors import InputError
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result

__all__ = ["OPTIMISM_BIAS_TABLE", "OptimismBias", "optimism_bias"]

Measure = Literal["capex", "duration", "opex"]

#: Table 2 (percent): project type → {measure: (upper, lower)}.
OPTIMISM_BIAS_TABLE: Rule[dict[str, dict[str, tuple[float, float]]]] = Rule(
    {
        "non_standard_buildings": {"duration": (39, 2), "capex": (51, 4)},
        "standard_buildings": {"duration": (4, 1), "capex": (24, 2)},
        "non_standard_civil_engineering": {"duration": (25, 3), "capex": (66, 6)},
        "standard_civil_engineering": {"duration": (20, 1), "capex": (44, 3)},
        "equipment_development": {"duration": (54, 10), "capex": (200, 10)},
        "outsourcing": {"opex": (41, 0)},
    },
    Provenance.VERIFIED,
    "HM Treasury Supplementary Green Book Guidance: Optimism Bias (Mott MacDonald 2002), Table 2 "
    "(ppponline.affinitext.com/public/book?id=1343)",
    note="upper / lower bounds in percent; outsourcing applies to operating cost",
)


@dataclass(frozen=True, repr=False)
class OptimismBias(Result):
    """An optimism-bias uplift.

    Attributes
    ----------
    measure : ``"capex"``, ``"duration"`` or ``"opex"``.
    upper, lower : the share-weighted upper and lower bounds (fractions, e.g. 0.321).
    mitigation : the share of the upper bound mitigated (0–1).
    uplift : max(upper · (1 - mitigation), lower) (a fraction).
    components : per project type: ``type``, ``share``, ``upper``, ``lower``.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("measure", "uplift", "upper", "lower", "mitigation")

    measure: str
    upper: float
    lower: float
    mitigation: float
    uplift: float
    components: pd.DataFrame

    def adjust(self, amount: float) -> float:
        """The amount (a cost or a duration) after the uplift: amount · (1 + uplift).

        Parameters
        ----------
        amount : the unadjusted estimate.
        """
        return float(amount) * (1.0 + self.uplift)

    def apply(self, cashflows: CashFlows, key: str = "capital", *, works_years: int | None = None,
              delayed: str = "benefit") -> CashFlows:
        """Apply the uplift to cash flows.

        Parameters
        ----------
        cashflows : the flows.
        key : for ``capex``/``opex``: the flow, category or kind to scale (default ``"capital"``).
        works_years : for ``duration``: the planned works duration in years; the lines ``delayed`` are shifted by
            round(works_years · uplift) years.
        delayed : for ``duration``: the flow, category or kind delayed (default ``"benefit"``).
        """
        if self.measure == "duration":
            if works_years is None or works_years <= 0:
                raise InputError("apply of a duration uplift needs works_years > 0 (the planned works duration)",
                                 location={"key": "works_years"})
            return cashflows.shift(delayed, round(works_years * self.uplift))
        return cashflows.scale({key: 1.0 + self.uplift})

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame({"measure": [self.measure], "upper": [self.upper], "lower": [self.lower],
                             "mitigation": [self.mitigation], "uplift": [self.uplift]})

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "upper": self.upper, "lower": self.lower, "mitigation": self.mitigation,
                "uplift": self.uplift, "components": self.components.to_dict(orient="records"),
                "rule": OPTIMISM_BIAS_TABLE.to_dict() | {"value": None}}


def optimism_bias(project_type: str | Mapping[str, float], *, measure: Measure = "capex",
                  mitigation: float = 0.0) -> OptimismBias:
    """The optimism-bias uplift for a project type or a mix of types.

    Parameters
    ----------
    project_type : a type of :data:`OPTIMISM_BIAS_TABLE` (``"non_standard_buildings"``, ``"standard_buildings"``,
        ``"non_standard_civil_engineering"``, ``"standard_civil_engineering"``, ``"equipment_development"``,
        ``"outsourcing"``) or type → share (shares sum to 1).
    measure : ``"capex"`` (capital cost), ``"duration"`` (works duration) or ``"opex"`` (outsourcing only).
    mitigation : the share of the upper bound removed by risk management (0–1); the uplift never falls below the
        lower bound.

    Returns
    -------
    OptimismBias

    Examples
    --------
    >>> round(optimism_bias({"non_standard_buildings": 0.3, "standard_buildings": 0.7}).uplift * 100, 1)
    32.1
    """
    table = OPTIMISM_BIAS_TABLE.value
    shares = {project_type: 1.0} if isinstance(project_type, str) else dict(project_type)
    if not shares:
        raise InputError("The 'project_type' parameter of optimism_bias must name at least one type.")
    m = check_unit_interval(mitigation, name="mitigation", func="optimism_bias")
    rows = []
    for typ, share in shares.items():
        if typ not in table:
            raise InputError(f"unknown project type {typ!r}; expected one of {sorted(table)}",
                             location={"key": "project_type"})
        if measure not in table[typ]:
            raise InputError(f"Table 2 gives no {measure!r} uplift for {typ!r} (it has {sorted(table[typ])})",
                             location={"key": "measure"})
        if not (isinstance(share, (int, float)) and 0 <= share <= 1):
            raise InputError(f"the share of {typ!r} must be in [0, 1]; got {share!r}", location={"key": typ})
        up, lo = table[typ][measure]
        rows.append({"type": typ, "share": float(share), "upper": up / 100, "lower": lo / 100})
    comp = pd.DataFrame(rows)
    if not math.isclose(comp["share"].sum(), 1.0, abs_tol=1e-9):
        raise InputError(f"the project-type shares must sum to 1; got {comp['share'].sum():g}",
                         location={"key": "project_type"})
    upper = float((comp["share"] * comp["upper"]).sum())
    lower = float((comp["share"] * comp["lower"]).sum())
    return OptimismBias(measure=measure, upper=upper, lower=lower, mitigation=m,
                        uplift=max(upper * (1 - m), lower), components=comp)

"""Recommending a dynamic adjustment (动态调整) from a re-appraisal: raise the budget, cut the target, or stop.

Why a library function: the report must not decide in notebook code, and the rule has to be stated and tested.
The rule follows the Chinese decision criterion (ENPV >= 0, 《建设项目经济评价方法与参数》第三版) and the EU guide's
risk step (expected NPV and P(NPV < 0), 2014 §2.9): the option with the highest NPV is recommended when its NPV is
non-negative and, if a Monte Carlo result for it is given, its probability of a negative NPV does not exceed
``max_p_negative``; when it does, the recommendation is kept but marked conditional (risk measures needed); when no
option has a non-negative NPV, the least-loss option is reported and the flag says that none is worth doing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import pandas as pd

from perfmethods.cba.measures import OptionComparison
from perfmethods.cba.montecarlo import MonteCarloResult
from perfmethods.errors import InputError
from perfmethods.results import Result

__all__ = ["Recommendation", "recommend_adjustment"]

Status = Literal["recommended", "conditional", "none_viable"]


@dataclass(frozen=True, repr=False)
class Recommendation(Result):
    """The recommended option and why.

    Attributes
    ----------
    option : the recommended option (highest NPV).
    status : ``"recommended"``, ``"conditional"`` (NPV >= 0 but P(NPV < 0) above the limit) or ``"none_viable"``
        (every option has NPV < 0; ``option`` is then the least-loss one).
    npv : its NPV.
    runner_up : the second-best option and ``margin`` = NPV difference to it (NaN when there is one option).
    p_negative : P(NPV < 0) of the recommended option when a Monte Carlo result was given, else NaN.
    max_p_negative : the limit used.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("option", "status", "npv", "margin", "p_negative")

    option: str
    status: Status
    npv: float
    runner_up: str
    margin: float
    p_negative: float
    max_p_negative: float

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame([self.to_dict()])

    def to_dict(self) -> dict[str, Any]:
        def clean(v: float) -> float | None:
            return None if math.isnan(v) else float(v)

        return {"option": self.option, "status": self.status, "npv": self.npv, "runner_up": self.runner_up,
                "margin": clean(self.margin), "p_negative": clean(self.p_negative),
                "max_p_negative": self.max_p_negative}


def recommend_adjustment(comparison: OptionComparison, risk: MonteCarloResult | None = None, *,
                         max_p_negative: float = 0.4) -> Recommendation:
    """Recommend the adjustment option from an NPV comparison and, optionally, its Monte Carlo risk.

    Parameters
    ----------
    comparison : the result of :func:`~perfmethods.cba.compare_options`.
    risk : Monte Carlo result for the best option (optional).
    max_p_negative : the largest acceptable P(NPV < 0) for an unconditional recommendation (a policy choice, not a
        published threshold; default 0.4).

    Returns
    -------
    Recommendation
    """
    if not isinstance(comparison, OptionComparison) or comparison.method != "npv":
        raise InputError("The 'comparison' parameter of recommend_adjustment must come from compare_options.")
    if not 0 <= max_p_negative <= 1:
        raise InputError(f"The 'max_p_negative' parameter of recommend_adjustment must be in [0, 1]; got "
                         f"{max_p_negative!r} instead.", location={"key": "max_p_negative"})
    t = comparison.table.sort_values("npv", ascending=False, kind="stable").reset_index(drop=True)
    best = t.iloc[0]
    runner = t.iloc[1] if len(t) > 1 else None
    p_neg = float(risk.p_negative) if risk is not None else float("nan")
    if best["npv"] < 0:
        status: Status = "none_viable"
    elif risk is not None and p_neg > max_p_negative:
        status = "conditional"
    else:
        status = "recommended"
    return Recommendation(option=str(best["option"]), status=status, npv=float(best["npv"]),
                          runner_up="" if runner is None else str(runner["option"]),
                          margin=float("nan") if runner is None else float(best["npv"] - runner["npv"]),
                          p_negative=p_neg, max_p_negative=float(max_p_negative))

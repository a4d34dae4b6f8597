"""Value for money of an estimated effect and what it implies for next year's budget (资金使用效益与预算安排).

An impact estimate says how much a funded unit's outcome changed (万元 of revenue, 篇 of papers); a finance
bureau also asks what each 万元 of funding bought and whether to keep paying for it. Given the effect per
funded unit :math:`\\hat\\tau` with its confidence interval :math:`[L_\\tau, U_\\tau]` and the funding per funded
unit F (万元, known, not estimated):

.. math:: v = \\hat\\tau / F, \\qquad [L, U] = [L_\\tau / F,\\; U_\\tau / F]

— the outcome gained per 万元 of funding (e.g. 万元 of revenue per 万元, or 篇 per 万元), with the effect's
interval scaled by the known funding. The budget implication follows one explicit rule that reads the interval
against a benchmark B, the value per 万元 the programme is expected to reach (its performance target, a peer
programme's figure, or break-even at 1 when outcome and funding are both money):

=====================================  ============  ==================================================
evidence                               action        reading
=====================================  ============  ==================================================
:math:`L \\ge B` (and :math:`L > 0`)  ``priority``  above the benchmark with confidence: support, may expand
:math:`L < B \\le v`, :math:`L > 0`    ``maintain``  an effect, at the benchmark as estimated: keep the scale
:math:`0 < L`, :math:`v < B`           ``reduce``    an effect, below the benchmark: improve policy and
                                                     management, reduce as the case requires
:math:`L \\le 0 \\le U`                ``reduce``    no demonstrated effect: improve and reduce
:math:`U < 0`                          ``cancel``    the programme lowers the outcome: cancel or suspend
=====================================  ============  ==================================================

Without a benchmark the rule reads the sign only (an effect → ``maintain``; none → ``reduce``; harm →
``cancel``), never ``priority``. The actions are those of the results-application table
(:data:`perfmethods.indicators.application.ACTIONS`), so that an impact evaluation and a graded evaluation speak
of next year's budget in one vocabulary. The rule follows the use of results in
财预〔2020〕10号 (项目支出绩效评价管理办法) in spirit — results that are good are supported,
weak ones lead to improved policy and management and a reduced budget — but 10号 gives no
numeric threshold: the mapping from interval to action is this package's (provenance unverified),
stated here so that a reviewer can contest it, and the benchmark is the user's.

Why hand-written: it is a division and a table lookup; no library holds a budget rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.indicators.application import ACTIONS
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result, json_scalar
from perfmethods.validation import check_alpha, check_language, check_number

__all__ = ["REASONS", "VALUE_RULE", "ValueForMoneyResult", "value_for_money"]

#: The evidence behind each decision, in the order the rule checks it.
REASONS: tuple[str, ...] = ("harmful", "no_evidence", "above_benchmark", "at_benchmark", "below_benchmark",
                            "effect")

#: The rule from the effect's interval per 万元 to next year's budget action, with its source.
VALUE_RULE: Rule[dict[str, str]] = Rule(
    {"above_benchmark": "priority", "at_benchmark": "maintain", "below_benchmark": "reduce", "effect": "maintain",
     "no_evidence": "reduce", "harmful": "cancel"},
    Provenance.UNVERIFIED,
    "package rule (perfmethods.impact.funding_value); after 财预〔2020〕10号 on the use of evaluation results: "
    "results that are good are supported, weak ones lead to improved policy and management and a reduced budget",
    note="10号 gives no numeric threshold; the benchmark B is the user's (a performance target, a peer programme, "
         "or break-even at 1 when outcome and funding are both money)",
)


@dataclass(frozen=True, repr=False)
class ValueForMoneyResult(Result):
    """Value for money of an effect and the budget action the rule gives.

    Attributes
    ----------
    effect, ci : effect per funded unit and its confidence interval, in ``unit``.
    unit : the outcome's unit as the reader writes it (e.g. ``"万元"``, ``"篇"``).
    funding : funding per funded unit, in 万元.
    per_10k, per_10k_ci : outcome gained per 万元 of funding (``effect / funding``) and its interval.
    benchmark : the value per 万元 the programme should reach (``None``: the rule reads the sign only).
    reason : the evidence (one of :data:`REASONS`).
    decision : the budget action (a key of :data:`perfmethods.indicators.application.ACTIONS`).
    alpha : 1 − confidence level of the interval.
    rule : the rule applied, with its source (:data:`VALUE_RULE`).
    """

    effect: float
    ci: tuple[float, float]
    unit: str
    funding: float
    per_10k: float
    per_10k_ci: tuple[float, float]
    benchmark: float | None
    reason: str
    decision: str
    alpha: float
    rule: Rule[dict[str, str]]

    _headline_fields: ClassVar[tuple[str, ...]] = ("effect", "unit", "funding", "per_10k", "benchmark", "reason",
                                                   "decision")

    @property
    def decision_zh(self) -> str:
        """The action in the reader's words (Chinese), from the results-application vocabulary."""
        return ACTIONS[self.decision]["zh"]

    @property
    def decision_en(self) -> str:
        """The action in English."""
        return ACTIONS[self.decision]["en"]

    def summary(self) -> pd.DataFrame:
        """One row per quantity: the effect and the value per 万元, each with its interval."""
        return pd.DataFrame({
            "quantity": ["effect", "per_10k"],
            "estimate": [self.effect, self.per_10k],
            "ci_low": [self.ci[0], self.per_10k_ci[0]],
            "ci_high": [self.ci[1], self.per_10k_ci[1]],
            "unit": [self.unit, f"{self.unit}/万元"],
        })

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary."""
        return {"effect": json_scalar(self.effect), "ci": json_scalar(self.ci), "unit": self.unit,
                "funding": json_scalar(self.funding), "per_10k": json_scalar(self.per_10k),
                "per_10k_ci": json_scalar(self.per_10k_ci), "benchmark": json_scalar(self.benchmark),
                "reason": self.reason, "decision": self.decision, "decision_zh": self.decision_zh,
                "decision_en": self.decision_en, "alpha": self.alpha, "rule": self.rule.to_dict()}

    def plot(self, ax: Any = None, language: str = "zh", *, outcome: str = "") -> Any:
        """The value per 万元 with its interval, against zero and the benchmark.

        ``outcome`` names the outcome on the axis (e.g. ``"营业收入"``); the unit is ``unit`` per 万元.
        """
        import matplotlib.pyplot as plt

        text = translator(check_language(language, func="plot"), "plot.impact.value.")
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 2.2))
        lo, hi = self.per_10k_ci
        ax.errorbar([self.per_10k], [0], xerr=[[self.per_10k - lo], [hi - self.per_10k]], fmt="o", color="tab:blue",
                    capsize=5, label=text("estimate", p=1 - self.alpha))
        ax.axvline(0, color="0.4", linewidth=0.8)
        if self.benchmark is not None:
            ax.axvline(self.benchmark, color="tab:red", linestyle="--", linewidth=1.2, label=text("benchmark"))
        ax.set_yticks([])
        ax.set_ylim(-1, 1)
        ax.set_xlabel(text("x", outcome=outcome or text("outcome"), unit=self.unit))
        ax.set_title(text("title"))
        ax.legend(frameon=False, fontsize="small", loc="upper left")
        return ax


def _reason(per_10k: float, low: float, high: float, benchmark: float | None) -> str:
    """The evidence, read in the order of :data:`REASONS` (the table of the module docstring)."""
    if high < 0:
        return "harmful"
    if low <= 0:
        return "no_evidence"
    if benchmark is None:
        return "effect"
    if low >= benchmark:
        return "above_benchmark"
    return "at_benchmark" if per_10k >= benchmark else "below_benchmark"


def value_for_money(
    effect: float,
    ci: tuple[float, float],
    *,
    funding: float,
    unit: str,
    benchmark: float | None = None,
    alpha: float = 0.05,
) -> ValueForMoneyResult:
    """Outcome gained per 万元 of funding, its interval, and the budget action of :data:`VALUE_RULE`.

    .. math:: v = \\hat\\tau / F, \\qquad [L, U] = [L_\\tau / F, U_\\tau / F]

    Parameters
    ----------
    effect : the effect per funded unit (e.g. ``result.estimate`` of an impact estimator), in ``unit``.
    ci : its confidence interval ``(low, high)`` at level 1 − ``alpha`` (e.g. ``result.ci``).
    funding : funding per funded unit in 万元 (e.g. the mean grant of the funded applicants); known, > 0.
    unit : the outcome's unit as the reader writes it (``"万元"``, ``"篇"``, ``"件"``).
    benchmark : the value per 万元 the programme should reach, in ``unit`` per 万元 (≥ 0); ``None`` reads the
        sign of the interval only.
    alpha : 1 − the interval's confidence level (recorded with the result).

    Returns
    -------
    ValueForMoneyResult

    Raises
    ------
    InputError
        A non-finite effect or interval, an interval that does not hold the effect, funding ≤ 0, a negative
        benchmark, or an empty unit.

    References
    ----------
    财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）, on the use of evaluation results in budgets
    (评价结果应用): 优、良 supported; 中、差 improve policy and management and reduce the budget.
    """
    func = "value_for_money"
    effect = check_number(effect, name="effect", func=func)
    try:
        low, high = (float(v) for v in ci)
    except (TypeError, ValueError):
        raise InputError(f"The 'ci' parameter of {func} must be a pair (low, high) of numbers; got {ci!r} "
                         "instead.", location={"key": "ci"}) from None
    if not (math.isfinite(low) and math.isfinite(high) and low <= effect <= high):
        raise InputError(f"The 'ci' parameter of {func} must be a finite interval holding the effect {effect:g}; "
                         f"got ({low:g}, {high:g}) instead.", location={"key": "ci"})
    funding = check_number(funding, name="funding", func=func, low=0.0, closed="neither")
    if benchmark is not None:
        benchmark = check_number(benchmark, name="benchmark", func=func, low=0.0)
    if not isinstance(unit, str) or not unit.strip():
        raise InputError(f"The 'unit' parameter of {func} must name the outcome's unit (e.g. '万元', '篇'); got "
                         f"{unit!r} instead.", location={"key": "unit"})
    alpha = check_alpha(alpha, func=func)
    per_10k, per_ci = effect / funding, (low / funding, high / funding)
    reason = _reason(per_10k, *per_ci, benchmark)
    return ValueForMoneyResult(
        effect=effect, ci=(low, high), unit=unit.strip(), funding=funding, per_10k=float(np.float64(per_10k)),
        per_10k_ci=per_ci, benchmark=benchmark, reason=reason, decision=VALUE_RULE.value[reason], alpha=alpha,
        rule=VALUE_RULE)

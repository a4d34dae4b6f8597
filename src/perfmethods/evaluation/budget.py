"""Budget execution against time progress (预算执行进度与时间进度).

The year-end evaluation shows how spending went through the year: cumulative execution at the end of each
period against the share of the year elapsed (时间进度 = month / 12, the default of the 财政预算绩效管理系统's
预算执行预警 rule ``bgttracewarn``; secondary source). The in-year monitoring (双监控, 财预〔2019〕136号) with
warning lights is :mod:`perfmethods.monitoring`; here the evaluation report needs the table and the chart.

Formulas
--------
time progress           τ_m = m / 12
execution progress      e_m = cumulative spending to month m / budget (全年预算数 by default)
gap                     e_m − τ_m (negative: spending behind time)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.model.inputs import Budget
from perfmethods.results import Result
from perfmethods.validation import check_language, check_option

__all__ = ["ExecutionProgress", "execution_progress"]

@dataclass(frozen=True, repr=False)
class ExecutionProgress(Result):
    """Cumulative budget execution by period against time progress.

    Attributes
    ----------
    table : one row per period: ``period``, ``month``, ``executed_cum``, ``time_progress`` (m/12),
        ``execution_progress`` (cumulative spending / budget), ``gap`` (execution − time progress),
        ``executed_in_period`` (spending within the period).
    basis : ``"adjusted"`` (全年预算数) or ``"original"`` (年初预算数).
    budget_amount : the budget the progress is measured against.
    unit : currency unit.
    """

    _headline_fields = ("basis", "budget_amount", "unit")

    table: pd.DataFrame
    basis: str
    budget_amount: float
    unit: str

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        rows = self.table.astype(object).where(self.table.notna(), None).to_dict(orient="records")
        return {"table": [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()} for r in rows],
                "basis": self.basis, "budget_amount": self.budget_amount, "unit": self.unit}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Lines of cumulative execution and time progress by month (fonts are set by the reporting module)."""
        import matplotlib.pyplot as plt
        import seaborn as sns
        from matplotlib.ticker import PercentFormatter

        check_language(language, func="plot")
        labels = translator(language, "plot.evaluation.budget.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        months = np.concatenate([[0], self.table["month"].to_numpy(dtype=float)])
        execution = np.concatenate([[0.0], self.table["execution_progress"].to_numpy(dtype=float)])
        palette = sns.color_palette()
        ax.plot([0, 12], [0, 1], color="0.55", linestyle="--", label=labels("time"))
        ax.plot(months, execution, marker="o", color=palette[0], label=labels("exec"))
        for m, e in zip(months[1:], execution[1:], strict=True):
            ax.annotate(f"{e:.1%}", (m, e), textcoords="offset points", xytext=(0, 7), ha="center",
                        fontsize="small")
        ax.set_xlim(0, 12.5)
        ax.set_ylim(0, max(1.05, float(np.nanmax(execution)) + 0.1))
        ax.set_xticks(range(0, 13, 3))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel(labels("x"))
        ax.set_ylabel(labels("y"))
        ax.set_title(labels("title"))
        ax.legend(loc="upper left", fontsize="small")
        sns.despine(ax=ax)
        return ax


def execution_progress(budget: Budget, *, basis: Literal["adjusted", "original"] = "adjusted") -> ExecutionProgress:
    """Cumulative execution by period against time progress (month / 12).

    Parameters
    ----------
    budget : a :class:`~perfmethods.model.inputs.Budget` with in-year ``periods``.
    basis : measure against the full-year adjusted budget (全年预算数, default) or the original
        budget (年初预算数).

    Returns
    -------
    ExecutionProgress

    Raises
    ------
    InputError : the budget has no in-year periods, or the chosen budget amount is zero.
    """
    if not isinstance(budget, Budget):
        raise InputError(f"The 'budget' parameter of execution_progress must be a Budget; got "
                         f"{type(budget).__name__} instead.")
    check_option(basis, ("adjusted", "original"), name="basis", func="execution_progress")
    if budget.periods is None or len(budget.periods) == 0:
        raise InputError("the budget has no in-year execution periods (budget table: 期间 / 月份 / 累计执行数)",
                         location={"file": budget.source or None})
    amount = budget.adjusted if basis == "adjusted" else budget.original
    if amount <= 0:
        raise InputError(f"the {basis} budget is zero; execution progress cannot be computed",
                         location={"file": budget.source or None})
    periods = budget.periods
    cum = periods["executed_cum"].to_numpy(dtype=float)
    month = periods["month"].to_numpy(dtype=int)
    table = pd.DataFrame({
        "period": periods["period"].astype(str).to_numpy(),
        "month": month,
        "executed_cum": cum,
        "executed_in_period": np.diff(cum, prepend=0.0),
        "time_progress": month / 12.0,
        "execution_progress": cum / amount,
    })
    table["gap"] = table["execution_progress"] - table["time_progress"]
    return ExecutionProgress(table=table, basis=basis, budget_amount=float(amount), unit=budget.unit)

"""Cost-benefit and cost-effectiveness appraisal (成本效益分析, 事前绩效评估).

One concept per module: :mod:`~perfmethods.cba.discounting` (rates, named schedules, factors),
:mod:`~perfmethods.cba.returns` (every IRR), :mod:`~perfmethods.cba.measures` (NPV, MIRR, BCR, EAV, payback, CER/ICER,
least cost), :mod:`~perfmethods.cba.cashflows` (flows with price bases, deflators, conversion factors; appraisal
and option comparison), :mod:`~perfmethods.cba.model` (NPV as a vectorised function of uncertain inputs),
:mod:`~perfmethods.cba.risk` (one-way sensitivity, switching values, scenarios), :mod:`~perfmethods.cba.montecarlo`
(rank-correlated draws, Iman–Conover, Monte Carlo), :mod:`~perfmethods.cba.distributions` (input
distributions and their quantile functions), :mod:`~perfmethods.cba.optimism` (optimism-bias uplifts),
:mod:`~perfmethods.cba.social_return` (social return on investment),
:mod:`~perfmethods.cba.case_file` (appraisal case files), :mod:`~perfmethods.cba.decision` (the governing NPV
and the choice among options), :mod:`~perfmethods.cba.ex_ante` (the five dimensions of an ex-ante appraisal).
"""

from perfmethods.cba.cashflows import NOMINAL, Appraisal, CashFlows, appraise, compare_options
from perfmethods.cba.decision import MAX_P_WORSE, OptionDecision, decide_options
from perfmethods.cba.discounting import (
    SCHEDULES,
    Schedule,
    discount_factors,
    get_schedule,
    nominal_schedule,
    plot_discount_factors,
    schedules_table,
)
from perfmethods.cba.measures import (
    OptionComparison,
    bcr,
    cost_effectiveness,
    eav,
    least_cost,
    mirr,
    npv,
    npv_dated,
    payback,
    present_value,
)
from perfmethods.cba.model import FunctionModel, NPVModel
from perfmethods.cba.montecarlo import (
    PERT,
    LogNormal,
    MonteCarloResult,
    Normal,
    Triangular,
    Uniform,
    iman_conover,
    monte_carlo,
    sample_inputs,
)
from perfmethods.cba.optimism import OPTIMISM_BIAS_TABLE, OptimismBias, optimism_bias
from perfmethods.cba.returns import IRRResult, irr
from perfmethods.cba.risk import (
    Scenarios,
    Sensitivity,
    SwitchingValues,
    one_way_sensitivity,
    scenarios,
    switching_values,
)
from perfmethods.cba.social_return import SROIResult, sroi

__all__ = [
    "MAX_P_WORSE",
    "NOMINAL",
    "OPTIMISM_BIAS_TABLE",
    "PERT",
    "SCHEDULES",
    "Appraisal",
    "CashFlows",
    "FunctionModel",
    "IRRResult",
    "LogNormal",
    "MonteCarloResult",
    "NPVModel",
    "Normal",
    "OptimismBias",
    "OptionComparison",
    "OptionDecision",
    "SROIResult",
    "Scenarios",
    "Schedule",
    "Sensitivity",
    "SwitchingValues",
    "Triangular",
    "Uniform",
    "appraise",
    "bcr",
    "compare_options",
    "cost_effectiveness",
    "decide_options",
    "discount_factors",
    "eav",
    "get_schedule",
    "iman_conover",
    "irr",
    "least_cost",
    "mirr",
    "monte_carlo",
    "nominal_schedule",
    "npv",
    "npv_dated",
    "one_way_sensitivity",
    "optimism_bias",
    "payback",
    "plot_discount_factors",
    "present_value",
    "scenarios",
    "schedules_table",
    "sample_inputs",
    "sroi",
    "switching_values",
]

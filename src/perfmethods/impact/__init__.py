"""Impact evaluation for long-horizon programmes (science and innovation funding).

Modules
-------
did            :func:`did_2x2`, :func:`twfe` (two-way fixed effects, clustered SEs), :func:`event_study`
staggered      :func:`callaway_santanna` (Callaway & Sant'Anna 2021 group-time effects, ``.aggregate``)
interrupted    :func:`its` (interrupted time series: segmented regression, Newey–West SEs)
synth          :func:`synthetic_control` with placebo inference
discontinuity  :func:`rdd` (sharp and fuzzy regression discontinuity, robust bias-corrected intervals),
               :func:`density_test` (McCrary 2008 manipulation test of the running variable)
surrogate      :func:`surrogate_index` (long-term effects from short-term surrogates),
               :func:`surrogate_table`, :func:`surrogate_samples` (the samples of an evaluation by rounds)
rnd            :func:`rd_capital_stock` (perpetual inventory), :func:`rd_returns` (Almon distributed lag),
               :func:`benefit_flows` (yearly flows for a cost-benefit appraisal)
bibliometrics  :func:`mncs`, :func:`pp_top10`, :func:`mnjs` (field-normalised citation indicators with
               responsible-metrics guard-rails)
funding_value  :func:`value_for_money` (outcome per 万元 of funding, its interval, and next year's budget
               action from one documented rule)
logic_model    :class:`LogicModel` (results chain inputs → activities → outputs → outcomes → impacts)
variables      :func:`read_variables` (the data dictionary: each column's name, unit, rounding, timing)
panel_data     :func:`check_panel` (the one panel validator every panel estimator uses)
"""

from __future__ import annotations

from perfmethods.impact.bibliometrics import (
    BibliometricResult,
    FieldCoverageWarning,
    ResponsibleMetricsWarning,
    mncs,
    mnjs,
    pp_top10,
    top_share,
)
from perfmethods.impact.did import (
    DiD2x2Result,
    EventStudyResult,
    StaggeredAdoptionWarning,
    TWFEResult,
    did_2x2,
    event_study,
    twfe,
)
from perfmethods.impact.discontinuity import DensityTestResult, RDResult, density_test, rdd
from perfmethods.impact.funding_value import ValueForMoneyResult, value_for_money
from perfmethods.impact.interrupted import ITSResult, its
from perfmethods.impact.logic_model import (
    STAGES,
    Element,
    Indicator,
    Link,
    LogicModel,
    science_programme_logic_model,
)
from perfmethods.impact.panel_data import check_panel
from perfmethods.impact.rnd import RDReturnsResult, RDStockResult, benefit_flows, rd_capital_stock, rd_returns
from perfmethods.impact.staggered import AggregatedEffect, CallawaySantAnnaResult, callaway_santanna
from perfmethods.impact.surrogate import (
    SurrogateIndexResult,
    SurrogateSamples,
    surrogate_index,
    surrogate_samples,
    surrogate_table,
)
from perfmethods.impact.synth import SyntheticControlResult, synthetic_control
from perfmethods.impact.variables import Variable, Variables, read_variables

__all__ = [
    "AggregatedEffect",
    "BibliometricResult",
    "CallawaySantAnnaResult",
    "DensityTestResult",
    "DiD2x2Result",
    "Element",
    "EventStudyResult",
    "FieldCoverageWarning",
    "ITSResult",
    "Indicator",
    "Link",
    "LogicModel",
    "RDResult",
    "RDReturnsResult",
    "RDStockResult",
    "ResponsibleMetricsWarning",
    "STAGES",
    "StaggeredAdoptionWarning",
    "SurrogateIndexResult",
    "SurrogateSamples",
    "SyntheticControlResult",
    "TWFEResult",
    "ValueForMoneyResult",
    "Variable",
    "Variables",
    "benefit_flows",
    "callaway_santanna",
    "density_test",
    "check_panel",
    "did_2x2",
    "event_study",
    "its",
    "mncs",
    "mnjs",
    "pp_top10",
    "read_variables",
    "rd_capital_stock",
    "rd_returns",
    "rdd",
    "science_programme_logic_model",
    "surrogate_index",
    "surrogate_samples",
    "surrogate_table",
    "synthetic_control",
    "top_share",
    "twfe",
    "value_for_money",
]

"""Impact evaluation for long-horizon programmes (science and innovation funding).

Modules
-------
did            :func:`did_2x2`, :func:`twfe` (two-way fixed effects, clustered SEs), :func:`event_study`
staggered      :func:`callaway_santanna` (Callaway & Sant'Anna 2021 group-time effects, ``.aggregate``)
its            :func:`its` (interrupted time series: segmented regression, Newey–West SEs)
rnd            :func:`rd_capital_stock` (perpetual inventory), :func:`rd_returns` (Almon distributed lag),
               :func:`benefit_flows` (yearly flows for a cost-benefit appraisal)
bibliometrics  :func:`mncs`, :func:`pp_top10`, :func:`mnjs` (field-normalised citation indicators with
               responsible-metrics guard-rails)
logic_model    :class:`LogicModel` (results chain inputs → activities → outputs → outcomes → impacts)
_panel         :func:`check_panel` (shared panel validation)
synth, rdd, surrogate  synthetic control, regression discontinuity, surrogate index (written separately)

Names are imported lazily (on first access), so a module that is missing or fails to import never breaks the
others. The exceptions are :func:`its` and :func:`rdd`, whose modules have the same names: they are imported
here so that the package attributes are the functions, not the modules (importing a submodule later does not
rebind the attribute). Both modules import only numpy, pandas and scipy at import time; ``rdd`` is imported
inside ``try`` so that a missing module never breaks the package.
"""

from __future__ import annotations

from perfmethods._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    # panel validation
    "check_panel": "_panel",
    # difference-in-differences
    "did_2x2": "did",
    "DiD2x2Result": "did",
    "twfe": "did",
    "TWFEResult": "did",
    "event_study": "did",
    "EventStudyResult": "did",
    "StaggeredAdoptionWarning": "did",
    # staggered adoption
    "callaway_santanna": "staggered",
    "CallawaySantAnnaResult": "staggered",
    "AggregatedEffect": "staggered",
    # interrupted time series
    "its": "its",
    "ITSResult": "its",
    # R&D
    "rd_capital_stock": "rnd",
    "RDStockResult": "rnd",
    "rd_returns": "rnd",
    "RDReturnsResult": "rnd",
    "benefit_flows": "rnd",
    # bibliometrics
    "mncs": "bibliometrics",
    "pp_top10": "bibliometrics",
    "mnjs": "bibliometrics",
    "BibliometricResult": "bibliometrics",
    "FieldCoverageWarning": "bibliometrics",
    "ResponsibleMetricsWarning": "bibliometrics",
    "top_share": "bibliometrics",
    # logic model
    "LogicModel": "logic_model",
    "Indicator": "logic_model",
    "Element": "logic_model",
    "Link": "logic_model",
    "STAGES": "logic_model",
    "science_programme_logic_model": "logic_model",
    # part B (written separately; resolved lazily, so a missing module only fails when its name is used)
    "synthetic_control": "synth",
    "SyntheticControlResult": "synth",
    "rdd": "rdd",
    "RDResult": "rdd",
    "surrogate_index": "surrogate",
    "SurrogateIndexResult": "surrogate",
    "surrogate_table": "surrogate",
}

__all__ = [
    "AggregatedEffect",
    "BibliometricResult",
    "CallawaySantAnnaResult",
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
    "SyntheticControlResult",
    "TWFEResult",
    "benefit_flows",
    "callaway_santanna",
    "check_panel",
    "did_2x2",
    "event_study",
    "its",
    "mncs",
    "mnjs",
    "pp_top10",
    "rd_capital_stock",
    "rd_returns",
    "rdd",
    "science_programme_logic_model",
    "surrogate_index",
    "surrogate_table",
    "synthetic_control",
    "top_share",
    "twfe",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

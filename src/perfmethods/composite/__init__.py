"""Composite indices (综合指数): normalise, treat outliers, aggregate over a framework tree, and test robustness.

The JRC/OECD ten-step workflow (OECD/JRC 2008, *Handbook on Constructing Composite Indicators*) with COINr's
semantics (bluefoxr/COINr), so that a finance bureau can compare departments, districts or programmes and say how
robust the ranking is.

Modules (one concept each)
--------------------------
normalisation   min-max (goalposts, target range), z-score, distance to target / reference / best, rank,
                percentile, log, Box-Cox, with benefit / cost directions
outliers        the JRC skewness-kurtosis rule: winsorise up to k points, else log-transform; a per-indicator report
framework_tree  indicators → dimensions → index, with weights relative within each group
aggregation     weighted arithmetic, geometric, harmonic and generalised means over the tree, data-availability
                threshold; batched over thousands of weight vectors
pipeline        CompositeIndex: the replayable pipeline (treat → normalise → aggregate) with regenerate()
robustness      Monte Carlo over normalisation, aggregation, indicator exclusion and weights: rank intervals
variance_based  Sobol' first-order and total indices (SALib) of those choices on the ranks

Inputs are units × indicators tables (index = unit names, columns = indicator ids) or arrays; weights are
arrays or Series (e.g. from :mod:`perfmethods.weighting`), never imported from it.
"""

from perfmethods.composite.aggregation import AGGREGATIONS, aggregate, generalised_mean
from perfmethods.composite.framework_tree import FrameworkTree
from perfmethods.composite.normalisation import NORMALISATIONS, normalise
from perfmethods.composite.outliers import OutlierTreatment, kurtosis, skewness, treat_outliers
from perfmethods.composite.pipeline import STEPS, CompositeIndex, rank_units
from perfmethods.composite.robustness import ChoiceModel, UncertaintyResult, uncertainty_analysis
from perfmethods.composite.variance_based import SobolResult, factor_label, sensitivity_analysis, sobol_indices

__all__ = [
    "AGGREGATIONS",
    "NORMALISATIONS",
    "STEPS",
    "ChoiceModel",
    "CompositeIndex",
    "FrameworkTree",
    "OutlierTreatment",
    "SobolResult",
    "UncertaintyResult",
    "aggregate",
    "factor_label",
    "generalised_mean",
    "kurtosis",
    "normalise",
    "rank_units",
    "sensitivity_analysis",
    "skewness",
    "sobol_indices",
    "treat_outliers",
    "uncertainty_analysis",
]

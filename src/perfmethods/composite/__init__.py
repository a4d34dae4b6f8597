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
comparison_data a comparison folder (indicators, dimensions, panel, resources): read and checked
district_findings findings per unit (rank with interval, strongest / weakest dimension, efficiency, suggestions)

Ranking methods
---------------
ideal_point        TOPSIS (逼近理想解排序法) with vector, min–max or no normalisation
fuzzy_evaluation   fuzzy comprehensive evaluation (模糊综合评价): membership matrices, 汪培庄's four operators,
                   two- or three-level trees, maximum-membership and score-vector defuzzification
grey_relation      grey relational analysis (灰色关联分析, 邓聚龙): coefficients, grades, ranks
ordinal_scores     PEFA indicator scores from dimension scores (M1 weakest link)
pairwise_dominance COINr's outranking matrix and Copeland scores

Inputs are units × indicators tables (index = unit names, columns = indicator ids) or arrays; weights are
arrays or Series (e.g. from :mod:`perfmethods.weighting`), never imported from it.
"""

from perfmethods.composite.aggregation import AGGREGATIONS, aggregate, generalised_mean
from perfmethods.composite.comparison_data import ComparisonData, read_comparison
from perfmethods.composite.district_findings import SUGGESTIONS, UnitFindings, unit_findings
from perfmethods.composite.framework_tree import FrameworkTree
from perfmethods.composite.fuzzy_evaluation import (
    FUZZY_OPERATORS,
    FuzzyEvaluationResult,
    fuzzy_comprehensive,
    membership_matrix,
)
from perfmethods.composite.grey_relation import GREY_NORMALIZATIONS, GreyRelationalResult, grey_relational
from perfmethods.composite.ideal_point import TOPSIS_NORMALIZATIONS, TopsisResult, topsis
from perfmethods.composite.normalisation import NORMALISATIONS, normalise
from perfmethods.composite.ordinal_scores import PEFAScoreResult, pefa_indicator_scores
from perfmethods.composite.outliers import OutlierTreatment, kurtosis, skewness, treat_outliers
from perfmethods.composite.pairwise_dominance import OutrankingResult, outranking_matrix
from perfmethods.composite.pipeline import STEPS, CompositeIndex, rank_units
from perfmethods.composite.robustness import ChoiceModel, UncertaintyResult, uncertainty_analysis
from perfmethods.composite.variance_based import SobolResult, factor_label, sensitivity_analysis, sobol_indices

__all__ = [
    "AGGREGATIONS",
    "FUZZY_OPERATORS",
    "GREY_NORMALIZATIONS",
    "NORMALISATIONS",
    "STEPS",
    "SUGGESTIONS",
    "TOPSIS_NORMALIZATIONS",
    "ChoiceModel",
    "ComparisonData",
    "CompositeIndex",
    "FrameworkTree",
    "FuzzyEvaluationResult",
    "GreyRelationalResult",
    "OutlierTreatment",
    "OutrankingResult",
    "PEFAScoreResult",
    "SobolResult",
    "TopsisResult",
    "UncertaintyResult",
    "UnitFindings",
    "aggregate",
    "factor_label",
    "fuzzy_comprehensive",
    "generalised_mean",
    "grey_relational",
    "kurtosis",
    "membership_matrix",
    "normalise",
    "outranking_matrix",
    "pefa_indicator_scores",
    "rank_units",
    "read_comparison",
    "sensitivity_analysis",
    "skewness",
    "sobol_indices",
    "topsis",
    "treat_outliers",
    "uncertainty_analysis",
    "unit_findings",
]

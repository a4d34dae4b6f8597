"""Composite indices and ranking methods (综合评价): compare departments, districts and programmes.

Ranking modules (one concept each)
----------------------------------
ideal_point        TOPSIS (逼近理想解排序法) with vector, min–max or no normalisation
fuzzy_evaluation   fuzzy comprehensive evaluation (模糊综合评价): membership matrices, 汪培庄's four operators,
                   two- or three-level trees, maximum-membership and score-vector defuzzification
grey_relation      grey relational analysis (灰色关联分析, 邓聚龙): coefficients, grades, ranks
ordinal_scores     PEFA-style ordinal aggregation of dimension scores (M1 weakest link, M2 averaging table)
pairwise_dominance COINr's outranking matrix and Copeland scores

Inputs are DataFrames of units × indicators (index = unit names, columns = indicator ids) or numpy arrays;
weights are relative (rescaled to sum to 1) and given as arrays, Series or mappings keyed by indicator.
"""

from perfmethods.composite.fuzzy_evaluation import (
    FUZZY_OPERATORS,
    FuzzyEvaluationResult,
    fuzzy_comprehensive,
    membership_matrix,
)
from perfmethods.composite.grey_relation import GREY_NORMALIZATIONS, GreyRelationalResult, grey_relational
from perfmethods.composite.ideal_point import TOPSIS_NORMALIZATIONS, TopsisResult, topsis
from perfmethods.composite.ordinal_scores import PEFAScoreResult, pefa_indicator_scores
from perfmethods.composite.pairwise_dominance import OutrankingResult, outranking_matrix

__all__ = [
    "FUZZY_OPERATORS",
    "GREY_NORMALIZATIONS",
    "TOPSIS_NORMALIZATIONS",
    "FuzzyEvaluationResult",
    "GreyRelationalResult",
    "OutrankingResult",
    "PEFAScoreResult",
    "TopsisResult",
    "fuzzy_comprehensive",
    "grey_relational",
    "membership_matrix",
    "outranking_matrix",
    "pefa_indicator_scores",
    "topsis",
]

"""Weighting (权重): AHP, objective weights, combined weights and weight sensitivity.

Modules (one concept each)
--------------------------
ahp          priorities and consistency of pairwise matrices, one or a stack (k, n, n) at once; named RI tables
incomplete   missing judgments: optimal completion (Bozóki–Fülöp–Rónyai 2010) and Harker's method
group        several experts: AIJ / AIP aggregation, per-expert CR, drop or down-weight, consensus
revision     revise each inconsistent expert's worst judgment, then aggregate, with a revision log
hierarchy    local → global weights over a tree; AHP weights written back into an IndicatorFramework
fuzzy        fuzzy AHP with triangular fuzzy numbers (Buckley's geometric mean), named defuzzification
judgments    experts' judgments from XLSX (one sheet per expert, or long format), checked cell by cell
objective    entropy (熵权法), CRITIC, CV, SD and CILOS weights with every convention named
combined     combined weights (组合赋权): linear, multiplicative, minimum discrimination information, game theory
sensitivity  Monte Carlo over judgments (Saaty scale) or weights (Dirichlet): scores, ranks, rank reversal

Weights are probabilities (sum to 1); frameworks keep points (分值) and are converted at the boundary.
The conventions, formulas and where peers disagree are in ``docs/methods/weighting.md``.
"""

from perfmethods.weighting._checks import SAATY_SCALE, pairwise_matrix
from perfmethods.weighting.analytic_hierarchy import (
    CR_THRESHOLD,
    GCI_THRESHOLDS,
    RI_TABLES,
    AHPResult,
    ahp,
    consistency_ratio,
    geometric_consistency_index,
    priority_vector,
    random_index,
    revise_judgments,
)
from perfmethods.weighting.combined import CombinedWeights, combine_weights
from perfmethods.weighting.fuzzy import FuzzyAHPResult, fuzzify, fuzzy_ahp
from perfmethods.weighting.group import GroupResult, aggregate_judgments
from perfmethods.weighting.hierarchy import HierarchyResult, ahp_hierarchy, weight_framework
from perfmethods.weighting.incomplete import CompletionResult, complete_matrix
from perfmethods.weighting.judgments import Judgments, read_judgments
from perfmethods.weighting.objective import (
    ObjectiveWeights,
    cilos_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    minmax_normalize,
    std_weights,
)
from perfmethods.weighting.revision import REVISION_COLUMNS, RevisedGroupResult, revise_and_aggregate
from perfmethods.weighting.sensitivity import SensitivityResult, perturb_judgments, perturb_weights

__all__ = [
    "CR_THRESHOLD",
    "GCI_THRESHOLDS",
    "REVISION_COLUMNS",
    "RI_TABLES",
    "SAATY_SCALE",
    "AHPResult",
    "CombinedWeights",
    "CompletionResult",
    "FuzzyAHPResult",
    "GroupResult",
    "HierarchyResult",
    "Judgments",
    "ObjectiveWeights",
    "RevisedGroupResult",
    "SensitivityResult",
    "aggregate_judgments",
    "ahp",
    "ahp_hierarchy",
    "cilos_weights",
    "combine_weights",
    "complete_matrix",
    "consistency_ratio",
    "critic_weights",
    "cv_weights",
    "entropy_weights",
    "fuzzify",
    "fuzzy_ahp",
    "geometric_consistency_index",
    "minmax_normalize",
    "pairwise_matrix",
    "perturb_judgments",
    "perturb_weights",
    "priority_vector",
    "random_index",
    "read_judgments",
    "revise_and_aggregate",
    "revise_judgments",
    "std_weights",
    "weight_framework",
]

"""Revise inconsistent experts, then aggregate: the group-AHP workflow of a weighting meeting, in one call.

An expert whose matrix has CR ≥ the threshold is shown the judgment that contributes most to the inconsistency
(the largest |ln(a_ij w_j / w_i)|, :attr:`AHPResult.diagnostics`) and the Saaty value that would lower CR
most; the judgment is revised to that value (the "most inconsistent judgment first" rule of Saaty 2003, EJOR
145:85-91). This repeats up to ``max_revisions`` times per expert or until CR < threshold, and the revised
matrices are aggregated by :func:`~perfmethods.weighting.group.aggregate_judgments`.

In a real meeting each revision is the expert's to accept; the log (:attr:`RevisedGroupResult.revisions`)
lists every change so that the report can show what was changed, from what, to what, and the CR before and
after, and the expert can confirm it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.results import Result, json_records, json_scalar
from perfmethods.validation import check_number
from perfmethods.weighting._checks import check_pairwise
from perfmethods.weighting.analytic_hierarchy import CR_THRESHOLD, ahp, revise_judgments
from perfmethods.weighting.group import GroupResult, aggregate_judgments
from perfmethods.weighting.judgments import Judgments

__all__ = ["REVISION_COLUMNS", "RevisedGroupResult", "revise_and_aggregate"]

#: The columns of the revision log, one row per revised judgment.
REVISION_COLUMNS: tuple[str, ...] = ("expert", "round", "row", "column", "judgment", "revised_judgment",
                                     "cr_before", "cr_after")


@dataclass(frozen=True, repr=False)
class RevisedGroupResult(Result):
    """Experts' judgments revised where inconsistent, and the group weights of the revised matrices.

    Attributes
    ----------
    group : the :class:`~perfmethods.weighting.group.GroupResult` of the revised matrices.
    revisions : the revision log, one row per revised judgment (:data:`REVISION_COLUMNS`): the expert, the
        round (1, 2, …), the pair (``row`` over ``column``), the judgment as given and as revised, and the
        expert's CR before and after the revision. Empty when every expert was consistent.
    before : one row per expert, before any revision: ``expert``, ``cr``, ``gci``, ``is_consistent``.
    diagnostics : for each expert revised, the diagnostics of the matrix as given (the most inconsistent
        judgments with their best Saaty value and the CR if revised), in expert order.
    matrices : every expert's matrix after revision (unchanged for consistent experts), labelled.
    cr_threshold, max_revisions : as passed.
    """

    group: GroupResult
    revisions: pd.DataFrame
    before: pd.DataFrame
    diagnostics: Mapping[str, pd.DataFrame]
    matrices: Mapping[str, pd.DataFrame]
    cr_threshold: float
    max_revisions: int

    _headline_fields: ClassVar[tuple[str, ...]] = ("n_revised", "n_still_inconsistent", "group_cr",
                                                   "consensus")

    @property
    def n_revised(self) -> int:
        """How many experts had at least one judgment revised."""
        return int(self.revisions["expert"].nunique())

    @property
    def n_still_inconsistent(self) -> int:
        """How many experts remain at CR ≥ threshold after their revisions."""
        return int((~self.group.experts["is_consistent"]).sum())

    @property
    def group_cr(self) -> float:
        """CR of the aggregated matrix (AIJ), NaN for AIP."""
        return float("nan") if self.group.aggregate is None else float(self.group.aggregate.cr)

    @property
    def consensus(self) -> float:
        """Kendall's W (tie-corrected) of the experts' rankings after revision."""
        return float(self.group.consensus)

    @property
    def weights(self) -> pd.Series:
        """The group weights by criterion."""
        return self.group.weights

    def summary(self) -> pd.DataFrame:
        """One row per expert: CR before and after, the number of judgments revised, the expert's weight."""
        after = self.group.experts.set_index("expert")
        counts = self.revisions.groupby("expert").size()
        experts = list(self.before["expert"])
        return pd.DataFrame({
            "expert": experts,
            "cr_before": self.before["cr"].to_numpy(dtype=float),
            "n_revisions": [int(counts.get(e, 0)) for e in experts],
            "cr_after": after.loc[experts, "cr"].to_numpy(dtype=float),
            "is_consistent": after.loc[experts, "is_consistent"].to_numpy(dtype=bool),
            "weight": after.loc[experts, "weight"].to_numpy(dtype=float),
        })

    def to_dict(self) -> dict[str, Any]:
        return {"cr_threshold": self.cr_threshold, "max_revisions": self.max_revisions,
                "n_revised": self.n_revised, "n_still_inconsistent": self.n_still_inconsistent,
                "group_cr": json_scalar(self.group_cr), "consensus": json_scalar(self.consensus),
                "revisions": json_records(self.revisions), "experts": json_records(self.summary()),
                "group": self.group.to_dict()}


def _labelled(judgments: Judgments | Mapping[str, Any], labels: Any) -> dict[str, pd.DataFrame]:
    if isinstance(judgments, Judgments):
        source: Mapping[str, Any] = judgments.matrices
    elif isinstance(judgments, Mapping):
        source = judgments
    else:
        raise InputError("The 'judgments' parameter of revise_and_aggregate must be a Judgments "
                         "(read_judgments) or a mapping {expert: matrix}; got "
                         f"{type(judgments).__name__} instead.")
    if len(source) < 2:
        raise InputError(f"revise_and_aggregate needs at least two experts' matrices; got {len(source)}.")
    a, lab, _ = check_pairwise(list(source.values()), labels)
    names = list(lab or tuple(f"c{i + 1}" for i in range(a.shape[-1])))
    index = pd.Index(names, name="criterion")
    return {str(e): pd.DataFrame(a[k], index=index, columns=index.copy()) for k, e in enumerate(source)}


def revise_and_aggregate(
    judgments: Judgments | Mapping[str, Any],
    *,
    cr_threshold: float = CR_THRESHOLD.value,
    max_revisions: int = 1,
    method: Literal["aij", "aip"] = "aij",
    priority: Literal["eigenvector", "geometric", "arithmetic"] = "eigenvector",
    ri: str | Mapping[int, float] = "saaty",
    labels: Any = None,
) -> RevisedGroupResult:
    """Diagnose each expert, revise inconsistent judgments, then aggregate the experts' matrices.

    For each expert with CR ≥ ``cr_threshold``, up to ``max_revisions`` times: take the judgment with the
    largest |ln(a_ij w_j / w_i)| (``ahp(...).diagnostics``, first row) and set it to the Saaty value
    (1/9 … 9) that minimises the expert's CR, a_ji = 1 / a_ij; stop as soon as CR < ``cr_threshold``. Then
    aggregate all experts (``aggregate_judgments(..., inconsistent="keep")``).

    Parameters
    ----------
    judgments : a :class:`~perfmethods.weighting.judgments.Judgments` (``read_judgments``) or a mapping
        ``{expert: (n, n) matrix}``; at least two experts over the same criteria.
    cr_threshold : an expert's matrix is inconsistent at CR ≥ this (default 0.10, Saaty), in (0, 1).
    max_revisions : the most judgments revised per expert (default 1: one revision, as an expert would be
        asked in one round), an integer ≥ 0; 0 aggregates the matrices as given.
    method, priority, ri : as in :func:`~perfmethods.weighting.group.aggregate_judgments`.
    labels : criterion names when the matrices carry none.

    Returns
    -------
    RevisedGroupResult : the group weights, the revision log and each expert's CR before and after.

    Raises
    ------
    InputError : fewer than two experts, invalid matrices, or a bad option.

    References
    ----------
    Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal eigenvector necessary? EJOR 145,
    85-91. Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and priorities with the AHP.
    EJOR 108, 165-169.
    """
    func = "revise_and_aggregate"
    cr_threshold = check_number(cr_threshold, name="cr_threshold", func=func, low=0.0, high=1.0,
                                closed="neither")
    max_revisions = check_number(max_revisions, name="max_revisions", func=func, low=0, integer=True)
    matrices = _labelled(judgments, labels)
    options = {"method": priority, "ri": ri, "cr_threshold": cr_threshold}
    rows: list[dict[str, Any]] = []
    before: list[dict[str, Any]] = []
    diagnostics: dict[str, pd.DataFrame] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)  # inconsistency is what this function reports
        for expert, matrix in matrices.items():  # experts × rounds: a handful of small matrices
            result = ahp(matrix, **options)
            before.append({"expert": expert, "cr": float(result.cr), "gci": float(result.gci),
                           "is_consistent": bool(result.is_consistent)})
            for round_ in range(1, max_revisions + 1):
                if result.is_consistent or result.diagnostics is None or result.diagnostics.empty:
                    break
                if round_ == 1:
                    diagnostics[expert] = result.diagnostics
                top = result.diagnostics.iloc[0]
                matrix = revise_judgments(matrix, result.diagnostics.head(1))
                revised = ahp(matrix, **options)
                rows.append({"expert": expert, "round": round_, "row": str(top["row"]),
                             "column": str(top["column"]), "judgment": float(top["judgment"]),
                             "revised_judgment": float(top["revised_judgment"]),
                             "cr_before": float(result.cr), "cr_after": float(revised.cr)})
                result = revised
            matrices[expert] = matrix
    group = aggregate_judgments(matrices, method=method, priority=priority, ri=ri, cr_threshold=cr_threshold)
    revisions = pd.DataFrame(rows, columns=list(REVISION_COLUMNS))
    revisions["round"] = revisions["round"].astype(np.int64)
    return RevisedGroupResult(group=group, revisions=revisions, before=pd.DataFrame(before),
                              diagnostics=diagnostics, matrices=matrices, cr_threshold=float(cr_threshold),
                              max_revisions=int(max_revisions))

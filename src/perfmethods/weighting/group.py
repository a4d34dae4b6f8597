"""Group AHP: combine several experts' pairwise judgments into one set of weights.

Two aggregation schemes (Forman & Peniwati 1998, EJOR 108:165-169):

``"aij"`` (aggregation of individual judgments): the element-wise weighted geometric mean of the experts'
    matrices, ā_ij = Π_k a^k_ij^(λ_k), which keeps reciprocity (the arithmetic mean would not); then AHP on
    ā. CR is reported for the aggregated matrix.
``"aip"`` (aggregation of individual priorities): each expert's priorities w^k by AHP, then their weighted
    geometric mean (``mean="geometric"``, default) or arithmetic mean, **renormalised** to sum 1. The
    unrenormalised geometric mean — ahpsurvey's ``ahp.aggpref`` convention, which sums to less than 1 — is kept
    as ``raw_weights``.

With the geometric (RGMM) priority method, AIJ and renormalised geometric AIP give identical weights
(Barzilai & Golany 1994; a property test checks it).

Inconsistent experts (CR ≥ threshold) are kept (``inconsistent="keep"``, default, with a warning), dropped
(``"drop"``), or down-weighted (``"downweight"``: λ_k multiplied by threshold / CR_k). Expert weights λ are
renormalised over the experts used.

Consensus is reported two ways: each expert's **geometric compatibility** with the group priorities,
GCOMPI_k = 2/((n − 1)(n − 2)) Σ_{i<j} ln²(a^k_ij w_j / w_i) (the GCI of the expert's matrix against the group
weights; Aguarón, Escobar & Moreno-Jiménez 2014-style), and **Kendall's W** of the experts' rankings of the
criteria (0 = no agreement, 1 = identical rankings), computed by the package's one implementation,
:func:`perfmethods.evaluation.agreement.kendall_w`, with Kendall's tie correction: criteria an expert judges
equally important are tied, and W = 12 S / (k²(n³ − n) − k Σ T), T = Σ (t³ − t) over each expert's ties.

Why hand-written: peers cover one scheme each (ahpsurvey: AIJ/AIP without renormalising; pyanp: vote
geometric mean); here both, batched through :func:`perfmethods.weighting.ahp` on the (k, n, n) stack.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import ConsistencyWarning, DataQualityWarning, InputError
from perfmethods.evaluation.agreement import kendall_w
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language, check_option
from perfmethods.weighting._checks import check_pairwise
from perfmethods.weighting.analytic_hierarchy import CR_THRESHOLD, AHPResult, _gci, ahp

__all__ = ["GroupResult", "aggregate_judgments"]


#: Priorities equal to this many decimals are tied when the experts' rankings are compared (an eigenvector
#: computed twice for two identical rows of judgments may differ in the 16th digit).
_TIE_DECIMALS = 12


def _consensus(priorities: np.ndarray) -> float:
    """Kendall's W of the experts' rankings of the criteria (rows: experts), tie-corrected.

    The one implementation is :func:`perfmethods.evaluation.agreement.kendall_w` (raters in rows, objects in
    columns, ties by average rank with Kendall's tie correction): an expert who judges two criteria equally
    important gives them tied priorities, and without the correction W understates the agreement (the
    uncorrected denominator counts orderings the expert never made). With fewer than two experts there is
    nothing to compare and the consensus is 1.
    """
    if priorities.shape[0] < 2:
        return 1.0
    w = kendall_w(np.round(priorities, _TIE_DECIMALS), correct_ties=True).w
    return float(w) if np.isfinite(w) else 1.0


@dataclass(frozen=True, repr=False)
class GroupResult(Result):
    """Group weights from several experts' judgments.

    Attributes
    ----------
    weights : Series by criterion, summing to 1.
    raw_weights : AIP only: the weighted geometric mean of priorities *before* renormalising (ahpsurvey's
        convention; sums to ≤ 1); for AIJ equal to ``weights``.
    method : ``"aij"`` or ``"aip"``. mean : ``"geometric"`` or ``"arithmetic"`` (AIP).
    experts : table, one row per expert: ``expert``, ``cr``, ``is_consistent``, ``weight`` (λ used; 0 when
        dropped), ``used``, ``compatibility`` (GCOMPI) and the expert's priority per criterion.
    individual : the batched :class:`AHPResult` of the experts' matrices.
    aggregate : AIJ: the :class:`AHPResult` of the aggregated matrix (its CR is the group's); AIP: ``None``.
    consensus : Kendall's W (tie-corrected) of the used experts' rankings; 1 when one expert is used, or when
        every used expert ties every criterion (identical, uninformative rankings).
    inconsistent : the policy used. priority_method, ri_table, cr_threshold : as passed to AHP.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("consensus", "method", "mean", "inconsistent",
                                                   "cr_threshold")

    weights: pd.Series
    raw_weights: pd.Series
    method: str
    mean: str
    experts: pd.DataFrame
    individual: AHPResult = field(repr=False)
    aggregate: AHPResult | None = field(repr=False)
    consensus: float
    inconsistent: str
    priority_method: str
    ri_table: str
    cr_threshold: float

    def summary(self) -> pd.DataFrame:
        """One row per criterion: group weight, rank, and the spread of the experts' priorities."""
        cols = list(self.weights.index)
        per = self.experts.loc[self.experts["used"], cols]
        return pd.DataFrame({"criterion": cols, "weight": self.weights.to_numpy(),
                             "rank": self.weights.rank(ascending=False, method="min").astype(int).to_numpy(),
                             "expert_min": per.min().to_numpy(), "expert_max": per.max().to_numpy()})

    def to_dict(self) -> dict[str, Any]:
        experts = self.experts.astype(object).where(self.experts.notna(), None)
        return {"method": self.method, "mean": self.mean, "inconsistent": self.inconsistent,
                "priority_method": self.priority_method, "ri_table": self.ri_table,
                "cr_threshold": self.cr_threshold, "consensus_kendall_w": self.consensus,
                "weights": {str(k): float(v) for k, v in self.weights.items()},
                "raw_weights": {str(k): float(v) for k, v in self.raw_weights.items()},
                "group_cr": None if self.aggregate is None else float(self.aggregate.cr),
                "experts": [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
                            for r in experts.to_dict(orient="records")]}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Each expert's priorities (dots) and the group weights (bars), by criterion."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.weighting.group.")
        cols = list(self.weights.index)
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 3.8))
        x = np.arange(len(cols))
        ax.bar(x, self.weights.to_numpy(), color="#C8D6E8", label=tr("group"))
        for _, row in self.experts.iterrows():
            marker = "o" if row["used"] else "x"
            ax.plot(x, row[cols].to_numpy(dtype=float), marker=marker, linestyle="none", alpha=0.8,
                    label=str(row["expert"]))
        ax.set_xticks(x, cols)
        ax.set_ylabel(tr("y"))
        ax.legend(fontsize="small", ncols=min(len(self.experts) + 1, 6), loc="upper center",
                  bbox_to_anchor=(0.5, -0.12), frameon=False)
        return ax


def aggregate_judgments(
    matrices: Sequence[Any] | Mapping[str, Any] | np.ndarray,
    *,
    method: Literal["aij", "aip"] = "aij",
    weights: Sequence[float] | Mapping[str, float] | None = None,
    mean: Literal["geometric", "arithmetic"] = "geometric",
    priority: Literal["eigenvector", "geometric", "arithmetic"] = "eigenvector",
    inconsistent: Literal["keep", "drop", "downweight"] = "keep",
    ri: str | Mapping[int, float] = "saaty",
    cr_threshold: float = CR_THRESHOLD.value,
    labels: Sequence[object] | None = None,
) -> GroupResult:
    """Aggregate several experts' pairwise matrices (AIJ or AIP).

    Parameters
    ----------
    matrices : the experts' (n, n) matrices: a (k, n, n) array, a list, or a mapping {expert: matrix}
        (e.g. :attr:`perfmethods.weighting.Judgments.matrices`). All compare the same criteria.
    method : ``"aij"`` (default; geometric mean of judgments) or ``"aip"`` (mean of priorities).
    weights : expert weights λ_k (importance of each expert), default equal; renormalised over the experts used.
    mean : AIP only: ``"geometric"`` (default) or ``"arithmetic"`` mean of the priorities.
    priority : the AHP priority method for individual (and, AIJ, aggregated) matrices.
    inconsistent : ``"keep"`` (default, warn), ``"drop"`` experts with CR ≥ ``cr_threshold``, or
        ``"downweight"`` them (λ_k × threshold / CR_k).
    ri, cr_threshold : as in :func:`perfmethods.weighting.ahp`.
    labels : criterion names.

    Returns
    -------
    GroupResult

    Raises
    ------
    InputError : fewer than two experts, invalid matrices (naming the matrix, row and column), bad expert
        weights, or every expert dropped as inconsistent.

    Warns
    -----
    ConsistencyWarning : an expert's CR (or the aggregated matrix's) is ≥ the threshold.
    """
    func = "aggregate_judgments"
    check_option(method, ("aij", "aip"), name="method", func=func)
    check_option(mean, ("geometric", "arithmetic"), name="mean", func=func)
    if method == "aij" and mean != "geometric":
        raise InputError("aggregate_judgments(method='aij') uses the geometric mean of judgments (the arithmetic "
                         "mean breaks reciprocity); 'mean' applies to method='aip'")
    check_option(inconsistent, ("keep", "drop", "downweight"), name="inconsistent", func=func)
    names = [str(x) for x in matrices] if isinstance(matrices, Mapping) else None
    a, lab, _ = check_pairwise(matrices, labels)
    k, n, _ = a.shape
    if k < 2:
        raise InputError(f"aggregate_judgments needs at least two experts' matrices; got {k}.")
    experts = names or [f"expert{i + 1}" for i in range(k)]
    crit = list(lab or tuple(f"c{i + 1}" for i in range(n)))
    if weights is None:
        lam = np.ones(k)
    else:
        if isinstance(weights, Mapping):
            unknown = sorted(set(map(str, weights)) - set(experts))
            if unknown:
                raise InputError(f"The 'weights' parameter of aggregate_judgments names unknown experts {unknown}; "
                                 f"experts are {experts}")
            by_name = {str(x): v for x, v in weights.items()}
            lam = np.array([float(by_name.get(e, 0.0)) for e in experts])
        else:
            lam = np.asarray(weights, dtype=float)
        if lam.shape != (k,) or not np.isfinite(lam).all() or (lam < 0).any() or lam.sum() <= 0:
            raise InputError(f"The 'weights' parameter of aggregate_judgments must give {k} non-negative expert "
                             f"weights, not all zero; got {weights!r}.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        warnings.simplefilter("ignore", DataQualityWarning)  # already reported by check_pairwise above
        individual = ahp(a, method=priority, ri=ri, labels=crit, cr_threshold=cr_threshold)
    cr = np.asarray(individual.cr)
    ok = np.asarray(individual.is_consistent)
    if not ok.all():
        bad = [experts[i] for i in np.flatnonzero(~ok)]
        action = {"keep": "kept", "drop": "dropped", "downweight": "down-weighted"}[inconsistent]
        warnings.warn(f"expert(s) {bad} have CR ≥ {cr_threshold:g} (RI table {individual.ri_table!r}) and were "
                      f"{action}", ConsistencyWarning, stacklevel=2)
    if inconsistent == "drop":
        lam = np.where(ok, lam, 0.0)
    elif inconsistent == "downweight":
        lam = np.where(ok, lam, lam * cr_threshold / np.where(cr > 0, cr, 1.0))
    if lam.sum() <= 0:
        raise InputError("every expert was dropped as inconsistent; revise the judgments or use inconsistent='keep'")
    lam = lam / lam.sum()
    used = lam > 0
    W = np.asarray(individual.weights)
    aggregate = None
    if method == "aij":
        agg = np.exp(np.tensordot(lam, np.log(a), axes=1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)  # a mean of judgments stays within their range
            aggregate = ahp(agg, method=priority, ri=ri, labels=crit, cr_threshold=cr_threshold)
        w = np.asarray(aggregate.weights, dtype=float)
        raw = w
    elif mean == "geometric":
        raw = np.exp(lam @ np.log(W))
        w = raw / raw.sum()
    else:
        raw = lam @ W
        w = raw / raw.sum()
    compat = _gci(a, np.broadcast_to(w, (k, n)))
    table = pd.DataFrame({"expert": experts, "cr": cr, "is_consistent": ok, "weight": lam, "used": used,
                          "compatibility": compat})
    table = pd.concat([table, pd.DataFrame(W, columns=crit)], axis=1)
    index = pd.Index(crit, name="criterion")
    return GroupResult(weights=pd.Series(w, index=index, name="weight"),
                       raw_weights=pd.Series(raw, index=index, name="raw_weight"), method=method,
                       mean=mean, experts=table, individual=individual, aggregate=aggregate,
                       consensus=_consensus(W[used]), inconsistent=inconsistent, priority_method=priority,
                       ri_table=individual.ri_table, cr_threshold=float(cr_threshold))

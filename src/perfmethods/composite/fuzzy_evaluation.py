"""Fuzzy comprehensive evaluation (模糊综合评价): grade memberships of factors, combined up an indicator tree.

汪培庄《模糊集合论及其应用》(上海科学技术出版社, 1983) for the model and its composition operators; the worked
examples reproduced in the tests are those of 司守奎、孙玺菁《数学建模算法与应用》第 14 章 §14.2 (one-level and
multi-level 模糊综合评判).

Factor set U (the indicators), comment set V = (v_1 … v_m) of grades (e.g. 优/良/中/差), membership matrix
R = (r_ij) with r_ij ∈ [0, 1] the share of evaluators (or a membership function) placing factor i in grade j, each
row summing to 1, and factor weights a = (a_1 … a_n), Σ a_i = 1. The evaluation vector B = a ∘ R is, for the
operator chosen (``operator``):

* ``"M(·,+)"`` weighted average (加权平均型, default): b_j = Σ_i a_i r_ij — every factor counts;
* ``"M(∧,∨)"`` main-factor decisive (主因素决定型): b_j = max_i min(a_i, r_ij);
* ``"M(·,∨)"`` main-factor prominent (主因素突出型): b_j = max_i a_i r_ij;
* ``"M(∧,⊕)"`` bounded sum of minima: b_j = min(1, Σ_i min(a_i, r_ij)).

Multi-level evaluation: factors are grouped (``parents``); each group's B is computed from its children's rows
with the children's local weights, and the groups' B vectors become the rows of the next level's R, up to the
top (two or three levels, or more). With ``normalize=True`` each B is rescaled to sum to 1 before it is used
(no change under M(·,+) with normalised inputs; the other operators do not keep Σ b_j = 1).

Defuzzification: the grade of maximum membership (最大隶属度原则), and, when ``grade_scores`` are given (e.g.
优/良/中/差 = 95/85/75/60), the score S = Σ_j b_j v_j / Σ_j b_j.

:func:`membership_matrix` builds R from evaluators' ratings: the count n_ij of evaluators choosing grade j for
factor i gives r_ij = n_ij / Σ_j n_ij.

Why hand-written: the operators are one numpy expression each over a (factors × grades) array; scikit-fuzzy
offers membership functions and control systems, not 汪培庄's composition operators or the evaluation tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import (
    by_label,
    check_columns,
    check_language,
    check_option,
    check_table,
    check_weights,
    shown_value,
)

__all__ = ["FUZZY_OPERATORS", "ROW_SUM_TOL", "FuzzyEvaluationResult", "fuzzy_comprehensive", "membership_matrix"]

#: 汪培庄's composition operators, by name.
FUZZY_OPERATORS: tuple[str, ...] = ("M(·,+)", "M(∧,∨)", "M(·,∨)", "M(∧,⊕)")

#: ASCII spellings accepted for the operators.
_OPERATOR_ALIASES = {"M(*,+)": "M(·,+)", "M(MIN,MAX)": "M(∧,∨)", "M(*,MAX)": "M(·,∨)", "M(MIN,BSUM)": "M(∧,⊕)"}

#: How far a membership row's sum may be from 1: memberships typed to two decimals (0.33, 0.33, 0.33) pass.
ROW_SUM_TOL = 0.011

_OVERALL = "overall"


def _compose(a: np.ndarray, R: np.ndarray, operator: str) -> np.ndarray:
    """B = a ∘ R for weights a (n,) and memberships R (n, m)."""
    if operator == "M(·,+)":
        return a @ R
    if operator == "M(∧,∨)":
        return np.minimum(a[:, None], R).max(axis=0)
    if operator == "M(·,∨)":
        return (a[:, None] * R).max(axis=0)
    return np.minimum(1.0, np.minimum(a[:, None], R).sum(axis=0))


@dataclass(frozen=True, repr=False)
class FuzzyEvaluationResult(Result):
    """The result of a fuzzy comprehensive evaluation.

    Attributes
    ----------
    membership : the overall evaluation vector B over the grades.
    grade : the grade of maximum membership (the first in the grades' order when several tie).
    score : Σ_j b_j v_j / Σ_j b_j when ``grade_scores`` were given, else ``None``.
    levels : one row per group of the tree and a last row ``overall``: its B over the grades, then ``grade`` and
        (with grade scores) ``score``.
    operator : the composition operator.
    grade_scores : the score of each grade (``None`` when not given).
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("operator", "grade", "score")

    membership: pd.Series
    grade: str
    score: float | None
    levels: pd.DataFrame
    operator: str = "M(·,+)"
    grade_scores: pd.Series | None = field(default=None, repr=False)

    def summary(self) -> pd.DataFrame:
        """The groups and the overall evaluation: node, the membership of each grade, grade, score."""
        return self.levels.reset_index()

    def to_frame(self) -> pd.DataFrame:
        """The levels table indexed by node (``overall`` last)."""
        return self.levels.copy()

    def to_dict(self) -> dict[str, Any]:
        return {
            "operator": self.operator, "grade": self.grade, "score": self.score,
            "membership": {str(k): float(v) for k, v in self.membership.items()},
            "levels": json_records(self.summary()),
            "grade_scores": None if self.grade_scores is None
            else {str(k): float(v) for k, v in self.grade_scores.items()},
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the overall membership of each grade."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.composite.ranking.")
        if ax is None:
            _, ax = plt.subplots(figsize=(5.6, 3.4))
        ax.bar([str(g) for g in self.membership.index], self.membership.to_numpy(), color="#DD8452")
        ax.set_title(tr("fuzzy.title", grade=self.grade))
        ax.set_ylabel(tr("fuzzy.y"))
        return ax


def _membership(R: Any, func: str) -> pd.DataFrame:
    frame = check_table(R, name="R", func=func, row_label="factor", column_label="grade", row_names="u{}",
                        column_names="v{}", value_label="membership", min_columns=2, low=0.0, high=1.0)
    sums = frame.to_numpy().sum(axis=1)
    off = np.abs(sums - 1.0) > ROW_SUM_TOL
    if off.any():
        i = int(np.flatnonzero(off)[0])
        raise InputError(f"{func}: the memberships of a factor must sum to 1 (within {ROW_SUM_TOL}); this row sums "
                         f"to {sums[i]:.4g}. Build R from evaluators' counts with membership_matrix()",
                         location={"factor": frame.index[i]})
    return frame


def _local_weights(weights: Any, nodes: list[str], func: str) -> dict[str, float]:
    """The weights of one group's members: one mapping serves every group of the tree (so keys of other groups are
    expected), a sequence gives the members in order."""
    if isinstance(weights, (Mapping, pd.Series)):
        given = {str(k): v for k, v in dict(weights).items()}
        absent = [n for n in nodes if given.get(n) is None]
        if absent:
            raise InputError(f"The 'weights' parameter of {func} gives no weight to this factor or group",
                             location={"node": absent[0]})
        seq = [given[n] for n in nodes]
    else:
        seq = by_label(weights, nodes, name="weights", func=func, what="factor", entry="weight")
    return dict(zip(nodes, check_weights(seq, nodes, func=func, what="node").tolist(), strict=True))


def _tree(factors: list[str], parents: Mapping[Any, Any] | None, func: str) -> dict[str, list[str]]:
    """Children of every internal node, the root ``overall`` included."""
    if parents is None:
        return {_OVERALL: list(factors)}
    links = {str(k): str(v) for k, v in dict(parents).items()}
    groups = set(links.values())
    clash = sorted(groups & set(factors))
    if clash:
        raise InputError(f"The 'parents' parameter of {func} uses factor(s) {clash} as groups; a factor is a row of "
                         "R and cannot have children.")
    unknown = sorted(set(links) - set(factors) - groups)
    if unknown:
        raise InputError(f"The 'parents' parameter of {func} gives a parent to {unknown}, which are neither factors "
                         "(rows of R) nor groups.")
    if _OVERALL in links or _OVERALL in groups:
        raise InputError(f"The 'parents' parameter of {func} may not name a node {_OVERALL!r} (the top of the tree).")
    for start in links:
        seen, node = {start}, start
        while node in links:
            node = links[node]
            if node in seen:
                raise InputError(f"The 'parents' parameter of {func} has a cycle through {node!r}.")
            seen.add(node)
    children: dict[str, list[str]] = {_OVERALL: []}
    for node in [*factors, *sorted(groups, key=list(links.values()).index)]:
        parent = links.get(node, _OVERALL)
        children.setdefault(parent, []).append(node)
    return children


def fuzzy_comprehensive(R: Any, weights: Any, operator: str = "M(·,+)", *, parents: Mapping[Any, Any] | None = None,
                        grade_scores: Any = None, normalize: bool = True) -> FuzzyEvaluationResult:
    """Fuzzy comprehensive evaluation B = a ∘ R, one level or up a tree of factor groups.

    Parameters
    ----------
    R : membership matrix, a DataFrame with one row per factor (index = factor id) and one column per grade
        (e.g. 优, 良, 中, 差, best first), or a 2-D array. Entries in [0, 1]; each row sums to 1 (within
        :data:`ROW_SUM_TOL`). Build it from evaluators' ratings with :func:`membership_matrix`.
    weights : without ``parents``: one weight per factor (a sequence in row order or a mapping keyed by factor).
        With ``parents``: a mapping (or Series) giving every factor its weight within its group and every group its
        weight within its parent group (or at the top). Weights are rescaled to sum to 1 within each group.
    operator : ``"M(·,+)"`` (weighted average, default), ``"M(∧,∨)"``, ``"M(·,∨)"`` or ``"M(∧,⊕)"``; the ASCII
        spellings ``"M(*,+)"``, ``"M(min,max)"``, ``"M(*,max)"``, ``"M(min,bsum)"`` are accepted.
    parents : the tree, ``{factor or group: parent group}``; nodes without a parent sit at the top. ``None``: one
        level.
    grade_scores : the score of each grade, e.g. ``{"优": 95, "良": 85, "中": 75, "差": 60}`` (or a sequence in
        the grades' order); gives the result a score S = Σ b_j v_j / Σ b_j.
    normalize : rescale every evaluation vector B to sum to 1 before it is used at the next level.

    Returns
    -------
    FuzzyEvaluationResult

    Raises
    ------
    InputError : a membership outside [0, 1] or a row not summing to 1 (naming the factor); a missing or negative
        weight (naming the factor or group); a tree with a cycle or unknown nodes; grade scores that do not match
        the grades; an unknown operator.

    Examples
    --------
    >>> R = [[0.1, 0.5, 0.4, 0, 0], [0.2, 0.5, 0.2, 0.1, 0], [0.2, 0.5, 0.3, 0, 0], [0.2, 0.6, 0.2, 0, 0]]
    >>> fuzzy_comprehensive(R, [0.25, 0.2, 0.25, 0.3]).membership.round(3).tolist()
    [0.175, 0.53, 0.275, 0.02, 0.0]
    """
    func = "fuzzy_comprehensive"
    text = str(operator).replace(" ", "")
    operator = text if text in FUZZY_OPERATORS else _OPERATOR_ALIASES.get(text.upper(), str(operator))
    check_option(operator, FUZZY_OPERATORS, name="operator", func=func)
    memberships = _membership(R, func)
    factors = list(memberships.index)
    grades = memberships.columns
    children = _tree(factors, parents, func)
    if parents is not None and not isinstance(weights, (Mapping, pd.Series)):
        raise InputError(f"The 'weights' parameter of {func} must be a mapping {{factor or group: weight}} when "
                         "'parents' describes a tree; a list cannot say which weight belongs to which node.")
    nodes = [n for n in children if n != _OVERALL]
    w = _local_weights(weights, factors + nodes if parents is not None else factors, func)
    vectors: dict[str, np.ndarray] = {f: memberships.loc[f].to_numpy() for f in factors}

    def evaluate(node: str) -> np.ndarray:
        kids = children[node]
        rows = np.vstack([vectors[k] if k in vectors else evaluate(k) for k in kids])
        a = np.array([w[k] for k in kids])
        if not a.sum() > 0:
            raise InputError(f"{func}: the weights within a group must not all be 0", location={"group": node})
        b = _compose(a / a.sum(), rows, operator)
        if normalize and b.sum() > 0:
            b = b / b.sum()
        vectors[node] = b
        return b

    overall = evaluate(_OVERALL)
    scores = None
    if grade_scores is not None:
        values = by_label(grade_scores, grades, name="grade_scores", func=func, what="grade", entry="score")
        try:
            scores = pd.Series(np.array(values, dtype=float), index=grades.copy(), name="grade_score")
        except (TypeError, ValueError):
            raise InputError(f"The 'grade_scores' parameter of {func} must hold numbers; got "
                             f"{shown_value(values)}.") from None
        if not np.isfinite(scores.to_numpy()).all():
            raise InputError(f"The 'grade_scores' parameter of {func} must hold finite numbers.")
    order = [*nodes, _OVERALL]
    table = pd.DataFrame(np.vstack([vectors[n] for n in order]), index=pd.Index(order, name="node"), columns=grades)
    b = table.to_numpy()
    table["grade"] = [str(grades[j]) for j in b.argmax(axis=1)]
    score = None
    if scores is not None:
        totals = b.sum(axis=1)
        table["score"] = np.where(totals > 0, (b @ scores.to_numpy()) / np.where(totals > 0, totals, 1.0), np.nan)
        score = float(table.loc[_OVERALL, "score"])
    membership = pd.Series(overall, index=grades.copy(), name="membership")
    return FuzzyEvaluationResult(membership=membership, grade=str(table.loc[_OVERALL, "grade"]), score=score,
                                 levels=table, operator=operator, grade_scores=scores)


def membership_matrix(data: Any, *, grades: Any = None, factor: str | None = None,
                      grade: str | None = None) -> pd.DataFrame:
    """The membership matrix R from evaluators' ratings: r_ij = n_ij / Σ_j n_ij.

    Parameters
    ----------
    data : either a table of counts (a DataFrame with one row per factor and one column per grade, cell = number
        of evaluators choosing that grade, or a 2-D array), or — with ``factor`` and ``grade`` — a long table of
        ratings with one row per evaluator and factor.
    grades : the grades in order, best first (e.g. ``["优", "良", "中", "差"]``). For a long table, grades nobody
        chose get membership 0 and a rating outside them is an error; default: the grades in order of
        appearance. For a counts table, reorders (and checks) its columns.
    factor, grade : the columns of the long table holding the factor id and the grade chosen.

    Returns
    -------
    DataFrame
        Factors × grades, each row summing to 1.

    Raises
    ------
    InputError : a negative, missing or non-numeric count (naming factor and grade); a factor nobody rated; a
        rating outside ``grades`` (naming the row); missing columns.

    Examples
    --------
    >>> membership_matrix(pd.DataFrame({"优": [2, 0], "良": [6, 5], "中": [2, 5]}, index=["质量", "时效"]))
    grade      优   良   中
    factor
    质量      0.2  0.6  0.2
    时效      0.0  0.5  0.5
    """
    func = "membership_matrix"
    if (factor is None) != (grade is None):
        raise InputError(f"{func}: give both 'factor' and 'grade' (the columns of a long ratings table), or "
                         "neither (a table of counts).")
    order = None if grades is None else [str(g) for g in grades]
    if factor is not None:
        if not isinstance(data, pd.DataFrame):
            raise InputError(f"The 'data' parameter of {func} must be a DataFrame of ratings; got "
                             f"{type(data).__name__}.")
        check_columns(data, [factor, grade], name="data", func=func)
        chosen = data[grade].astype("string").str.strip()
        missing = chosen.isna() | (chosen == "")
        if missing.any():
            raise InputError(f"{func}: a rating has no grade", location={"row": int(np.flatnonzero(missing)[0]) + 1,
                                                                        "column": grade})
        if order is not None:
            outside = ~chosen.isin(order)
            if outside.any():
                pos = int(np.flatnonzero(outside)[0])
                raise InputError(f"{func}: the grade {chosen.iloc[pos]!r} is not one of {order}",
                                 location={"row": pos + 1, "column": grade})
        labels = order if order is not None else list(dict.fromkeys(chosen))
        ids = data[factor].astype("string").str.strip()
        no_id = ids.isna() | (ids == "")
        if no_id.any():
            raise InputError(f"{func}: a rating names no factor", location={"row": int(np.flatnonzero(no_id)[0]) + 1,
                                                                           "column": factor})
        counts = pd.crosstab(pd.Categorical(ids, categories=list(dict.fromkeys(ids))),
                             pd.Categorical(chosen, categories=labels), dropna=False)
        counts.index = pd.Index([str(i) for i in counts.index], name="factor")
        counts.columns = pd.Index([str(c) for c in counts.columns], name="grade")
        values = counts.to_numpy(dtype=float)
    else:
        counts = data
        if isinstance(data, pd.DataFrame) and order is not None:
            counts = data.rename(columns=str)
            check_columns(counts, order, name="data", func=func)
            counts = counts[order]
        elif order is not None and np.ndim(data) == 2:
            arr = np.asarray(data, dtype=object)
            if len(order) != arr.shape[1]:
                raise InputError(f"The 'grades' parameter of {func} names {len(order)} grades; the counts have "
                                 f"{arr.shape[1]} columns.")
            counts = pd.DataFrame(arr, index=[f"u{i + 1}" for i in range(arr.shape[0])], columns=order)
        counts = check_table(counts, name="data", func=func, row_label="factor", column_label="grade",
                             row_names="u{}", column_names="v{}", value_label="count", low=0.0)
        values = counts.to_numpy()
    totals = values.sum(axis=1)
    if (totals <= 0).any():
        i = int(np.flatnonzero(totals <= 0)[0])
        raise InputError(f"{func}: no evaluator rated this factor, so its memberships are undefined",
                         location={"factor": counts.index[i]})
    return pd.DataFrame(values / totals[:, None], index=counts.index.copy(), columns=counts.columns.copy())

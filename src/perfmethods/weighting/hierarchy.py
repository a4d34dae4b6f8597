"""AHP hierarchies: local weights at each node → global weights of the leaves, and into indicator frameworks.

A hierarchy is given as pairwise matrices keyed by the node whose children they compare: the root's matrix
compares the level-1 criteria, each criterion's matrix compares its sub-criteria, and so on. A node's
**global weight** is the product of the local weights on its path from the root (hierarchic composition,
Saaty's distributive mode). When the same leaf name appears under several parents — alternatives compared
under every criterion, as in Saaty's cities example — its global weights are summed
(global_alt = Σ_k w_criterion_k · local_alt_k).

:func:`weight_framework` does this for an :class:`~perfmethods.indicators.IndicatorFramework` (level 1 → level 2
→ leaf indicators) and writes the global weights back as points (分值) with ``framework.with_points`` on the
framework's scale (``total``, normally 100).

Why hand-written: the tree is small and the arithmetic is products along paths; the value is in validating
that each matrix's labels are exactly the node's children and in reporting every local CR.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.i18n import translator
from perfmethods.model.framework import IndicatorFramework
from perfmethods.results import Result
from perfmethods.validation import check_language
from perfmethods.weighting._checks import check_pairwise
from perfmethods.weighting.analytic_hierarchy import CR_THRESHOLD, AHPResult, ahp

__all__ = ["HierarchyResult", "ahp_hierarchy", "weight_framework"]


@dataclass(frozen=True, repr=False)
class HierarchyResult(Result):
    """Local and global weights of a hierarchy.

    Attributes
    ----------
    nodes : one row per node below the root: ``path`` (names joined by " / "), ``node``, ``parent``, ``level``
        (1 = child of the root), ``local`` weight, ``global`` weight, ``is_leaf``, ``source`` (``"ahp"``, or
        ``"points"``/``"single"`` in frameworks), ``parent_cr``.
    leaf_weights : Series of global weights by leaf name (summed over paths), summing to 1.
    local : {node: AHPResult} of every matrix. framework : the framework with the new points
        (:func:`weight_framework` only).
    """

    nodes: pd.DataFrame
    leaf_weights: pd.Series
    local: dict[str, AHPResult] = field(repr=False)
    framework: IndicatorFramework | None = field(default=None, repr=False)

    def summary(self) -> pd.DataFrame:
        return self.nodes.copy()

    def consistency(self) -> pd.DataFrame:
        """One row per matrix: node, n, λmax, CR, consistent."""
        return pd.DataFrame([{"node": k, "n": r.n, "lambda_max": r.lambda_max, "cr": r.cr,
                              "is_consistent": r.is_consistent, "ri_table": r.ri_table} for k, r in self.local.items()])

    def to_dict(self) -> dict[str, Any]:
        nodes = self.nodes.astype(object).where(self.nodes.notna(), None)
        return {"nodes": [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
                          for r in nodes.to_dict(orient="records")],
                "leaf_weights": {str(k): float(v) for k, v in self.leaf_weights.items()},
                "local": {k: r.to_dict() for k, r in self.local.items()}}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the leaves' global weights."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.weighting.hierarchy.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 0.35 * len(self.leaf_weights) + 1.2))
        w = self.leaf_weights.sort_values()
        ax.barh([str(x) for x in w.index], w.to_numpy(), color="#8172B2")
        ax.set_xlabel(tr("x"))
        return ax


def _local(matrix: Any, node: str, children: list[str] | None, method: str, ri: Any, cr_threshold: float
           ) -> AHPResult:
    _, lab, batched = check_pairwise(matrix)
    if batched:
        raise InputError(f"node {node!r}: give one matrix, not a stack")
    if lab is None:
        raise InputError(f"node {node!r}: the matrix needs labels (a DataFrame with the children as index and columns)")
    if children is not None and set(lab) != set(children):
        raise InputError(f"node {node!r}: the matrix compares {list(lab)}, but the node's children are {children}; "
                         f"missing {sorted(set(children) - set(lab))}, unknown {sorted(set(lab) - set(children))}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        res = ahp(matrix, method=method, ri=ri, cr_threshold=cr_threshold)  # type: ignore[arg-type]
    return res


def _warn_inconsistent(local: dict[str, AHPResult], cr_threshold: float) -> None:
    bad = {k: round(float(r.cr), 3) for k, r in local.items() if not r.is_consistent}
    if bad:
        warnings.warn(f"inconsistent judgments (CR ≥ {cr_threshold:g}) at node(s) {bad}", ConsistencyWarning,
                      stacklevel=3)


def ahp_hierarchy(
    matrices: Mapping[str, Any],
    *,
    root: str = "goal",
    method: Literal["eigenvector", "geometric", "arithmetic"] = "eigenvector",
    ri: str | Mapping[int, float] = "saaty",
    cr_threshold: float = CR_THRESHOLD.value,
) -> HierarchyResult:
    """Global weights of a hierarchy of pairwise matrices.

    Parameters
    ----------
    matrices : {node: labelled pairwise matrix of its children} (DataFrames, e.g. from
        :func:`perfmethods.weighting.pairwise_matrix`). ``matrices[root]`` compares the top criteria; a child with
        its own entry is an inner node, a child without one is a leaf.
    root : the key of the top matrix (default ``"goal"``).
    method, ri, cr_threshold : as in :func:`perfmethods.weighting.ahp`, for every matrix.

    Returns
    -------
    HierarchyResult

    Raises
    ------
    InputError : no matrix for ``root``, an unlabelled matrix, a cycle, or matrices never reached from the root.

    Warns
    -----
    ConsistencyWarning : one warning listing every node whose CR ≥ threshold.
    """
    if root not in matrices:
        raise InputError(f"no matrix for the root {root!r}; keys are {list(matrices)}")
    local: dict[str, AHPResult] = {}
    rows: list[dict[str, Any]] = []

    def visit(node: str, path: tuple[str, ...], weight: float, level: int) -> None:
        if node in path[:-1]:
            raise InputError(f"the hierarchy has a cycle through {node!r}: {' / '.join(path)}")
        res = local.get(node) or _local(matrices[node], node, None, method, ri, cr_threshold)
        local[node] = res
        for child, w in res.weights.items():
            child = str(child)
            g = weight * float(w)
            is_leaf = child not in matrices
            rows.append({"path": " / ".join((*path[1:], child)), "node": child, "parent": node, "level": level,
                         "local": float(w), "global": g, "is_leaf": is_leaf, "source": "ahp",
                         "parent_cr": float(res.cr)})
            if not is_leaf:
                visit(child, (*path, child), g, level + 1)

    visit(root, (root,), 1.0, 1)
    unused = sorted(set(matrices) - set(local))
    if unused:
        raise InputError(f"matrices {unused} are not reached from the root {root!r}; check the node names")
    _warn_inconsistent(local, cr_threshold)
    nodes = pd.DataFrame(rows)
    leaves = nodes[nodes["is_leaf"]].groupby("node", sort=False)["global"].sum()
    leaves.index.name = "leaf"
    return HierarchyResult(nodes=nodes, leaf_weights=leaves.rename("weight"), local=local)


def weight_framework(
    framework: IndicatorFramework,
    *,
    level1: Any = None,
    level2: Mapping[str, Any] | None = None,
    leaves: Mapping[Any, Any] | None = None,
    total: float | None = None,
    method: Literal["eigenvector", "geometric", "arithmetic"] = "eigenvector",
    ri: str | Mapping[int, float] = "saaty",
    cr_threshold: float = CR_THRESHOLD.value,
) -> HierarchyResult:
    """AHP weights for an indicator framework's tree, written back as points (分值).

    Parameters
    ----------
    framework : the framework (level 1 → level 2 → leaf indicators).
    level1 : matrix comparing the level-1 indicators (labels = level-1 names).
    level2 : {level-1 name: matrix comparing its level-2 indicators}.
    leaves : {level-2 name, or (level-1, level-2) when a level-2 name repeats: matrix comparing its leaves by id}.
    total : the points scale of the result (default the framework's ``total``).
    method, ri, cr_threshold : as in :func:`perfmethods.weighting.ahp`.

    A group without a matrix keeps the relative points it has in the framework (``source = "points"``); a group
    with a single member gives it the whole weight (``"single"``).

    Returns
    -------
    HierarchyResult
        ``framework`` is ``framework.with_points(global × total)`` (with ``total`` set); ``leaf_weights`` are by
        indicator id.

    Raises
    ------
    InputError : a matrix whose labels are not exactly the group's members, a key that is not a group of the
        framework, or a group without a matrix whose points are all zero.
    """
    if not isinstance(framework, IndicatorFramework):
        raise InputError(f"The 'framework' parameter of weight_framework must be an IndicatorFramework; got "
                         f"{type(framework).__name__}.")
    tree = framework.tree()
    pts = framework.points()
    level2 = dict(level2 or {})
    leaves = dict(leaves or {})
    unknown1 = sorted(set(level2) - set(tree))
    if unknown1:
        raise InputError(f"'level2' has keys {unknown1} that are not level-1 indicators {list(tree)}")
    leaf_keys: dict[tuple[str, str], Any] = {}
    for key, m in leaves.items():
        if isinstance(key, tuple):
            if key[0] not in tree or key[1] not in tree[key[0]]:
                raise InputError(f"'leaves' key {key!r} is not a (level-1, level-2) group of the framework")
            leaf_keys[(str(key[0]), str(key[1]))] = m
        else:
            owners = [l1 for l1, subs in tree.items() if key in subs]
            if not owners:
                raise InputError(f"'leaves' key {key!r} is not a level-2 indicator of the framework")
            if len(owners) > 1:
                raise InputError(f"level-2 name {key!r} appears under {owners}; key 'leaves' by (level-1, level-2)")
            leaf_keys[(owners[0], str(key))] = m
    local: dict[str, AHPResult] = {}

    def group(name: str, members: list[str], matrix: Any, member_points: list[float]) -> tuple[np.ndarray, str, float]:
        if len(members) == 1:
            return np.ones(1), "single", np.nan
        if matrix is None:
            p = np.asarray(member_points, dtype=float)
            if p.sum() <= 0:
                raise InputError(f"group {name!r} has no matrix and its points are all zero; give a matrix")
            return p / p.sum(), "points", np.nan
        res = _local(matrix, name, members, method, ri, cr_threshold)
        local[name] = res
        return res.weights.reindex(members).to_numpy(dtype=float), "ahp", float(res.cr)

    rows: list[dict[str, Any]] = []
    l1_names = list(tree)
    l1_points = [float(sum(pts[i] for subs in tree[l1].values() for i in subs)) for l1 in l1_names]
    w1, src1, cr1 = group("level1", l1_names, level1, l1_points)
    for a_, l1 in enumerate(l1_names):
        rows.append({"path": l1, "node": l1, "parent": "", "level": 1, "local": w1[a_], "global": w1[a_],
                     "is_leaf": False, "source": src1, "parent_cr": cr1})
        subs = list(tree[l1])
        sub_points = [float(sum(pts[i] for i in tree[l1][s])) for s in subs]
        w2, src2, cr2 = group(l1, subs, level2.get(l1), sub_points)
        for b_, l2 in enumerate(subs):
            g2 = w1[a_] * w2[b_]
            rows.append({"path": f"{l1} / {l2}", "node": l2, "parent": l1, "level": 2, "local": w2[b_], "global": g2,
                         "is_leaf": False, "source": src2, "parent_cr": cr2})
            ids = tree[l1][l2]
            w3, src3, cr3 = group(f"{l1} / {l2}", ids, leaf_keys.get((l1, l2)), [float(pts[i]) for i in ids])
            for c_, leaf in enumerate(ids):
                rows.append({"path": f"{l1} / {l2} / {leaf}", "node": leaf, "parent": l2, "level": 3,
                             "local": w3[c_], "global": g2 * w3[c_], "is_leaf": True, "source": src3,
                             "parent_cr": cr3})
    _warn_inconsistent(local, cr_threshold)
    nodes = pd.DataFrame(rows)
    leaf = nodes[nodes["is_leaf"]].set_index("node")["global"]
    leaf.index.name = "id"
    scale = float(framework.total if total is None else total)
    if not (np.isfinite(scale) and scale > 0):
        raise InputError(f"The 'total' parameter of weight_framework must be a positive number; got {total!r}.")
    new = framework.with_points(leaf * scale)
    from dataclasses import replace

    new = replace(new, total=scale)
    return HierarchyResult(nodes=nodes, leaf_weights=leaf.rename("weight"), local=local, framework=new)

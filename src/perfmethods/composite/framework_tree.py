"""The framework tree of a composite index: indicators → dimensions (→ …) → the index, with a weight per node.

Step 1 of the JRC ten-step guide (the theoretical framework) as data: which indicators make which dimension
(维度 / 二级指标), which dimensions make the index, and how much each weighs within its group. COINr's ``iMeta``
holds the same (``Level``, ``Parent``, ``Weight``; bluefoxr/COINr@b9682034 ``R/new_coin.R``).

A tree is built from what a finance bureau has at hand:

* nothing: every indicator directly under the index;
* a :class:`~perfmethods.model.IndicatorFramework` (the 10号 three-level table): leaf → 二级指标 → 一级指标 →
  index; the weights are its points (分值), a group weighing the sum of its members' points;
* a mapping ``{indicator: group}`` or ``{indicator: [group, supergroup, ...]}`` (lowest level first);
* a DataFrame indexed by indicator id whose columns are the ancestor levels, lowest first.

Weights are relative within each group: an aggregate uses w_i / Σ_{j in group} w_j (COINr). A node not given a
weight weighs 1 (equal weights), except in an IndicatorFramework, where the points decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.model.framework import IndicatorFramework
from perfmethods.validation import by_label, check_weights

__all__ = ["FrameworkTree"]

ROOT = "index"


@dataclass(frozen=True)
class FrameworkTree:
    """A balanced tree of indicators and aggregates with nominal weights.

    Attributes
    ----------
    levels : the node names per level; ``levels[0]`` are the indicators, ``levels[-1] == (root,)``.
    parent : ``{node: parent}`` for every node but the root.
    weights : nominal weight of every node but the root (relative within its group).
    root : the name of the index (``"index"``).
    """

    levels: tuple[tuple[str, ...], ...]
    parent: dict[str, str]
    weights: pd.Series
    root: str = ROOT

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator ids (level 1), in data order."""
        return self.levels[0]

    @property
    def aggregates(self) -> tuple[str, ...]:
        """Every aggregate node, lowest level first, the index last."""
        return tuple(n for level in self.levels[1:] for n in level)

    def membership(self, level: int) -> np.ndarray:
        """For the nodes of ``levels[level - 1]``, the position of their parent in ``levels[level]``."""
        parents = {name: k for k, name in enumerate(self.levels[level])}
        return np.array([parents[self.parent[c]] for c in self.levels[level - 1]], dtype=int)

    def level_of(self, node: str) -> int:
        """The level of ``node``: 1 for an indicator, ``len(levels)`` for the index."""
        for k, names in enumerate(self.levels):
            if node in names:
                return k + 1
        raise InputError(f"'{node}' is not a node of the framework; its nodes are "
                         f"{[n for lv in self.levels for n in lv][:12]}")

    def to_frame(self) -> pd.DataFrame:
        """One row per node: node, level, parent, nominal weight and the weight's share within its group."""
        rows = []
        for k, names in enumerate(self.levels[:-1]):
            for name in names:
                group = self.parent[name]
                total = sum(float(self.weights[c]) for c in names if self.parent[c] == group)
                rows.append({"node": name, "level": k + 1, "parent": group, "weight": float(self.weights[name]),
                             "share": float(self.weights[name]) / total})
        return pd.DataFrame(rows)

    def with_weights(self, weights: Any) -> FrameworkTree:
        """A copy with new nominal weights (by node name, or an array in indicator order)."""
        return FrameworkTree(self.levels, dict(self.parent), _weights(weights, self.levels, self.parent,
                                                                     self.weights), self.root)

    @classmethod
    def build(cls, indicators: Sequence[str], framework: Any = None, weights: Any = None) -> FrameworkTree:
        """The tree for ``indicators`` from a framework description and weights (see the module docstring).

        Parameters
        ----------
        indicators : the indicator ids of the data, in column order.
        framework : ``None``, an IndicatorFramework, a FrameworkTree, a mapping or a DataFrame of groups.
        weights : ``None``, a Series / mapping by node name (indicators and groups), or an array in indicator
            order; values ≥ 0, at least one > 0 in every group.
        """
        ids = [str(i) for i in indicators]
        default: dict[str, float] = {}
        if isinstance(framework, FrameworkTree):
            _same_indicators(ids, list(framework.indicators))
            return framework if weights is None else framework.with_weights(weights)
        if framework is None:
            chains = {i: [] for i in ids}
        elif isinstance(framework, IndicatorFramework):
            level2 = {}
            for ind in framework:
                level2.setdefault(ind.level2, set()).add(ind.level1)
            chains = {}
            for ind in framework:
                name2 = ind.level2 if len(level2[ind.level2]) == 1 else f"{ind.level1}/{ind.level2}"
                chains[ind.id] = [name2, ind.level1]
            points = framework.points()
            default = {str(k): float(v) for k, v in points.items()}
            for ind in framework:
                for node in chains[ind.id]:
                    default[node] = default.get(node, 0.0) + float(ind.points)
        elif isinstance(framework, pd.DataFrame):
            frame = framework.copy()
            frame.index = frame.index.map(str)
            chains = {i: [str(v) for v in row] for i, row in zip(frame.index, frame.to_numpy(), strict=True)}
        elif isinstance(framework, Mapping):
            chains = {str(k): ([str(v)] if isinstance(v, (str, int, np.integer)) else [str(x) for x in v])
                      for k, v in framework.items()}
        else:
            raise InputError("The 'framework' parameter must be None, an IndicatorFramework, a mapping "
                             "{indicator: group} or a DataFrame of groups; got "
                             f"{type(framework).__name__} instead.")
        _same_indicators(ids, list(chains))
        depths = {len(c) for c in chains.values()}
        if len(depths) > 1:
            short = min(chains, key=lambda k: len(chains[k]))
            raise InputError("every indicator must sit at the same depth of the framework (a balanced tree); "
                             f"indicator '{short}' has {len(chains[short])} group level(s), others "
                             f"{max(depths)}")
        depth = depths.pop()
        parent: dict[str, str] = {}
        levels: list[tuple[str, ...]] = [tuple(ids)]
        for k in range(depth + 1):
            names: list[str] = []
            for i in ids:  # the node of indicator i at level k and its parent at level k + 1
                node = i if k == 0 else chains[i][k - 1]
                up = chains[i][k] if k < depth else ROOT
                if parent.setdefault(node, up) != up:
                    raise InputError(f"group '{node}' sits under both '{parent[node]}' and '{up}'; a group has one "
                                     "parent")
                if up not in names:
                    names.append(up)
            levels.append(tuple(names))
        seen: dict[str, int] = {}
        for k, names in enumerate(levels):
            for name in names:
                if name in seen and seen[name] != k:
                    raise InputError(f"the name '{name}' is used at two levels of the framework (an indicator and "
                                     "a group, or two group levels, or the index itself); rename one")
                seen[name] = k
        tree_levels = tuple(levels)
        base = pd.Series({n: default.get(n, 1.0) for lv in tree_levels[:-1] for n in lv}, dtype=float)
        return cls(tree_levels, parent, _weights(weights, tree_levels, parent, base), ROOT)


def _same_indicators(ids: list[str], named: list[str]) -> None:
    extra = [i for i in named if i not in ids]
    missing = [i for i in ids if i not in named]
    if extra or missing:
        parts = []
        if missing:
            parts.append(f"the data's indicators {missing} are not in the framework")
        if extra:
            parts.append(f"the framework's indicators {extra} are not in the data")
        raise InputError("; ".join(parts) + "; the framework and the data must list the same indicator ids")


def _weights(weights: Any, levels: tuple[tuple[str, ...], ...], parent: dict[str, str],
             base: pd.Series) -> pd.Series:
    nodes = [n for lv in levels[:-1] for n in lv]
    out = base.reindex(nodes).astype(float).copy()
    if weights is not None:
        w = getattr(weights, "weights", weights)
        if isinstance(w, (Mapping, pd.Series)):
            given = {str(k): v for k, v in dict(w).items()}
            unknown = sorted(set(given) - set(nodes))
            if unknown:
                raise InputError(f"The 'weights' name nodes that are not in the framework: {unknown}; the "
                                 f"indicators are {list(levels[0])[:12]} and the groups "
                                 f"{[n for lv in levels[1:-1] for n in lv][:12]}")
        else:
            given = dict(zip(levels[0], by_label(w, levels[0], name="weights", entry="weight"), strict=True))
        for what, names in (("indicator", [n for n in given if n in levels[0]]),
                            ("group", [n for n in given if n not in levels[0]])):
            out[names] = check_weights([given[n] for n in names], names, what=what)
    for k, names in enumerate(levels[1:]):
        for group in names:
            members = [c for c in levels[k] if parent[c] == group]
            if not out[members].sum() > 0:
                raise InputError(f"every weight in group '{group}' is zero; at least one member needs a weight > 0",
                                 location={"group": group})
    out.index.name = "node"
    out.name = "weight"
    return out

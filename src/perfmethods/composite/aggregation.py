"""Aggregation (合成 / 加权汇总): indicators → dimensions → index, level by level over a framework tree.

Step 7 of the JRC ten-step guide (OECD/JRC 2008, *Handbook on Constructing Composite Indicators*, §1.7 and
§6.2). Every aggregate is the weighted generalised (power) mean of its members,

    M_p(x; w) = (Σ_i w_i x_i^p / Σ_i w_i)^(1/p),      M_0(x; w) = exp(Σ_i w_i ln x_i / Σ_i w_i),

with p = 1 the arithmetic mean (fully compensatory), p = 0 the geometric mean (partly compensatory: a low
value is harder to make up), p = −1 the harmonic mean; any p may be given. By the power-mean inequality
M_p is non-decreasing in p (Hardy, Littlewood & Pólya 1952, *Inequalities*, theorem 16).

Weights are relative within each group (COINr: w_i / Σ_{j in group} w_j). Missing values are skipped: the
weights of the members present are rescaled. With a data-availability threshold ``threshold`` (COINr's
``dat_thresh``), a unit whose share of members present in a group is below the threshold gets no value for
that group (bluefoxr/COINr@b9682034 ``R/aggregate.R``; ``tests/testthat/test-aggregate.R`` l.124).

The geometric and harmonic means (any p ≤ 0) need values > 0, and any other p ≠ 1 values ≥ 0; normalise
onto e.g. min–max (1, 100) first (COINr issues #47 and #65).

One function, :func:`aggregate_batch`, does the arithmetic for one weight vector or for thousands at once
(a (runs × nodes) weight array; the Monte Carlo and Sobol analyses use it): each group is one matrix product
of the transformed member values with the runs' member weights. Hand-written because no library aggregates over
a weighted tree with missing values and a batch of weight vectors.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from perfmethods.composite._frames import as_frame
from perfmethods.composite.framework_tree import FrameworkTree
from perfmethods.errors import InputError
from perfmethods.validation import check_number, check_option, shown_value

__all__ = ["AGGREGATIONS", "aggregate", "aggregate_batch", "effective_weights", "generalised_mean", "index_batch"]

#: The named aggregation methods and their power p (``"generalised"`` takes ``p``).
AGGREGATIONS: dict[str, float | None] = {"arithmetic": 1.0, "geometric": 0.0, "harmonic": -1.0,
                                         "generalised": None}


def check_aggregation(method: Any, p: Any = None, *, func: str = "aggregate") -> float:
    """The power p of an aggregation choice: a method name (with ``p`` for ``"generalised"``) or a mapping.

    Parameters
    ----------
    method : ``"arithmetic"``, ``"geometric"``, ``"harmonic"``, ``"generalised"`` or ``{"method": ..., "p": ...}``.
    p : the power of the generalised mean.
    func : the public function's name, for messages.
    """
    if isinstance(method, dict):
        p = method.get("p", p)
        method = method.get("method", "arithmetic")
    check_option(method, AGGREGATIONS, name="method", func=func)
    fixed = AGGREGATIONS[method]
    if fixed is not None:
        if p is not None and float(p) != fixed:
            raise InputError(f"The 'p' parameter of {func} applies to method 'generalised' only; the "
                             f"{method} mean has p = {fixed:g}.")
        return fixed
    if p is None:
        raise InputError(f"The 'generalised' method of {func} needs the power 'p' (e.g. p=0.5).")
    return _power(check_number(p, name="p", func=func, low=-50, high=50))


def _power(p: float) -> float:
    """p, with |p| < 1e-9 taken as 0: M_p tends to the geometric mean, and p ln x would underflow."""
    return 0.0 if abs(float(p)) < 1e-9 else float(p)


def _phi(values: np.ndarray, p: float) -> np.ndarray:
    """The generator of M_p: x (p = 1), ln x (p = 0), x^p otherwise, or x^p − 1 = expm1(p ln x) for |p| < 1.

    Subtracting 1 does not change a weighted mean's inverse (the weights sum to 1 after rescaling) and keeps M_p
    accurate as p → 0, where x^p → 1 and (mean x^p)^(1/p) would lose every digit; for |p| ≥ 1 the plain power is
    the accurate one (x^p − 1 would cancel when x^p is small).
    """
    if p == 1.0:
        return values
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if p == 0.0:
            return np.log(values)
        return np.expm1(p * np.log(values)) if abs(p) < 1.0 else np.power(values, p)


def _phi_inv(means: np.ndarray, p: float) -> np.ndarray:
    if p == 1.0:
        return means
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if p == 0.0:
            return np.exp(means)
        return np.exp(np.log1p(means) / p) if abs(p) < 1.0 else np.power(means, 1.0 / p)


def check_domain(values: np.ndarray, p: float, units: Any, indicators: Any, *, what: str) -> None:
    """Raise when a value is outside the domain of the power-p mean, naming the indicator and unit.

    Parameters
    ----------
    values : units × indicators array (NaN = missing).
    p : the power.
    units, indicators : the labels of the rows and columns.
    what : how the caller names the values (for the message).
    """
    if p == 1.0:
        return
    bad = np.argwhere(values <= 0) if p <= 0 else np.argwhere(values < 0)
    if bad.size:
        i, j = bad[0]
        name = {0.0: "geometric", -1.0: "harmonic"}.get(p, f"generalised (p = {p:g})")
        need = "> 0" if p <= 0 else ">= 0"
        raise InputError(f"the {name} mean needs {what} {need}; got {shown_value(values[i, j])} (normalise onto a "
                         "positive range first, e.g. min-max with range (1, 100))",
                         location={"indicator": str(indicators[j]), "unit": str(units[i])})


def aggregate_batch(values: np.ndarray, tree: FrameworkTree, weights: np.ndarray, p: float,
                    threshold: float | None = None) -> np.ndarray:
    """Every aggregate of every unit for a batch of weight vectors: an array (runs, units, aggregates).

    Parameters
    ----------
    values : units × indicators (in ``tree.indicators`` order), NaN = missing, already in the domain of p.
    tree : the framework tree.
    weights : (runs, nodes) weights in the order of ``tree.weights.index`` (all nodes but the index); a weight of
        0 excludes a node.
    p : the power of the mean (1 arithmetic, 0 geometric, −1 harmonic).
    threshold : the least share of a group's (non-excluded) members a unit must have to get a value.

    Returns
    -------
    ndarray (runs, units, len(tree.aggregates)), in the order of ``tree.aggregates``.
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    runs, units = W.shape[0], values.shape[0]
    out = np.empty((runs, units, len(tree.aggregates)))
    position = {name: k for k, name in enumerate(tree.weights.index)}
    missing = np.isnan(values)
    T = np.where(missing, 0.0, _phi(values, p))
    present = (~missing).astype(float)
    any_missing = bool(missing.any())
    col = 0
    below: np.ndarray | None = None  # (runs, units, nodes of the level below) for levels above the first
    for level in range(1, len(tree.levels)):
        children = tree.levels[level - 1]
        member = tree.membership(level)
        w_level = W[:, [position[c] for c in children]]
        current = np.empty((runs, units, len(tree.levels[level])))
        for g in range(len(tree.levels[level])):
            idx = np.flatnonzero(member == g)
            w = w_level[:, idx]  # (runs, k)
            used = (w > 0).astype(float)
            if below is None:
                num = (T[:, idx] @ w.T).T  # (runs, units)
                if any_missing:
                    den = (present[:, idx] @ w.T).T
                    share = (present[:, idx] @ used.T).T / used.sum(axis=1)[:, None]
                else:
                    den = np.broadcast_to(w.sum(axis=1)[:, None], (runs, units))
                    share = None
            else:
                sub = below[:, :, idx]
                miss = np.isnan(sub)
                t = np.where(miss, 0.0, _phi(sub, p))
                num = np.einsum("ruk,rk->ru", t, w)
                have = (~miss).astype(float)
                den = np.einsum("ruk,rk->ru", have, w)
                share = np.einsum("ruk,rk->ru", have, used) / used.sum(axis=1)[:, None] if miss.any() else None
            with np.errstate(divide="ignore", invalid="ignore"):
                agg = _phi_inv(num / den, p)
            agg = np.where(den > 0, agg, np.nan)
            if threshold is not None and share is not None:
                agg = np.where(share >= threshold - 1e-12, agg, np.nan)
            current[:, :, g] = agg
        out[:, :, col:col + current.shape[2]] = current
        col += current.shape[2]
        below = current
    return out


def effective_weights(tree: FrameworkTree, weights: np.ndarray) -> np.ndarray:
    """Each indicator's share of the index: the product of its normalised weights up the tree, (runs, indicators).

    w_eff(i) = Π_levels w(a) / Σ_{siblings b of a} w(b) over i's ancestors a (i itself included). With one power
    p at every level and no missing values, M_p over the tree equals the flat M_p with these weights, because
    M_p(x_g)^p = Σ_{i in g} w_{i|g} x_i^p (p ≠ 0; the same with logarithms for p = 0).

    Parameters
    ----------
    tree : the framework tree.
    weights : (runs, nodes) in the order of ``tree.weights.index``.
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    position = {name: k for k, name in enumerate(tree.weights.index)}
    eff = np.ones((W.shape[0], len(tree.indicators)))
    ancestor = np.arange(len(tree.indicators))  # position of each indicator's ancestor within the current level
    for level in range(1, len(tree.levels)):
        member = tree.membership(level)
        w = W[:, [position[c] for c in tree.levels[level - 1]]]
        onehot = np.zeros((member.size, len(tree.levels[level])))
        onehot[np.arange(member.size), member] = 1.0
        share = w / (w @ onehot)[:, member]
        eff *= share[:, ancestor]
        ancestor = member[ancestor]
    return eff


def index_batch(values: np.ndarray, tree: FrameworkTree, weights: np.ndarray, p: float,
                threshold: float | None = None) -> np.ndarray:
    """The index score of every unit for a batch of weight vectors: (runs, units).

    Without missing values this is one matrix product with the :func:`effective_weights`; with missing values
    the tree is aggregated level by level (:func:`aggregate_batch`), since the weights are then rescaled within
    each group to the members present.

    Parameters
    ----------
    values : units × indicators (in ``tree.indicators`` order), NaN = missing, in the domain of p.
    tree : the framework tree.
    weights : (runs, nodes) in the order of ``tree.weights.index``.
    p : the power of the mean.
    threshold : the data-availability threshold.
    """
    if np.isnan(values).any():
        return aggregate_batch(values, tree, weights, p, threshold)[:, :, -1]
    eff = effective_weights(tree, weights)
    return _phi_inv((_phi(values, p) @ eff.T).T, p)


def aggregate(
    data: Any,
    framework: Any = None,
    *,
    weights: Any = None,
    method: str = "arithmetic",
    p: float | None = None,
    threshold: float | None = None,
) -> pd.DataFrame:
    """Aggregate normalised indicators over a framework tree: every dimension's score and the index.

    Parameters
    ----------
    data : units × indicators (DataFrame indexed by unit name, or a 2-D array), usually normalised; missing
        values are skipped.
    framework : the framework tree: ``None`` (all indicators under the index), an
        :class:`~perfmethods.model.IndicatorFramework`, a :class:`FrameworkTree`, a mapping ``{indicator: group}``
        or ``{indicator: [group, supergroup, ...]}``, or a DataFrame indexed by indicator with ancestor columns.
    weights : weights by node (a Series or mapping over indicators and groups, e.g. from
        :mod:`perfmethods.weighting`), or an array in indicator order; rescaled to sum to 1 within each group.
        Nodes without a weight weigh 1 (an IndicatorFramework's points when given one).
    method : ``"arithmetic"`` (default), ``"geometric"``, ``"harmonic"`` or ``"generalised"`` (with ``p``).
    p : the power of the generalised mean.
    threshold : data-availability threshold in (0, 1]: a unit with a smaller share of a group's members present
        gets no value (NaN) for that group (COINr ``dat_thresh``).

    Returns
    -------
    DataFrame
        Units × aggregates (the groups, lowest level first, then ``"index"``).

    Raises
    ------
    InputError
        Weights that do not match the framework; a value ≤ 0 for the geometric or harmonic mean (naming the
        indicator and the unit); a framework that does not list the data's indicators.

    References
    ----------
    OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, §6.2; COINr
    (bluefoxr/COINr@b9682034 ``R/aggregate.R``: ``a_amean``, ``a_gmean``, ``a_hmean``, ``a_genmean``,
    ``dat_thresh``).
    """
    func = "aggregate"
    frame = as_frame(data, func=func, min_units=1)
    power = check_aggregation(method, p, func=func)
    if threshold is not None:
        threshold = float(check_number(threshold, name="threshold", func=func, low=0.0, high=1.0, closed="right"))
    tree = FrameworkTree.build(frame.columns, framework, weights)
    values = frame[list(tree.indicators)].to_numpy(dtype=float)
    check_domain(values, power, frame.index, tree.indicators, what="every indicator value")
    out = aggregate_batch(values, tree, tree.weights.to_numpy()[None, :], power, threshold)[0]
    return pd.DataFrame(out, index=frame.index, columns=pd.Index(tree.aggregates, name="aggregate"))


def generalised_mean(values: Any, weights: Any = None, p: float = 1.0) -> np.ndarray | float:
    """The weighted power mean along the last axis, skipping missing values.

    M_p = (Σ w_i x_i^p / Σ w_i)^(1/p); M_0 = exp(Σ w_i ln x_i / Σ w_i) (geometric); p = −1 is the harmonic mean.

    Parameters
    ----------
    values : a vector, or an array whose last axis holds the values to average.
    weights : one weight ≥ 0 per value along the last axis (default equal); rescaled to sum to 1.
    p : the power (1 arithmetic, 0 geometric, −1 harmonic).

    Returns
    -------
    float or ndarray (the last axis removed).

    Examples
    --------
    >>> round(generalised_mean([1, 2, 3], [2, 1, 1], p=-1), 7)  # 4 / (2/1 + 1/2 + 1/3)
    1.4117647
    """
    p = _power(check_number(p, name="p", func="generalised_mean", low=-50, high=50))
    x = np.asarray(values, dtype=float)
    w = np.ones(x.shape[-1]) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (x.shape[-1],):
        raise InputError(f"The 'weights' of generalised_mean must give one weight per value ({x.shape[-1]}); got "
                         f"{w.size}")
    if not (np.isfinite(w).all() and (w >= 0).all() and w.sum() > 0):
        raise InputError(f"The 'weights' of generalised_mean must be numbers >= 0, not all zero; got "
                         f"{shown_value(w)}")
    x2 = x.reshape(-1, x.shape[-1])
    check_domain(x2, p, [f"row {i + 1}" for i in range(x2.shape[0])],
                 [f"position {j + 1}" for j in range(x2.shape[1])], what="values")
    missing = np.isnan(x)
    num = np.where(missing, 0.0, _phi(x, p)) @ w
    den = (~missing) @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, _phi_inv(num / den, p), np.nan)
    return float(out) if out.ndim == 0 else out

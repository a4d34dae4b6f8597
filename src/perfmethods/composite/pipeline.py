"""The composite index as a replayable pipeline: data → (treat) → normalise → aggregate, every choice recorded.

:class:`CompositeIndex` is a frozen record of the inputs (data, framework tree, weights, directions) and of the
steps with their options; its results (treated data, normalised data, every aggregate, scores and ranks) are
computed from that record when it is made. Each step returns a *new* index, so an analyst can keep the nominal
index and its variants side by side, and :meth:`CompositeIndex.regenerate` rebuilds the index with one choice
changed — COINr's ``Regen`` with a changed log entry (bluefoxr/COINr@b9682034 ``R/regen.R``, ``R/coin_regen.R``).
Because the record is all there is, an index is reproducible from its :attr:`~CompositeIndex.log`.

The steps always run in the order of the JRC ten-step guide (OECD/JRC 2008, steps 3, 5, 7): outlier treatment,
normalisation, aggregation; calling a step again replaces its options.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.composite._frames import as_frame
from perfmethods.composite.aggregation import aggregate_batch, check_aggregation, check_domain
from perfmethods.composite.framework_tree import FrameworkTree
from perfmethods.composite.normalisation import _normalise_values, check_normalisation
from perfmethods.composite.outliers import OutlierTreatment, treat_outliers
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.model.framework import IndicatorFramework, check_directions
from perfmethods.results import Result, json_records, json_scalar
from perfmethods.validation import check_language, check_number

__all__ = ["STEPS", "CompositeIndex", "rank_units"]

#: The pipeline's steps, in the order they run.
STEPS: tuple[str, ...] = ("treat", "normalise", "aggregate")


def rank_units(scores: np.ndarray) -> np.ndarray:
    """Ranks along the last axis: 1 = highest score, tied units share the best rank, missing scores NaN.

    Vectorised over any leading axes (one row per Monte Carlo run): one sort per row.

    Parameters
    ----------
    scores : array (..., units).
    """
    s = np.asarray(scores, dtype=float)
    flat = s.reshape(-1, s.shape[-1])
    key = -flat  # numpy sorts NaN last
    order = np.argsort(key, axis=1)
    ordered = np.take_along_axis(key, order, axis=1)
    rows, n = flat.shape
    tied = ordered[:, 1:] == ordered[:, :-1]
    if tied.any():  # tied units take the best (smallest) rank of their block
        start = np.where(np.concatenate([np.zeros((rows, 1), bool), tied], axis=1), 0, np.arange(n)[None, :])
        np.maximum.accumulate(start, axis=1, out=start)
        sorted_ranks = start + 1.0
    else:
        sorted_ranks = np.broadcast_to(np.arange(1.0, n + 1.0), (rows, n))
    ranks = np.empty((rows, n))
    np.put_along_axis(ranks, order, sorted_ranks, axis=1)
    missing = np.isnan(flat)
    if missing.any():
        ranks[missing] = np.nan
    return ranks.reshape(s.shape)


def _json(value: Any) -> Any:
    """A step's options as JSON-safe values (mappings of per-indicator options included)."""
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, pd.Series):
        return {str(k): json_scalar(v) for k, v in value.items()}
    return json_scalar(value)


def _framework_directions(framework: Any) -> dict[str, Any] | None:
    """The directions an IndicatorFramework holds (read by :func:`check_directions` like any others)."""
    if not isinstance(framework, IndicatorFramework):
        return None
    return {ind.id: ind.direction for ind in framework}


@dataclass(frozen=True, repr=False)
class CompositeIndex(Result):
    """A composite index built step by step; every step returns a new index (see the module docstring).

    Parameters
    ----------
    data : units × indicators (DataFrame indexed by unit name, columns = indicator ids; or a 2-D array).
    framework : the framework tree (``None``, an IndicatorFramework, a mapping or DataFrame of groups; see
        :class:`~perfmethods.composite.FrameworkTree`).
    weights : weights by node (indicators and groups) or an array in indicator order; relative within groups.
    directions : +1 / 'benefit' / 正向 or -1 / 'cost' / 反向 per indicator (default: an IndicatorFramework's
        directions, else all benefit).
    steps : the recorded steps ``((name, options), ...)``; built by :meth:`treat`, :meth:`normalise`,
        :meth:`aggregate`.

    Attributes
    ----------
    tree : the :class:`FrameworkTree`. treatment : the :class:`OutlierTreatment` (or ``None``).
    treated : the data after treatment (the data itself without a treat step). normalised : after
    normalisation (or ``None``). aggregates : units × aggregates after aggregation (or ``None``).

    Examples
    --------
    >>> idx = CompositeIndex(pd.DataFrame({"a": [1, 2, 3], "b": [3, 1, 2]}, index=["甲", "乙", "丙"]))
    >>> idx = idx.normalise("minmax", range=(1, 100)).aggregate("arithmetic")
    >>> idx.ranks.tolist()
    [2, 3, 1]
    >>> idx.regenerate(aggregate={"method": "geometric"}).ranks.tolist()
    [2, 3, 1]
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("n_units", "n_indicators", "recipe")

    data: pd.DataFrame
    framework: Any = None
    weights: Any = None
    directions: Any = None
    steps: tuple[tuple[str, dict[str, Any]], ...] = ()
    tree: FrameworkTree = field(init=False)
    treatment: OutlierTreatment | None = field(init=False)
    treated: pd.DataFrame = field(init=False)
    normalised: pd.DataFrame | None = field(init=False)
    aggregates: pd.DataFrame | None = field(init=False)

    def __post_init__(self) -> None:
        func = "CompositeIndex"
        frame = as_frame(self.data, func=func)
        object.__setattr__(self, "data", frame)
        tree = FrameworkTree.build(frame.columns, self.framework, self.weights)
        if self.directions is not None:
            dirs = check_directions(self.directions, tree.indicators, func=func)
        else:
            dirs = check_directions(_framework_directions(self.framework), tree.indicators, func=func,
                                    name="framework")
        object.__setattr__(self, "directions", dirs)
        steps = dict(self.steps)
        unknown = sorted(set(steps) - set(STEPS))
        if unknown:
            raise InputError(f"unknown pipeline step(s) {unknown}; the steps are {list(STEPS)}")
        object.__setattr__(self, "steps", tuple((name, dict(steps[name])) for name in STEPS if name in steps))
        object.__setattr__(self, "tree", tree)
        values = frame[list(tree.indicators)]
        treatment = treat_outliers(values, **steps["treat"]) if "treat" in steps else None
        treated = treatment.data if treatment is not None else values
        normalised = None
        if "normalise" in steps:
            spec = check_normalisation(steps["normalise"])
            method = spec.pop("method")
            normalised = pd.DataFrame(_normalise_values(treated, method, dirs.to_numpy(), spec),
                                      index=treated.index, columns=treated.columns)
        aggregates = None
        if "aggregate" in steps:
            opts = steps["aggregate"]
            power = check_aggregation(opts.get("method", "arithmetic"), opts.get("p"), func="aggregate")
            threshold = opts.get("threshold")
            if threshold is not None:
                threshold = float(check_number(threshold, name="threshold", func="aggregate", low=0.0, high=1.0,
                                               closed="right"))
            base = normalised if normalised is not None else treated
            check_domain(base.to_numpy(), power, base.index, base.columns,
                         what="every normalised value" if normalised is not None else "every indicator value")
            out = aggregate_batch(base.to_numpy(), tree, tree.weights.to_numpy()[None, :], power, threshold)[0]
            aggregates = pd.DataFrame(out, index=base.index, columns=pd.Index(tree.aggregates, name="aggregate"))
        object.__setattr__(self, "treatment", treatment)
        object.__setattr__(self, "treated", treated)
        object.__setattr__(self, "normalised", normalised)
        object.__setattr__(self, "aggregates", aggregates)

    # -- steps -----------------------------------------------------------------------------------------------
    def _with_step(self, name: str, options: dict[str, Any] | None) -> CompositeIndex:
        steps = {k: v for k, v in self.steps if k != name}
        if options is not None:
            steps[name] = dict(options)
        return replace(self, data=self.data, directions=self.directions, steps=tuple(steps.items()))

    def treat(self, **options: Any) -> CompositeIndex:
        """The index with outlier treatment (options of :func:`~perfmethods.composite.treat_outliers`)."""
        return self._with_step("treat", options)

    def normalise(self, method: str = "minmax", **options: Any) -> CompositeIndex:
        """The index with normalisation ``method`` and its options (see :func:`~perfmethods.composite.normalise`)."""
        return self._with_step("normalise", {"method": method, **options})

    def aggregate(self, method: str = "arithmetic", *, p: float | None = None,
                  threshold: float | None = None) -> CompositeIndex:
        """The index aggregated over its framework tree (see :func:`~perfmethods.composite.aggregate`).

        Parameters
        ----------
        method : ``"arithmetic"``, ``"geometric"``, ``"harmonic"`` or ``"generalised"``.
        p : the power of the generalised mean.
        threshold : the data-availability threshold.
        """
        options: dict[str, Any] = {"method": method}
        if p is not None:
            options["p"] = p
        if threshold is not None:
            options["threshold"] = threshold
        return self._with_step("aggregate", options)

    def regenerate(self, **changes: Any) -> CompositeIndex:
        """The index rebuilt from its record with some choices changed (COINr's ``Regen``).

        Parameters
        ----------
        **changes : any of ``data``, ``framework``, ``weights``, ``directions`` (new inputs), and ``treat``,
            ``normalise``, ``aggregate`` (a step's new options as a dict, merged over the recorded ones — a new
            ``method`` starts from that method's defaults, keeping only the data-availability threshold; ``None``
            drops the step).
        """
        unknown = sorted(set(changes) - {"data", "framework", "weights", "directions", *STEPS})
        if unknown:
            raise InputError(f"regenerate cannot change {unknown}; it changes data, framework, weights, "
                             f"directions, {', '.join(STEPS)}")
        steps = dict(self.steps)
        for name in STEPS:
            if name in changes:
                if changes[name] is None:
                    steps.pop(name, None)
                else:
                    base = dict(steps.get(name, {}))
                    if "method" in changes[name] and changes[name]["method"] != base.get("method"):
                        # a new method starts from its own defaults; only the threshold is not the method's
                        base = {k: v for k, v in base.items() if name == "aggregate" and k == "threshold"}
                    steps[name] = {**base, **changes[name]}
        inputs = {k: changes[k] for k in ("data", "framework", "weights", "directions") if k in changes}
        if "framework" in inputs and "weights" not in inputs:
            inputs["weights"] = None if isinstance(self.weights, FrameworkTree) else self.weights
        if "directions" not in inputs:  # kept, unless a new IndicatorFramework brings its own
            new_framework = isinstance(inputs.get("framework"), IndicatorFramework)
            inputs["directions"] = None if new_framework else self.directions
        inputs.setdefault("data", self.data)
        return replace(self, steps=tuple(steps.items()), **inputs)

    # -- results ---------------------------------------------------------------------------------------------
    @property
    def n_units(self) -> int:
        """Number of units (rows)."""
        return int(self.data.shape[0])

    @property
    def n_indicators(self) -> int:
        """Number of indicators."""
        return len(self.tree.indicators)

    @property
    def recipe(self) -> str:
        """The steps in one line, e.g. ``normalise(minmax) → aggregate(geometric)``."""
        parts = [f"{name}({opts.get('method', '')})" if name != "treat" else "treat" for name, opts in self.steps]
        return " → ".join(parts) or "(no steps)"

    @property
    def log(self) -> pd.DataFrame:
        """Every recorded choice: one row per (step, option, value), inputs first."""
        rows = [{"step": "inputs", "option": "units", "value": self.n_units},
                {"step": "inputs", "option": "indicators", "value": ", ".join(self.tree.indicators)},
                {"step": "inputs", "option": "cost indicators",
                 "value": ", ".join(i for i, d in self.directions.items() if d < 0) or "-"}]
        for name, opts in self.steps:
            rows += [{"step": name, "option": k, "value": v} for k, v in opts.items()] or [
                {"step": name, "option": "-", "value": "defaults"}]
        return pd.DataFrame(rows)

    def _need_scores(self) -> pd.DataFrame:
        if self.aggregates is None:
            raise InputError("the index has no scores yet: call .aggregate() (after .normalise()) first")
        return self.aggregates

    @property
    def scores(self) -> pd.Series:
        """The index score of each unit."""
        out = self._need_scores()[self.tree.root].copy()
        out.name = "score"
        return out

    @property
    def ranks(self) -> pd.Series:
        """The rank of each unit (1 = highest score; ties share the best rank; no score → missing)."""
        r = rank_units(self.scores.to_numpy())
        return pd.Series(pd.array(np.where(np.isnan(r), np.nan, r), dtype="Int64"), index=self.scores.index,
                         name="rank")

    def summary(self) -> pd.DataFrame:
        """Per unit, best first: rank, index score and every dimension's score (before aggregation: the inputs)."""
        if self.aggregates is None:
            return self.log
        table = self.aggregates.copy()
        table.insert(0, "rank", self.ranks)
        cols = ["rank", self.tree.root] + [c for c in self.tree.aggregates if c != self.tree.root]
        return table[cols].sort_values(["rank"]).rename(columns={self.tree.root: "score"})

    def to_frame(self) -> pd.DataFrame:
        """The index's main table: :meth:`summary` (units × rank, score, dimensions)."""
        return self.summary()

    def to_dict(self) -> dict[str, Any]:
        """The record (inputs, steps, tree) and the scores and ranks, JSON-safe."""
        out: dict[str, Any] = {"units": list(self.data.index), "indicators": list(self.tree.indicators),
                               "directions": {k: int(v) for k, v in self.directions.items()},
                               "tree": json_records(self.tree.to_frame()),
                               "steps": [{"step": name, "options": _json(opts)} for name, opts in self.steps]}
        if self.aggregates is not None:
            out["scores"] = {str(k): json_scalar(v) for k, v in self.scores.items()}
            out["ranks"] = {str(k): json_scalar(v) for k, v in self.ranks.items()}
        return out

    def plot(self, ax: Any = None, language: str = "zh", top: int | None = 40) -> Any:
        """Horizontal bars of the index score of each unit, best at the top.

        Parameters
        ----------
        ax : the Axes to draw on (default: a new figure).
        language : ``"zh"`` or ``"en"``.
        top : show the ``top`` units (``None``: all).
        """
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "composite.index.")
        scores = self.scores.dropna().sort_values()
        if top is not None:
            scores = scores.tail(int(check_number(top, name="top", func="plot", low=1, integer=True)))
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 0.3 * len(scores) + 1.5))
        ax.barh([str(u) for u in scores.index], scores.to_numpy(), color="#4C72B0")
        ax.set_xlabel(tr("x"))
        ax.set_title(tr("title"))
        return ax

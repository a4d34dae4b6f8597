"""Uncertainty analysis of a composite index: how much do the ranks move under other defensible choices?

Step 8 of the JRC ten-step guide (OECD/JRC 2008, *Handbook on Constructing Composite Indicators*, §1.8 and §7),
following Saisana, Saltelli & Tarantola (2005), "Uncertainty and sensitivity analysis techniques as tools for the
quality assessment of composite indicators", *JRSS A* 168(2):307–323. Each uncertain choice is an input factor
u ∈ [0, 1):

* ``normalisation``: which of the alternative normalisations (equiprobable);
* ``aggregation``: which of the alternative aggregation methods (equiprobable);
* ``exclusion``: no indicator or one indicator left out (equiprobable; an indicator alone in its group is never
  left out);
* ``weight:<node>``: the node's weight times 1 + ν(2u − 1), i.e. uniform within ±ν of its nominal value (COINr's
  ``get_noisy_weights``, bluefoxr/COINr@b9682034 ``R/sensitivity.R``), for the nodes of the chosen levels;
  weights stay relative within their group.

:class:`ChoiceModel` maps a batch of factor vectors (runs × factors) to every unit's index score, vectorised
across runs: the runs that share a normalisation and an aggregation method are aggregated together, their
weights a (runs × nodes) array (:func:`~perfmethods.composite.aggregation.aggregate_batch`), in chunks that bound
the memory. The Monte Carlo of :func:`uncertainty_analysis` draws the factors uniformly; the Sobol analysis of
:func:`~perfmethods.composite.sensitivity_analysis` feeds the same model a Sobol' design, so both analyse one
model.

Outputs, per unit: the rank under every run, its median and 5th–95th percentile interval, and the mean absolute
shift from the nominal rank; overall, Saisana et al.'s R̄_S = (1/M) Σ_c |rank_nominal(c) − rank(c)| averaged
over the runs (their eq. 9).

Where the runs are computed: in chunks of :data:`DRAWS_PER_CHUNK` runs (:mod:`perfmethods.engines`), in this
process or on a Dask cluster (``engine="dask"``). Each chunk draws its factors from its own generator (the
caller's for a run of one chunk, else one spawned child per chunk) and is scored by :func:`choice_runs`, so a
seeded analysis gives the same numbers on every engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.composite._frames import progress_bar, progress_option
from perfmethods.composite.aggregation import check_aggregation, check_domain, index_batch
from perfmethods.composite.normalisation import _normalise_values, check_normalisation
from perfmethods.composite.pipeline import CompositeIndex, rank_units
from perfmethods.engines import chunk_sizes, run_chunks, seeded_chunks
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import check_language, check_number, check_rng

__all__ = ["DRAWS_PER_CHUNK", "ChoiceModel", "ChoiceRuns", "RunsTask", "UncertaintyResult", "choice_runs",
           "design_chunks", "run_design", "uncertainty_analysis"]

#: Elements (runs × units × aggregates) aggregated at once: bounds the memory of one block (~32 MB).
_CHUNK_ELEMENTS = 4_000_000

#: Monte Carlo runs per chunk of :func:`uncertainty_analysis`: a constant of the analysis, never of the engine,
#: so that a seeded run gives the same numbers in this process and on a Dask cluster. A run of at most this many
#: draws is one chunk and draws from the caller's generator itself.
DRAWS_PER_CHUNK = 5_000


def _label(spec: Any) -> str:
    if isinstance(spec, dict):
        extra = ", ".join(f"{k}={v}" for k, v in spec.items() if k != "method")
        return f"{spec.get('method')}" + (f" ({extra})" if extra else "")
    return str(spec)


@dataclass(frozen=True)
class ChoiceModel:
    """The composite index as a function of its uncertain choices (see the module docstring).

    Build it with :meth:`from_index`; :meth:`scores` evaluates a batch of factor vectors.

    Attributes
    ----------
    index : the nominal :class:`CompositeIndex`.
    factors : the factor names, in column order of the design.
    normalisations, aggregations : the alternatives (labels) and their normalised tables / powers.
    excludable : the indicators that may be left out.
    noisy : the nodes whose weights are perturbed, and ``noise`` the relative half-width ν.
    """

    index: CompositeIndex
    factors: tuple[str, ...]
    normalisations: tuple[str, ...]
    tables: tuple[np.ndarray, ...] = field(repr=False)
    aggregations: tuple[str, ...] = ()
    powers: tuple[float, ...] = ()
    threshold: float | None = None
    excludable: tuple[str, ...] = ()
    noisy: tuple[str, ...] = ()
    noise: float = 0.0

    @classmethod
    def from_index(cls, index: CompositeIndex, *, normalisation: Sequence[Any] | None = None,
                   aggregation: Sequence[Any] | None = None, exclude: bool | Sequence[str] = False,
                   weight_noise: float = 0.25, weight_levels: Sequence[int] | None = None,
                   func: str = "uncertainty_analysis") -> ChoiceModel:
        """The model of ``index`` with the given alternatives (the parameters of :func:`uncertainty_analysis`)."""
        if not isinstance(index, CompositeIndex):
            raise InputError(f"{func} takes a CompositeIndex; got {type(index).__name__} instead.")
        steps = dict(index.steps)
        if "normalise" not in steps or "aggregate" not in steps:
            raise InputError(f"{func} needs an index that is normalised and aggregated: call "
                             ".normalise(...).aggregate(...) first")
        norms = [check_normalisation(s) for s in (normalisation or [steps["normalise"]])]
        aggs = list(aggregation or [steps["aggregate"]])
        powers = [check_aggregation(a if isinstance(a, (str, dict)) else str(a), func=func) for a in aggs]
        threshold = steps["aggregate"].get("threshold")
        treated, tree = index.treated, index.tree
        dirs = index.directions.to_numpy()
        tables = []
        for spec in norms:
            opts = dict(spec)
            method = opts.pop("method")
            tables.append(_normalise_values(treated, method, dirs, opts))
        for table, spec in zip(tables, norms, strict=True):
            for power, agg in zip(powers, aggs, strict=True):
                try:
                    check_domain(table, power, treated.index, treated.columns, what="every normalised value")
                except InputError as exc:
                    raise InputError(f"the choices '{_label(spec)}' and '{_label(agg)}' cannot be combined: "
                                     f"{exc.message}", location=exc.location) from None
        if exclude is True:
            candidates = list(tree.indicators)
        elif exclude is False or exclude is None:
            candidates = []
        else:
            candidates = [str(i) for i in exclude]
        unknown = [i for i in candidates if i not in tree.indicators]
        if unknown:
            raise InputError(f"The 'exclude' parameter of {func} names indicators that are not in the index: {unknown}")
        sizes = pd.Series(tree.parent).loc[list(tree.indicators)].value_counts()
        excludable = tuple(i for i in candidates if sizes[tree.parent[i]] > 1)
        if candidates and not excludable:
            raise InputError("no indicator can be left out: each is alone in its group")
        noise = float(check_number(weight_noise, name="weight_noise", func=func, low=0.0, high=1.0, closed="left"))
        depth = len(tree.levels) - 1  # the levels that carry weights: 1 … depth
        levels = list(weight_levels) if weight_levels is not None else [depth]
        for lv in levels:
            check_number(lv, name="weight_levels", func=func, low=1, high=depth, integer=True)
        noisy = tuple(n for lv in sorted(set(int(x) for x in levels)) for n in tree.levels[lv - 1]) if noise else ()
        factors = ((["normalisation"] if len(norms) > 1 else []) + (["aggregation"] if len(aggs) > 1 else [])
                   + (["exclusion"] if excludable else []) + [f"weight:{n}" for n in noisy])
        if not factors:
            raise InputError(f"{func} has nothing uncertain: give alternative normalisations or aggregations, "
                             "exclude=True, or weight_noise > 0")
        return cls(index=index, factors=tuple(factors), normalisations=tuple(_label(s) for s in norms),
                   tables=tuple(tables), aggregations=tuple(_label(a) for a in aggs), powers=tuple(powers),
                   threshold=threshold, excludable=excludable, noisy=noisy, noise=noise)

    def _column(self, design: np.ndarray, name: str) -> np.ndarray | None:
        return design[:, self.factors.index(name)] if name in self.factors else None

    def decode(self, design: np.ndarray) -> dict[str, np.ndarray]:
        """The choices of each run: ``normalisation``, ``aggregation``, ``exclusion`` (−1 none) positions and the
        (runs × nodes) ``weights``."""
        u = np.asarray(design, dtype=float)
        runs = u.shape[0]

        def level(name: str, k: int) -> np.ndarray:
            col = self._column(u, name)
            return np.zeros(runs, int) if col is None else np.minimum((col * k).astype(int), k - 1)

        tree = self.index.tree
        nodes = list(tree.weights.index)
        W = np.tile(tree.weights.to_numpy(), (runs, 1))
        for node in self.noisy:
            W[:, nodes.index(node)] *= 1.0 + self.noise * (2.0 * self._column(u, f"weight:{node}") - 1.0)
        excluded = level("exclusion", len(self.excludable) + 1) - 1
        if self.excludable:
            cols = np.array([nodes.index(i) for i in self.excludable])
            hit = excluded >= 0
            W[np.flatnonzero(hit), cols[excluded[hit]]] = 0.0
        return {"normalisation": level("normalisation", len(self.tables)),
                "aggregation": level("aggregation", len(self.powers)), "exclusion": excluded, "weights": W}

    def scores(self, design: np.ndarray, *, progress: bool = False) -> np.ndarray:
        """The index score of every unit for each run of ``design`` (runs × factors, values in [0, 1)).

        Parameters
        ----------
        design : the factor values, one row per run.
        progress : show a progress bar over the chunks.

        Returns
        -------
        ndarray (runs, units).
        """
        scores = self.evaluate(design, progress=progress)[0]
        assert scores is not None
        return scores

    def evaluate(self, design: np.ndarray, *, progress: bool = False, keep_scores: bool = True,
                 nominal: np.ndarray | None = None) -> tuple[np.ndarray | None, np.ndarray, np.ndarray, np.ndarray]:
        """Scores, ranks and rank counts of every run of ``design``, computed a block of runs at a time.

        Each block is scored, ranked (:func:`~perfmethods.composite.rank_units`) and counted
        (:func:`rank_counts`) while it is in cache; runs sharing a normalisation and an aggregation are scored
        together.

        Parameters
        ----------
        design : the factor values (runs × factors), in [0, 1).
        progress : show a progress bar over the blocks.
        keep_scores : keep the scores (``False`` returns ``None`` for them and saves their memory).
        nominal : the nominal ranks (units,), to measure each run's mean absolute rank shift.

        Returns
        -------
        scores (runs, units) float64, ranks (runs, units) float32 (1 = best), counts (units, ranks), and each
        run's mean absolute shift from ``nominal`` (runs,) (NaN without ``nominal``).
        """
        choice = self.decode(design)
        tree = self.index.tree
        runs, units = len(choice["weights"]), self.index.n_units
        scores = np.empty((runs, units)) if keep_scores else None
        ranks = np.empty((runs, units), dtype=np.float32)
        counts = np.zeros((units, units), dtype=np.int64)
        shift = np.full(runs, np.nan)
        chunk = max(1, min(1024, _CHUNK_ELEMENTS // (units * len(tree.aggregates))))
        groups = choice["normalisation"] * len(self.powers) + choice["aggregation"]
        bar = progress_bar(runs, progress, desc="蒙特卡洛 Monte Carlo")
        try:
            for g in np.unique(groups):
                rows = np.flatnonzero(groups == g)
                table, power = self.tables[g // len(self.powers)], self.powers[g % len(self.powers)]
                for start in range(0, rows.size, chunk):  # blocks of runs, never single runs
                    part = rows[start:start + chunk]
                    block = index_batch(table, tree, choice["weights"][part], power, self.threshold)
                    block_ranks = rank_units(block)
                    if scores is not None:
                        scores[part] = block
                    ranks[part] = block_ranks
                    counts += rank_counts(block_ranks)
                    if nominal is not None:
                        with np.errstate(invalid="ignore"):
                            shift[part] = np.nanmean(np.abs(block_ranks - nominal[None, :]), axis=1)
                    bar.update(part.size)
        finally:
            bar.close()
        return scores, ranks, counts, shift

    def choices_frame(self, design: np.ndarray) -> pd.DataFrame:
        """The choices of each run in words: normalisation, aggregation, left-out indicator, weight multipliers."""
        choice = self.decode(design)
        frame = pd.DataFrame({"normalisation": np.asarray(self.normalisations, dtype=object)[choice["normalisation"]],
                              "aggregation": np.asarray(self.aggregations, dtype=object)[choice["aggregation"]]})
        excluded = np.asarray(("",) + self.excludable, dtype=object)[choice["exclusion"] + 1]
        frame["excluded"] = excluded
        u = np.asarray(design, dtype=float)
        for node in self.noisy:
            frame[f"weight:{node}"] = 1.0 + self.noise * (2.0 * self._column(u, f"weight:{node}") - 1.0)
        return frame


@dataclass(frozen=True)
class RunsTask:
    """One chunk of runs of a :class:`ChoiceModel`, as sent to an engine (:func:`perfmethods.engines.run_chunks`).

    Attributes
    ----------
    model : the choice model.
    design : the runs' factor values (runs × factors, in [0, 1)); ``None`` to draw ``draws`` runs uniformly from
        ``rng`` instead.
    draws : the number of runs drawn from ``rng`` (without ``design``).
    rng : the chunk's own generator (:func:`perfmethods.engines.chunk_generators`).
    keep_scores : keep every run's scores (``False`` saves their memory and transfer).
    nominal : the nominal ranks (units,), to measure each run's mean absolute rank shift.
    """

    model: ChoiceModel
    design: np.ndarray | None = field(default=None, repr=False)
    draws: int = 0
    rng: np.random.Generator | None = field(default=None, repr=False)
    keep_scores: bool = True
    nominal: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ChoiceRuns:
    """The runs of one or more chunks (:meth:`ChoiceModel.evaluate`'s outputs, with the factor values).

    Attributes
    ----------
    design : (runs, factors) factor values. scores : (runs, units) scores, or ``None`` when not kept.
    ranks : (runs, units) ranks (1 = best). counts : (units, ranks) rank counts (:func:`rank_counts`).
    shift : (runs,) each run's mean absolute shift from the nominal ranks (NaN without them).
    """

    design: np.ndarray = field(repr=False)
    scores: np.ndarray | None = field(repr=False)
    ranks: np.ndarray = field(repr=False)
    counts: np.ndarray = field(repr=False)
    shift: np.ndarray = field(repr=False)

    @classmethod
    def combine(cls, chunks: Sequence[ChoiceRuns]) -> ChoiceRuns:
        """The chunks' runs in chunk order; rank counts added up."""
        if len(chunks) == 1:
            return chunks[0]
        kept = [c.scores for c in chunks if c.scores is not None]
        return cls(design=np.concatenate([c.design for c in chunks]),
                   scores=np.concatenate(kept) if len(kept) == len(chunks) else None,
                   ranks=np.concatenate([c.ranks for c in chunks]),
                   counts=reduce(np.add, [c.counts for c in chunks]),
                   shift=np.concatenate([c.shift for c in chunks]))


def choice_runs(task: RunsTask) -> ChoiceRuns:
    """Compute one chunk of runs of a choice model (the function an engine maps over the chunks).

    The factor values are ``task.design`` or, without one, ``task.draws`` rows of uniform [0, 1) draws from
    ``task.rng``; each run is scored, ranked and counted by :meth:`ChoiceModel.evaluate`, vectorised over the
    chunk's runs.

    Parameters
    ----------
    task : the chunk (:class:`RunsTask`).

    Returns
    -------
    ChoiceRuns
    """
    model = task.model
    if task.design is not None:
        design = np.asarray(task.design, dtype=float)
    elif task.rng is not None:
        design = task.rng.random((int(task.draws), len(model.factors)))
    else:
        raise InputError("a chunk of runs needs either the factor values (design) or a generator to draw them")
    scores, ranks, counts, shift = model.evaluate(design, keep_scores=task.keep_scores, nominal=task.nominal)
    return ChoiceRuns(design=design, scores=scores, ranks=ranks, counts=counts, shift=shift)


def design_chunks(design: np.ndarray, chunk: int) -> list[np.ndarray]:
    """The rows of ``design`` in consecutive chunks of ``chunk`` rows (views; :func:`perfmethods.engines.chunk_sizes`).

    Parameters
    ----------
    design : the factor values, one row per run. chunk : the rows per chunk.
    """
    return np.split(design, np.cumsum(chunk_sizes(len(design), chunk))[:-1])


def run_design(model: ChoiceModel, design: np.ndarray, chunk: int, *, nominal: np.ndarray | None = None,
               keep_scores: bool = True, engine: str = "local", address: str | None = None,
               progress: bool = False, desc: str = "", func: str = "run_design") -> ChoiceRuns:
    """Every run of a given ``design`` (runs × factors), ``chunk`` rows at a time on the engine, in row order.

    Parameters
    ----------
    model : the choice model. design : the factor values, one row per run.
    chunk : the rows per chunk (a constant of the calling analysis).
    nominal, keep_scores : as :class:`RunsTask`.
    engine, address, progress : as :func:`perfmethods.engines.run_chunks` (``progress`` as the core's option).
    desc : the progress bar's label. func : the public function, for messages.
    """
    tasks = [RunsTask(model, design=part, keep_scores=keep_scores, nominal=nominal)
             for part in design_chunks(np.asarray(design, dtype=float), chunk)]
    return ChoiceRuns.combine(run_chunks(choice_runs, tasks, engine=engine, address=address,
                                         progress=progress_option(progress), desc=desc, func_name=func))


def rank_counts(ranks: np.ndarray) -> np.ndarray:
    """How often each unit took each rank: (units, ranks) counts from (runs, units) ranks; missing ranks left out.

    Ranks are integers 1 … units, so one ``bincount`` summarises every run; the quantiles, the mean shift and the
    share of runs with a changed rank all follow from these counts without sorting the runs.

    Parameters
    ----------
    ranks : (runs, units) ranks (NaN = missing).
    """
    units = ranks.shape[1]
    offsets = np.arange(units, dtype=np.int64) * units
    missing = np.isnan(ranks)
    if missing.any():
        code = np.where(missing, 1, ranks).astype(np.int64) - 1 + offsets[None, :]
        flat = code[~missing]
    else:
        flat = (ranks.astype(np.int64) - 1 + offsets[None, :]).ravel()
    return np.bincount(flat, minlength=units * units).reshape(units, units)


def rank_quantiles(counts: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """Quantiles (numpy's linear interpolation) of each unit's ranks, from :func:`rank_counts`.

    Parameters
    ----------
    counts : (units, ranks) counts.
    qs : quantiles in [0, 1].

    Returns
    -------
    ndarray (len(qs), units).
    """
    cum = counts.cumsum(axis=1)
    n = cum[:, -1]
    out = np.full((len(qs), counts.shape[0]), np.nan)
    for k, q in enumerate(qs):  # a handful of quantiles
        h = (n - 1) * q
        lo, hi = np.floor(h), np.ceil(h)
        v_lo = (cum <= lo[:, None]).sum(axis=1) + 1.0
        v_hi = (cum <= hi[:, None]).sum(axis=1) + 1.0
        out[k] = np.where(n > 0, v_lo + (h - lo) * (v_hi - v_lo), np.nan)
    return out


@dataclass(frozen=True, repr=False)
class UncertaintyResult(Result):
    """Ranks of every unit over Monte Carlo runs of the uncertain choices.

    Attributes
    ----------
    units : unit names. nominal_scores, nominal_ranks : the index as built (Series by unit).
    ranks : (runs, units) ranks under each run (1 = best). scores : (runs, units) index scores.
    choices : one row per run: the normalisation, aggregation, left-out indicator and weight multipliers.
    table : per unit: nominal rank, median rank, 5th and 95th percentile ranks, mean absolute rank shift, share
        of runs with another rank than the nominal.
    mean_abs_shift : R̄_S, the mean absolute rank shift over units and runs (Saisana et al. 2005, eq. 9).
    settings : the alternatives, noise, draws and seed.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("draws", "mean_abs_shift")

    units: tuple[str, ...]
    nominal_scores: pd.Series = field(repr=False)
    nominal_ranks: pd.Series = field(repr=False)
    ranks: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)
    choices: pd.DataFrame = field(repr=False)
    table: pd.DataFrame = field(repr=False)
    mean_abs_shift: float = float("nan")
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def draws(self) -> int:
        """Number of Monte Carlo runs."""
        return int(self.ranks.shape[0])

    def summary(self) -> pd.DataFrame:
        """The per-unit rank table, by nominal rank."""
        return self.table.copy()

    def report_table(self, language: str = "zh") -> pd.DataFrame:
        """The per-unit table as a reader sees it: headers in words, ranks as whole numbers (the interval as
        "a–b"), the mean shift to one decimal (位 / places), the share of runs with another rank in %.

        Parameters
        ----------
        language : ``"zh"`` or ``"en"``.
        """
        tr = translator(check_language(language, func="report_table"), "composite.uncertainty.col.")
        t = self.table

        def whole(v: Any) -> str:
            return "" if pd.isna(v) else f"{float(v):.0f}"

        return pd.DataFrame({
            tr("unit"): t["unit"], tr("nominal"): [whole(v) for v in t["nominal_rank"]],
            tr("median"): [whole(v) for v in t["median_rank"]],
            tr("interval"): [f"{whole(a)}–{whole(b)}" for a, b in zip(t["rank_q05"], t["rank_q95"], strict=True)],
            tr("shift"): t["mean_abs_shift"].round(1), tr("changed"): (100 * t["share_changed"]).round(1),
        })

    def to_dict(self) -> dict[str, Any]:
        """Settings, R̄_S and the per-unit table (the run-level arrays are left out), JSON-safe."""
        return {"settings": dict(self.settings), "draws": self.draws, "mean_abs_shift": float(self.mean_abs_shift),
                "table": json_records(self.table)}

    def plot(self, ax: Any = None, language: str = "zh", top: int | None = 40) -> Any:
        """Each unit's 5th–95th percentile rank interval and median rank, with the nominal rank, best first.

        Parameters
        ----------
        ax : the Axes to draw on (default: a new figure).
        language : ``"zh"`` or ``"en"``.
        top : show the ``top`` units of the nominal ranking (``None``: all).
        """
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "composite.uncertainty.")
        t = self.table.reset_index(drop=True)
        if top is not None:
            t = t.head(int(check_number(top, name="top", func="plot", low=1, integer=True)))
        if ax is None:
            _, ax = plt.subplots(figsize=(max(6.0, 0.25 * len(t) + 2.0), 4.5))
        x = np.arange(len(t))
        ax.vlines(x, t["rank_q05"], t["rank_q95"], color="#4C72B0", lw=3, alpha=0.6, label=tr("interval"))
        ax.plot(x, t["median_rank"], "o", color="#4C72B0", ms=4, label=tr("median"))
        ax.plot(x, t["nominal_rank"], "D", color="#C44E52", ms=4, label=tr("nominal"))
        ax.set_xticks(x, [str(u) for u in t["unit"]], rotation=90 if len(t) > 8 else 0)
        ax.invert_yaxis()
        ax.set_ylabel(tr("y"))
        ax.legend(fontsize="small")
        return ax


def uncertainty_analysis(
    index: CompositeIndex,
    *,
    normalisation: Sequence[Any] | None = None,
    aggregation: Sequence[Any] | None = None,
    exclude: bool | Sequence[str] = False,
    weight_noise: float = 0.25,
    weight_levels: Sequence[int] | None = None,
    draws: int = 1000,
    seed: int | np.random.Generator = 0,
    progress: bool = False,
    engine: str = "local",
    address: str | None = None,
) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis of a composite index's ranks (see the module docstring).

    Parameters
    ----------
    index : a normalised and aggregated :class:`CompositeIndex` (its choices are the nominal ones).
    normalisation : the alternative normalisations, drawn with equal probability (names or
        ``{"method": ..., **options}``); default: the index's own only.
    aggregation : the alternative aggregation methods (``"arithmetic"``, ``"geometric"``, ``"harmonic"``,
        ``{"method": "generalised", "p": 0.5}``); default: the index's own only.
    exclude : ``True`` to leave out no indicator or one indicator (equiprobable), a list of the indicators that
        may be left out, or ``False`` (default).
    weight_noise : ν, each perturbed weight is uniform within ±ν of its nominal value (default 0.25, COINr's
        example); 0 keeps the weights.
    weight_levels : which levels' weights are perturbed (1 = indicators, 2 = their groups, …); default the level
        just below the index.
    draws : the number of Monte Carlo runs (default 1000).
    seed : an int ≥ 0 or a numpy Generator (``0`` is a seed).
    progress : show a progress bar over the chunks of runs (on a terminal only).
    engine : where the runs are computed: ``"local"`` (this process, default) or ``"dask"`` (a Dask distributed
        cluster). The runs are split into chunks of :data:`DRAWS_PER_CHUNK`, each drawing from its own generator
        (the caller's when there is one chunk, else one spawned child per chunk), so a seeded analysis gives the
        same numbers on every engine.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's ``distributed.Client``. Only with
        ``engine="dask"``.

    Returns
    -------
    UncertaintyResult
    """
    func = "uncertainty_analysis"
    draws = int(check_number(draws, name="draws", func=func, low=2, integer=True))
    rng = check_rng(seed, func=func)
    model = ChoiceModel.from_index(index, normalisation=normalisation, aggregation=aggregation, exclude=exclude,
                                   weight_noise=weight_noise, weight_levels=weight_levels, func=func)
    tasks = [RunsTask(model, draws=size, rng=gen) for size, gen in seeded_chunks(draws, DRAWS_PER_CHUNK, rng)]
    runs = ChoiceRuns.combine(run_chunks(choice_runs, tasks, engine=engine, address=address,
                                         progress=progress_option(progress), desc="蒙特卡洛 Monte Carlo",
                                         func_name=func))
    design, scores, ranks, counts = runs.design, runs.scores, runs.ranks, runs.counts
    nominal = index.ranks.to_numpy(dtype=float, na_value=np.nan)
    n = counts.sum(axis=1)
    q = rank_quantiles(counts, (0.05, 0.5, 0.95))
    grid = np.arange(1.0, counts.shape[1] + 1.0)
    with np.errstate(invalid="ignore"):
        distance = np.abs(grid[None, :] - nominal[:, None])  # (units, ranks): |rank - nominal rank|
        total_shift = (counts * distance).sum(axis=1)
        mean_shift = np.where(n > 0, total_shift / n, np.nan)
        changed = np.where(n > 0, (counts * (distance > 0)).sum(axis=1) / n, np.nan)
    table = pd.DataFrame({
        "unit": list(index.data.index), "nominal_rank": nominal, "median_rank": q[1], "rank_q05": q[0],
        "rank_q95": q[2], "mean_abs_shift": mean_shift, "share_changed": changed,
    }).sort_values(["nominal_rank", "median_rank"]).reset_index(drop=True)
    known = ~np.isnan(nominal)
    overall = float(total_shift[known].sum() / n[known].sum()) if n[known].sum() else float("nan")
    settings = {"normalisation": list(model.normalisations), "aggregation": list(model.aggregations),
                "excludable": list(model.excludable), "weight_noise": model.noise, "noisy_weights": list(model.noisy),
                "factors": list(model.factors), "draws": draws,
                "seed": seed if isinstance(seed, int) else "generator"}
    return UncertaintyResult(
        units=tuple(index.data.index), nominal_scores=index.scores, nominal_ranks=index.ranks,
        ranks=ranks, scores=scores, choices=model.choices_frame(design),
        table=table, mean_abs_shift=overall, settings=settings)

"""Variance-based sensitivity analysis (Sobol' indices): which uncertain choice moves the ranks most?

The first-order index S_i is the share of the output's variance due to factor i alone, V[E(Y | X_i)] / V(Y);
the total index S_Ti adds every interaction of factor i, E[V(Y | X_~i)] / V(Y) (Saltelli et al. 2008, *Global
Sensitivity Analysis: The Primer*, ch. 4; for composite indicators Saisana, Saltelli & Tarantola 2005, *JRSS A*
168(2):307–323).

Sampling and estimation are SALib's (SALib 1.6.0): a scrambled Sobol' design of N (D + 2) runs
(``SALib.sample.sobol.sample``, N a power of 2; N (2D + 2) with second-order indices) and the estimators of
``SALib.analyze.sobol``, which are, with A, B the two base samples and A_B^i the matrix A with column i from B:

* first order, Saltelli et al. (2010), *Comput. Phys. Commun.* 181(2):259–270, table 2 (b):
  S_i = mean(f(B) (f(A_B^i) − f(A))) / V;
* total order, **Jansen (1999)** — Saltelli et al. (2010) table 2 (f):
  S_Ti = ½ mean((f(A) − f(A_B^i))²) / V,

V the variance of f over A and B together; SALib first standardises the output. For a scalar output
``SALib.analyze.sobol.analyze`` also gives bootstrap confidence half-widths (``resamples`` resamples). For many
outputs at once (the rank of every unit) the same two estimators are evaluated for all columns at once, without
bootstrap (point estimates); they are written out (a few lines) only so that V is computed once per output instead
of once per factor and estimator, and a test checks them against SALib's ``first_order`` and ``total_order``.

SALib's ``analyze`` treats ``seed=0`` as "no seed" (``if seed:``); the bootstrap seed passed to it is therefore
drawn from the caller's generator and is never 0, so that every call is reproducible.

The design is deterministic given the seed, so only the model evaluations are split: SALib samples and analyses
in this process, and the design's rows are evaluated in chunks of :data:`RUNS_PER_CHUNK` rows
(:mod:`perfmethods.engines`), here or on a Dask cluster (``engine="dask"``), and put back in row order; the
indices are the same on every engine.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from perfmethods.composite._frames import progress_option
from perfmethods.composite.pipeline import CompositeIndex
from perfmethods.composite.robustness import ChoiceModel, design_chunks, run_design
from perfmethods.engines import run_chunks
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import check_language, check_number, check_rng

__all__ = ["RUNS_PER_CHUNK", "ModelTask", "SobolResult", "factor_label", "model_outputs", "sensitivity_analysis",
           "sobol_indices"]

#: The name of the scalar output of :func:`sensitivity_analysis`: R̄_S, the mean absolute rank shift of a run.
SHIFT = "mean_abs_rank_shift"

#: Rows of the Sobol' design evaluated per chunk: a constant of the analysis, never of the engine, so that the
#: indices are the same in this process and on a Dask cluster. A design of at most this many rows (N (D + 2) ≤
#: 8,192, e.g. N = 1,024 with up to 6 factors) is one chunk: one call of the model.
RUNS_PER_CHUNK = 8_192


@dataclass(frozen=True)
class ModelTask:
    """One chunk of a Sobol' design for :func:`model_outputs`: the model and the chunk's rows (runs × factors)."""

    model: Callable[[np.ndarray], np.ndarray]
    design: np.ndarray = field(repr=False)


def model_outputs(task: ModelTask) -> np.ndarray:
    """The model's outputs on one chunk of the design (the function an engine maps over the chunks).

    Parameters
    ----------
    task : the model and the chunk's rows.

    Returns
    -------
    ndarray : the outputs, (runs,) or (runs, outputs), as float.
    """
    return np.asarray(task.model(task.design), dtype=float)


@dataclass(frozen=True, repr=False)
class SobolResult(Result):
    """Sobol' first-order and total indices of each factor, for one or many outputs.

    Attributes
    ----------
    factors : the factor names. outputs : the output names.
    indices : tidy table, one row per (output, factor): ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (confidence
        half-widths at ``conf_level``; NaN for outputs estimated without bootstrap).
    second_order : for a scalar output with ``second_order=True``, the S2 table (factor pairs), else empty.
    settings : N, the number of runs, the estimators, the seed.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("n_runs", "headline")

    factors: tuple[str, ...]
    outputs: tuple[str, ...]
    indices: pd.DataFrame = field(repr=False)
    second_order: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def n_runs(self) -> int:
        """Number of model runs."""
        return int(self.settings.get("runs", 0))

    @property
    def headline(self) -> str:
        """The factor with the largest total index on the first output."""
        first = self.indices[self.indices["output"] == self.outputs[0]]
        top = first.loc[first["ST"].idxmax()]
        return f"{top['factor']} (ST = {top['ST']:.2f})"

    def first_output(self) -> pd.DataFrame:
        """S1 and ST of each factor for the first output (R̄_S for :func:`sensitivity_analysis`)."""
        return self.indices[self.indices["output"] == self.outputs[0]].reset_index(drop=True)

    def by_unit(self, index: str = "ST") -> pd.DataFrame:
        """One index (``"S1"`` or ``"ST"``) as a table outputs × factors."""
        return self.indices.pivot(index="output", columns="factor", values=index).reindex(
            index=list(self.outputs), columns=list(self.factors))

    def summary(self) -> pd.DataFrame:
        """Per factor: S1 and ST (with confidence half-widths) on the first output, and the mean S1 and ST over
        all outputs."""
        first = self.first_output().drop(columns="output")
        means = self.indices.groupby("factor", sort=False)[["S1", "ST"]].mean()
        first["mean_S1"] = first["factor"].map(means["S1"])
        first["mean_ST"] = first["factor"].map(means["ST"])
        return first

    def report_table(self, language: str = "zh") -> pd.DataFrame:
        """S1 and ST of each factor on the first output as a reader sees it: factor names in words
        (:func:`factor_label`), indices to 2 decimals with their ± half-widths where estimated.

        Parameters
        ----------
        language : ``"zh"`` or ``"en"``.
        """
        tr = translator(check_language(language, func="report_table"), "composite.sobol.col.")
        t = self.first_output()

        def shown(value: float, half: float) -> str:
            v = round(float(value), 2) + 0.0  # never "-0.00"
            return f"{v:.2f}" if np.isnan(half) else f"{v:.2f} ± {half:.2f}"

        return pd.DataFrame({
            tr("factor"): [factor_label(str(f), language) for f in t["factor"]],
            tr("first"): [shown(v, h) for v, h in zip(t["S1"], t["S1_conf"], strict=True)],
            tr("total"): [shown(v, h) for v, h in zip(t["ST"], t["ST_conf"], strict=True)],
        })

    def to_dict(self) -> dict[str, Any]:
        """Factors, outputs, settings and the indices table, JSON-safe."""
        return {"factors": list(self.factors), "outputs": list(self.outputs), "settings": dict(self.settings),
                "indices": json_records(self.indices), "second_order": json_records(self.second_order)}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bars of the first-order and total index of each factor on the first output, with confidence bars."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "composite.sobol.")
        t = self.first_output()
        if ax is None:
            _, ax = plt.subplots(figsize=(max(5.0, 0.9 * len(t) + 2.0), 4.0))
        x = np.arange(len(t))
        err = [None if np.isnan(v).all() else v for v in (t["S1_conf"].to_numpy(), t["ST_conf"].to_numpy())]
        ax.bar(x - 0.2, t["S1"], width=0.4, yerr=err[0], color="#4C72B0", label=tr("first"))
        ax.bar(x + 0.2, t["ST"], width=0.4, yerr=err[1], color="#DD8452", label=tr("total"))
        ax.set_xticks(x, [factor_label(str(f), language) for f in t["factor"]], rotation=30 if len(t) > 4 else 0)
        ax.set_ylabel(tr("y"))
        ax.legend(fontsize="small")
        return ax


def factor_label(factor: str, language: str = "zh") -> str:
    """A factor's name as a reader sees it: 标准化方法, 合成方法, 指标剔除, 权重：<node>; other names unchanged.

    Parameters
    ----------
    factor : the factor name (``normalisation``, ``aggregation``, ``exclusion``, ``weight:<node>`` or any other).
    language : ``"zh"`` or ``"en"``.
    """
    tr = translator(check_language(language, func="factor_label"), "composite.factor.")
    if factor.startswith("weight:"):
        return tr("weight", node=factor.split(":", 1)[1])
    return tr(factor) if factor in ("normalisation", "aggregation", "exclusion") else factor


def _problem(factors: Sequence[str] | Mapping[str, Sequence[float]]) -> dict[str, Any]:
    if isinstance(factors, Mapping):
        names = [str(k) for k in factors]
        bounds = []
        for name, b in factors.items():
            try:
                low, high = (float(v) for v in b)
            except (TypeError, ValueError):
                raise InputError(f"the bounds of factor '{name}' must be a pair (low, high)") from None
            if not high > low:
                raise InputError(f"the bounds of factor '{name}' must have low < high; got ({low:g}, {high:g})")
            bounds.append([low, high])
    else:
        names = [str(f) for f in factors]
        bounds = [[0.0, 1.0] for _ in names]
    if len(names) < 2 or len(set(names)) != len(names):
        raise InputError(f"a Sobol analysis needs at least 2 distinctly named factors; got {names}")
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def _check_n(n: Any, func: str) -> int:
    n = int(check_number(n, name="n", func=func, low=2, high=2**20, integer=True))
    if n & (n - 1):
        raise InputError(f"The 'n' parameter of {func} must be a power of 2 (Sobol' sequences are balanced only "
                         f"then), e.g. 512, 1024, 4096; got {n} instead.")
    return n


def _sample(problem: dict[str, Any], n: int, second_order: bool, rng: np.random.Generator,
            scramble: bool = True) -> np.ndarray:
    return sobol_sample.sample(problem, n, calc_second_order=second_order, scramble=scramble, seed=rng)


def _scalar(problem: dict[str, Any], y: np.ndarray, second_order: bool, resamples: int, conf_level: float,
            rng: np.random.Generator) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    if np.ptp(y) == 0:
        zeros = np.zeros(problem["num_vars"])
        return {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}, pd.DataFrame()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = sobol_analyze.analyze(problem, y, calc_second_order=second_order, num_resamples=resamples,
                                    conf_level=conf_level, seed=int(rng.integers(1, 2**31 - 1)))
    s2 = pd.DataFrame()
    if second_order:
        names = problem["names"]
        rows = [{"factor_i": names[i], "factor_j": names[j], "S2": res["S2"][i, j], "S2_conf": res["S2_conf"][i, j]}
                for i in range(len(names)) for j in range(i + 1, len(names))]
        s2 = pd.DataFrame(rows)
    return {k: np.asarray(res[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}, s2


def _columns(y: np.ndarray, d: int, n: int, second_order: bool, *, block: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """SALib's first- and total-order estimators on every column of y (runs × outputs): two (outputs, d) arrays.

    The formulas are those of ``SALib.analyze.sobol.first_order`` and ``total_order`` (on each column centred;
    ``analyze`` also scales by the standard deviation, which cancels in the ratios), written out so that the
    variance V of f over A and B is computed once per column rather than once per factor and estimator; the tests
    check the two agree. Columns are estimated ``block`` at a time to bound the memory.
    """
    step = 2 * d + 2 if second_order else d + 2
    s1, st = np.zeros((y.shape[1], d)), np.zeros((y.shape[1], d))
    for lo in range(0, y.shape[1], block):  # blocks of outputs
        z = np.array(y[:, lo:lo + block], dtype=float)  # a working copy, centred in place
        z -= z.mean(axis=0)  # both estimators are ratios to V, so centring is all standardising changes
        A, B = z[0::step], z[step - 1::step]
        var = np.concatenate([A, B]).var(axis=0)
        ok = var > np.finfo(float).eps * np.maximum(1.0, np.abs(z).max(axis=0)) ** 2
        for j in range(d):  # one vectorised estimate per factor, over the block's outputs
            AB = z[j + 1::step]
            first = np.mean(B * (AB - A), axis=0)
            total = 0.5 * np.mean((A - AB) ** 2, axis=0)
            s1[lo:lo + block, j] = np.divide(first, var, out=np.zeros_like(var), where=ok)
            st[lo:lo + block, j] = np.divide(total, var, out=np.zeros_like(var), where=ok)
    return s1, st


def _tidy(outputs: Sequence[str], factors: Sequence[str], s1: np.ndarray, st: np.ndarray,
          s1c: np.ndarray | None = None, stc: np.ndarray | None = None) -> pd.DataFrame:
    k, d = s1.shape
    nan = np.full((k, d), np.nan)
    return pd.DataFrame({"output": np.repeat(list(outputs), d), "factor": np.tile(list(factors), k),
                         "S1": s1.ravel(), "S1_conf": (nan if s1c is None else s1c).ravel(),
                         "ST": st.ravel(), "ST_conf": (nan if stc is None else stc).ravel()})


def sobol_indices(
    model: Callable[[np.ndarray], np.ndarray],
    factors: Sequence[str] | Mapping[str, Sequence[float]],
    *,
    n: int = 1024,
    outputs: Sequence[str] | None = None,
    second_order: bool = False,
    resamples: int = 100,
    conf_level: float = 0.95,
    scramble: bool = True,
    seed: int | np.random.Generator = 0,
    progress: bool = False,
    engine: str = "local",
    address: str | None = None,
) -> SobolResult:
    """Sobol' first-order and total indices of any vectorised model (see the module docstring).

    Parameters
    ----------
    model : a function of the design (runs × factors) returning one output per run (runs,) or several
        (runs × outputs).
    factors : factor names (each uniform on [0, 1]) or a mapping ``{name: (low, high)}`` (uniform bounds).
    n : the base sample size N, a power of 2; the model runs N (D + 2) times (N (2D + 2) with second order).
    outputs : names of the outputs (default ``y`` or ``y1``, ``y2``, …).
    second_order : also estimate S2 (scalar output only).
    resamples : bootstrap resamples for the confidence half-widths (scalar output).
    conf_level : the confidence level of the half-widths, in (0, 1).
    scramble : scramble the Sobol' sequence (Owen scrambling, seeded; default). ``False`` gives the plain
        deterministic sequence, as SALib's own tests use.
    seed : an int ≥ 0 or a numpy Generator (``0`` is a seed).
    progress : show a progress bar over the chunks of the design (on a terminal only).
    engine : where the model is evaluated: ``"local"`` (this process, default) or ``"dask"`` (a Dask distributed
        cluster). The design's rows are split into chunks of :data:`RUNS_PER_CHUNK` and the outputs put back in
        row order, so the indices are the same on every engine; the model must therefore treat each row
        (run) on its own. On Dask each worker calls ``model``: a function of an importable module is called by name
        (install the module on the workers), a lambda or closure is sent by value.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's ``distributed.Client``. Only with
        ``engine="dask"``.

    Returns
    -------
    SobolResult

    Examples
    --------
    Ishigami's function, whose S1 is known analytically (0.314, 0.442, 0):

    >>> from SALib.test_functions import Ishigami
    >>> r = sobol_indices(Ishigami.evaluate, {f"x{i}": (-np.pi, np.pi) for i in (1, 2, 3)}, n=1024)
    >>> [abs(round(v, 1)) for v in r.first_output()["S1"]]
    [0.3, 0.4, 0.0]
    """
    func = "sobol_indices"
    problem = _problem(factors)
    n = _check_n(n, func)
    resamples = int(check_number(resamples, name="resamples", func=func, low=2, integer=True))
    conf_level = float(check_number(conf_level, name="conf_level", func=func, low=0.0, high=1.0, closed="neither"))
    rng = check_rng(seed, func=func)
    design = _sample(problem, n, second_order, rng, bool(scramble))
    parts = design_chunks(design, RUNS_PER_CHUNK)
    chunks = run_chunks(model_outputs, [ModelTask(model, part) for part in parts], engine=engine, address=address,
                        progress=progress_option(progress), desc="Sobol 敏感性 Sobol", func_name=func)
    for part, out in zip(parts, chunks, strict=True):
        if out.ndim not in (1, 2) or out.shape[0] != part.shape[0] or out.shape[1:] != chunks[0].shape[1:]:
            raise InputError(f"the model must return one output (or one row of outputs) per run: {part.shape[0]} "
                             f"runs; got shape {out.shape}")
    y = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
    if not np.isfinite(y).all():
        raise InputError("the model returned missing or infinite outputs; the Sobol indices need finite values")
    d = problem["num_vars"]
    settings = {"n": n, "runs": int(design.shape[0]), "second_order": bool(second_order), "resamples": resamples,
                "conf_level": conf_level, "first_order": "Saltelli et al. (2010)",
                "total_order": "Jansen (1999)", "scramble": bool(scramble),
                "seed": seed if isinstance(seed, int) else "generator"}
    if y.ndim == 1:
        names = tuple(outputs or ("y",))
        res, s2 = _scalar(problem, y, second_order, resamples, conf_level, rng)
        table = _tidy(names, problem["names"], res["S1"][None], res["ST"][None], res["S1_conf"][None],
                      res["ST_conf"][None])
        return SobolResult(tuple(problem["names"]), names, table, s2, settings)
    names = tuple(outputs or (f"y{k + 1}" for k in range(y.shape[1])))
    if len(names) != y.shape[1]:
        raise InputError(f"The 'outputs' parameter of {func} names {len(names)} outputs; the model gives {y.shape[1]}")
    s1, st = _columns(y, d, n, second_order)
    return SobolResult(tuple(problem["names"]), names, _tidy(names, problem["names"], s1, st), pd.DataFrame(),
                       settings)


def sensitivity_analysis(
    index: CompositeIndex,
    *,
    normalisation: Sequence[Any] | None = None,
    aggregation: Sequence[Any] | None = None,
    exclude: bool | Sequence[str] = False,
    weight_noise: float = 0.25,
    weight_levels: Sequence[int] | None = None,
    n: int = 1024,
    resamples: int = 100,
    seed: int | np.random.Generator = 0,
    progress: bool = False,
    engine: str = "local",
    address: str | None = None,
) -> SobolResult:
    """Sobol' indices of a composite index's uncertain choices on its ranks.

    The factors and the model are those of :func:`~perfmethods.composite.uncertainty_analysis` (same
    parameters). The outputs are R̄_S, the mean absolute rank shift of a run from the nominal ranking (with
    bootstrap confidence half-widths), then the rank of every unit (point estimates). Ranks, not scores, are
    analysed: scores under different normalisations are on different scales, so their variance would measure the
    scales rather than the choices (Saisana et al. 2005 analyse ranks and rank shifts for the same reason).

    Parameters
    ----------
    index : a normalised and aggregated :class:`CompositeIndex`.
    normalisation, aggregation, exclude, weight_noise, weight_levels : the uncertain choices (see
        :func:`~perfmethods.composite.uncertainty_analysis`); at least two factors are needed.
    n : the base sample size N, a power of 2; the index is computed N (D + 2) times for D factors.
    resamples : bootstrap resamples for the confidence half-widths of R̄_S's indices.
    seed : an int ≥ 0 or a numpy Generator (``0`` is a seed).
    progress : show a progress bar over the chunks of the design (on a terminal only).
    engine : where the index is computed for each run: ``"local"`` (this process, default) or ``"dask"`` (a Dask
        distributed cluster). SALib's design and analysis stay in this process; the design's rows are evaluated in
        chunks of :data:`RUNS_PER_CHUNK` and put back in row order, so the indices are the same on every engine.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's ``distributed.Client``. Only with
        ``engine="dask"``.

    Returns
    -------
    SobolResult
        Outputs ``mean_abs_rank_shift`` then the unit names.
    """
    func = "sensitivity_analysis"
    model = ChoiceModel.from_index(index, normalisation=normalisation, aggregation=aggregation, exclude=exclude,
                                   weight_noise=weight_noise, weight_levels=weight_levels, func=func)
    problem = _problem(model.factors)
    n = _check_n(n, func)
    resamples = int(check_number(resamples, name="resamples", func=func, low=2, integer=True))
    rng = check_rng(seed, func=func)
    design = _sample(problem, n, False, rng)
    nominal = index.ranks.to_numpy(dtype=np.float32, na_value=np.nan)
    runs = run_design(model, design, RUNS_PER_CHUNK, nominal=nominal, keep_scores=False, engine=engine,
                      address=address, progress=progress, desc="Sobol 敏感性 Sobol", func=func)
    ranks, counts, shift = runs.ranks, runs.counts, runs.shift
    if np.isnan(nominal).any() or (counts.sum(axis=1) < len(design)).any():
        raise InputError("some runs leave a unit without a score (the data-availability threshold); the Sobol "
                         "indices need a rank for every unit in every run: lower the threshold or impute")
    res, _ = _scalar(problem, shift, False, resamples, 0.95, rng)
    s1, st = _columns(ranks, problem["num_vars"], n, False)
    units = tuple(index.data.index)
    table = pd.concat([_tidy((SHIFT,), model.factors, res["S1"][None], res["ST"][None], res["S1_conf"][None],
                             res["ST_conf"][None]), _tidy(units, model.factors, s1, st)], ignore_index=True)
    settings = {"n": n, "runs": int(design.shape[0]), "resamples": resamples, "conf_level": 0.95,
                "first_order": "Saltelli et al. (2010)", "total_order": "Jansen (1999)",
                "normalisation": list(model.normalisations), "aggregation": list(model.aggregations),
                "excludable": list(model.excludable), "weight_noise": model.noise,
                "seed": seed if isinstance(seed, int) else "generator"}
    return SobolResult(model.factors, (SHIFT, *units), table, pd.DataFrame(), settings)

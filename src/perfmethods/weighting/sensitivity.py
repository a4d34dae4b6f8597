"""Weight sensitivity: would the scores, the ranking or the grade change under other reasonable weights?

Two ways to draw "other reasonable weights", both vectorised over draws and seeded:

:func:`perturb_weights` — Dirichlet draws around the base weights: w ~ Dirichlet(c · w₀), so E[w] = w₀ and
    Var[w_j] = w₀_j (1 − w₀_j)/(c + 1); the concentration c sets the spread (c = 100 gives a standard
    deviation of about 0.1·√(w₀_j(1 − w₀_j)) ≈ 0.04 for w₀_j = 0.2).
:func:`perturb_judgments` — perturb an AHP matrix's judgments on Saaty's scale: each upper-triangle judgment
    moves by a whole number of steps drawn uniformly from −s … s along 1/9, 1/8, …, 1, …, 8, 9 (clipped at the
    ends), the reciprocals follow, and the weights are recomputed by batched AHP for all draws at once.

Given the objects' indicator scores S (objects × indicators, e.g. normalised values or the score rates of a
project's indicators), each draw gives composite scores s = S w and a ranking. The result holds the
distributions and the **rank-reversal probabilities**: for each pair of objects, the share of draws in which
their order is the reverse of the base order; and for each object the probability that its rank differs
from its base rank. A grade (``bands``, e.g. 优/良/中/差 on the 100-point scale) can be attached to the scores.

The draws are made in chunks of :data:`DRAWS_PER_CHUNK` (:mod:`perfmethods.engines`), in this process or on a
Dask cluster (``engine="dask"``): each chunk draws from its own generator (the caller's for a run of one chunk,
else one spawned child per chunk) and scores, ranks and counts its reversals in :func:`weight_draws`, so a seeded
run gives the same numbers on every engine.

Why hand-written: SALib answers a different question (variance decomposition over independent inputs,
whereas weights live on the simplex); these distributions are a few lines of numpy over (draws × n) arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.engines import run_chunks, seeded_chunks
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language, check_number, check_option, check_rng
from perfmethods.weighting._checks import SAATY_SCALE, check_pairwise
from perfmethods.weighting.analytic_hierarchy import _priorities

__all__ = ["DRAWS_PER_CHUNK", "SensitivityResult", "WeightDraws", "WeightDrawTask", "perturb_judgments",
           "perturb_weights", "weight_draws"]

#: Draws per chunk of :func:`perturb_weights` and :func:`perturb_judgments`: a constant of the analysis, never
#: of the engine, so that a seeded run gives the same numbers in this process and on a Dask cluster. A run of at
#: most this many draws is one chunk and draws from the caller's generator itself.
DRAWS_PER_CHUNK = 4096


@dataclass(frozen=True, repr=False)
class SensitivityResult(Result):
    """Distributions of weights, scores and ranks over perturbed weights.

    Attributes
    ----------
    base_weights : Series by indicator. weights : array (draws, n) of drawn weights.
    objects : object names. base_scores : Series by object (S w₀, times ``scale``).
    scores : array (draws, m). ranks : array (draws, m), 1 = best (ties share the best rank).
    base_ranks : Series by object.
    rank_reversal : DataFrame (m × m): P(order of objects i and j is the reverse of the base order).
    scheme : ``"dirichlet"`` or ``"judgments"``; settings : the scheme's parameters (concentration, steps,
        draws, seed). grades / base_grades : with ``bands``, the grade per draw and object, and at the base.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("scheme",)

    base_weights: pd.Series
    weights: np.ndarray = field(repr=False)
    objects: tuple[str, ...] = ()
    base_scores: pd.Series = field(default_factory=pd.Series, repr=False)
    scores: np.ndarray = field(default_factory=lambda: np.empty((0, 0)), repr=False)
    ranks: np.ndarray = field(default_factory=lambda: np.empty((0, 0)), repr=False)
    base_ranks: pd.Series = field(default_factory=pd.Series, repr=False)
    rank_reversal: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    scheme: str = "dirichlet"
    settings: dict[str, Any] = field(default_factory=dict)
    grades: np.ndarray | None = field(default=None, repr=False)
    base_grades: pd.Series | None = field(default=None, repr=False)

    @property
    def draws(self) -> int:
        return int(self.weights.shape[0])

    def weight_summary(self) -> pd.DataFrame:
        """Per indicator: base weight, mean, 5 % and 95 % quantiles of the drawn weights."""
        q = np.quantile(self.weights, [0.05, 0.5, 0.95], axis=0)
        return pd.DataFrame({"indicator": list(self.base_weights.index), "base": self.base_weights.to_numpy(),
                             "mean": self.weights.mean(axis=0), "q05": q[0], "median": q[1], "q95": q[2]})

    def summary(self) -> pd.DataFrame:
        """Per object: base score and rank, score quantiles, P(rank changes), modal rank, P(best)."""
        q = np.quantile(self.scores, [0.05, 0.5, 0.95], axis=0)
        base = self.base_ranks.to_numpy()
        m = len(self.objects)
        counts = np.stack([(self.ranks == r).sum(axis=0) for r in range(1, m + 1)])  # (m ranks, m objects)
        out = pd.DataFrame({
            "object": list(self.objects), "base_score": self.base_scores.to_numpy(), "q05": q[0], "median": q[1],
            "q95": q[2], "base_rank": base, "p_rank_changes": (self.ranks != base[None, :]).mean(axis=0),
            "modal_rank": counts.argmax(axis=0) + 1, "p_best": (self.ranks == 1).mean(axis=0),
        })
        if self.grades is not None and self.base_grades is not None:
            out["base_grade"] = self.base_grades.to_numpy()
            out["p_grade_changes"] = (self.grades != self.base_grades.to_numpy()[None, :]).mean(axis=0)
        return out

    def grade_distribution(self) -> pd.DataFrame:
        """Share of draws in each grade, per object (needs ``bands``)."""
        if self.grades is None:
            raise InputError("no grades: pass bands=... to perturb_weights / perturb_judgments")
        labels = pd.unique(self.grades.ravel())
        data = {str(g): (self.grades == g).mean(axis=0) for g in labels}
        return pd.DataFrame(data, index=pd.Index(list(self.objects), name="object"))

    def to_dict(self) -> dict[str, Any]:
        summ = self.summary()
        return {"scheme": self.scheme, "settings": dict(self.settings), "draws": self.draws,
                "base_weights": {str(k): float(v) for k, v in self.base_weights.items()},
                "weights": self.weight_summary().to_dict(orient="records"),
                "objects": [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
                            for r in summ.to_dict(orient="records")],
                "rank_reversal": self.rank_reversal.to_numpy().tolist()}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Box plot of each object's score over the draws, base score marked."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.weighting.sensitivity.")
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 0.35 * len(self.objects) + 1.5))
        order = np.argsort(self.base_scores.to_numpy())
        ax.boxplot(self.scores[:, order], orientation="horizontal", whis=(5, 95), showfliers=False,
                   tick_labels=[self.objects[i] for i in order])
        ax.plot(self.base_scores.to_numpy()[order], np.arange(1, len(order) + 1), "D", color="#C44E52",
                label=tr("base"))
        ax.set_xlabel(tr("x"))
        ax.legend(fontsize="small", loc="lower right")
        return ax


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score, ties share the best rank ('min' method), along the last axis."""
    # rank = 1 + number of strictly larger scores; exact for ties, O(m²) per draw but vectorised
    return 1 + (scores[..., None, :] > scores[..., :, None] + 1e-12).sum(axis=-1)


def _scores_matrix(scores: Any, n: int, labels: Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    if isinstance(scores, pd.DataFrame):
        cols = [str(c) for c in scores.columns]
        if set(cols) != set(labels):
            raise InputError(f"The 'scores' table must have one column per indicator {list(labels)}; "
                             f"got columns {cols}")
        S = scores[[c for c in scores.columns if str(c) in labels]]
        S = S[[c for c in S.columns]].set_axis([str(c) for c in S.columns], axis=1)[list(labels)]
        objects = tuple(str(x) for x in scores.index)
        arr = S.to_numpy(dtype=float)
    else:
        arr = np.atleast_2d(np.asarray(scores, dtype=float))
        if arr.shape[1] != n:
            raise InputError(f"The 'scores' array must have {n} columns (one per indicator); got shape {arr.shape}")
        objects = tuple(f"object{i + 1}" for i in range(arr.shape[0]))
    if not np.isfinite(arr).all():
        i, j = np.argwhere(~np.isfinite(arr))[0]
        raise InputError("The 'scores' table has a missing or infinite value", location={"row": int(i) + 1,
                                                                                         "column": labels[j]})
    return arr, objects


#: Draws per block of the rank-reversal count within a chunk (bounds the (draws, m, m) comparisons; the counts
#: do not depend on it).
_DRAW_BLOCK = 4096


@dataclass(frozen=True)
class WeightDrawTask:
    """One chunk of weight draws, as sent to an engine (:func:`perfmethods.engines.run_chunks`).

    Attributes
    ----------
    draws : the chunk's number of draws. rng : the chunk's own generator.
    scores : objects × indicators S. scale : the multiplier of the composite scores.
    base_scores : (objects,) the composite scores at the base weights (times ``scale``).
    alpha : the Dirichlet parameters c · w₀ (:func:`perturb_weights`), or ``None`` for judgments.
    positions : each upper-triangle judgment's index on Saaty's scale (:func:`perturb_judgments`).
    steps, method : the largest move on the scale and the AHP priority method (judgments).
    """

    draws: int
    rng: np.random.Generator = field(repr=False)
    scores: np.ndarray = field(repr=False)
    scale: float = 1.0
    base_scores: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    alpha: np.ndarray | None = field(default=None, repr=False)
    positions: np.ndarray | None = field(default=None, repr=False)
    steps: int = 0
    method: str = "eigenvector"


@dataclass(frozen=True)
class WeightDraws:
    """The draws of one or more chunks: weights (draws, n), scores and ranks (draws, m), and the (m, m) counts of
    draws in which a pair's order is the reverse of the base order."""

    weights: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)
    ranks: np.ndarray = field(repr=False)
    reversals: np.ndarray = field(repr=False)

    @classmethod
    def combine(cls, chunks: Sequence[WeightDraws]) -> WeightDraws:
        """The chunks' draws in chunk order; reversal counts added up."""
        if len(chunks) == 1:
            return chunks[0]
        return cls(weights=np.concatenate([c.weights for c in chunks]),
                   scores=np.concatenate([c.scores for c in chunks]),
                   ranks=np.concatenate([c.ranks for c in chunks]),
                   reversals=reduce(np.add, [c.reversals for c in chunks]))


def _judgment_weights(task: WeightDrawTask) -> np.ndarray:
    """AHP weights of ``task.draws`` matrices whose judgments move by up to ``task.steps`` on Saaty's scale."""
    assert task.positions is not None
    n = task.scores.shape[1]
    iu, ju = np.triu_indices(n, 1)
    moves = task.rng.integers(-task.steps, task.steps + 1, size=(int(task.draws), iu.size))
    idx = np.clip(task.positions[None, :] + moves, 0, SAATY_SCALE.size - 1)
    A = np.ones((int(task.draws), n, n))
    A[:, iu, ju] = SAATY_SCALE[idx]
    A[:, ju, iu] = 1.0 / SAATY_SCALE[idx]
    return _priorities(A, task.method, False)[0]


def weight_draws(task: WeightDrawTask) -> WeightDraws:
    """Draw one chunk of weights and score, rank and count the reversed pairs (the function an engine maps).

    The weights are Dirichlet(c w₀) draws (``task.alpha``) or the AHP weights of perturbed judgments
    (``task.positions``); the scores are s = S w × scale; a pair (i, j) is reversed in a draw when the base puts
    i above j (or j above i) and the draw strictly puts them the other way round.

    Parameters
    ----------
    task : the chunk (:class:`WeightDrawTask`).

    Returns
    -------
    WeightDraws
    """
    if task.alpha is not None:
        W = task.rng.dirichlet(task.alpha, size=int(task.draws))
    else:
        W = _judgment_weights(task)
    sc = W @ task.scores.T * task.scale  # (draws, m)
    m = task.scores.shape[0]
    above = task.base_scores[:, None] > task.base_scores[None, :]
    count = np.zeros((m, m), dtype=np.int64)
    for start in range(0, len(sc), _DRAW_BLOCK):  # blocks of draws, each compared at once
        part = sc[start:start + _DRAW_BLOCK]
        draw_above = part[:, :, None] > part[:, None, :]  # (block, m, m): i above j in the draw
        reversed_ = (above[None] & draw_above.transpose(0, 2, 1)) | (above.T[None] & draw_above)
        count += reversed_.sum(axis=0)
    return WeightDraws(weights=W, scores=sc, ranks=_ranks(sc), reversals=count)


def _simulate(base: pd.Series, draw: dict[str, Any], draws: int, rng: np.random.Generator, scores: Any,
              scale: float, bands: Any, scheme: str, settings: dict[str, Any], progress: bool | None,
              engine: str, address: str | None, func: str) -> SensitivityResult:
    """Draw ``draws`` weights in chunks on the engine (``draw``: the scheme's fields of :class:`WeightDrawTask`)
    and summarise them."""
    labels = [str(x) for x in base.index]
    S, objects = _scores_matrix(scores, len(labels), labels)
    base_scores = S @ base.to_numpy() * scale
    tasks = [WeightDrawTask(draws=size, rng=gen, scores=S, scale=scale, base_scores=base_scores, **draw)
             for size, gen in seeded_chunks(draws, DRAWS_PER_CHUNK, rng)]
    out = WeightDraws.combine(run_chunks(weight_draws, tasks, engine=engine, address=address, progress=progress,
                                         desc="权重扰动 weight draws", func_name=func))
    sc = out.scores
    base_ranks = _ranks(base_scores[None, :])[0]
    rr = pd.DataFrame(out.reversals / len(sc), index=pd.Index(objects, name="object"), columns=list(objects))
    grades = base_grades = None
    if bands is not None:
        from perfmethods.indicators.grades import grade

        def _snap(x: np.ndarray) -> np.ndarray:  # float round-off at the ends of the scale, e.g. 100.00000000001
            return np.clip(x, 0.0, 100.0) if np.all((x > -1e-9) & (x < 100.0 + 1e-9)) else x

        grades = np.asarray(grade(_snap(sc.ravel()), bands=bands), dtype=object).reshape(sc.shape)
        base_grades = pd.Series(np.asarray(grade(_snap(base_scores), bands=bands), dtype=object),
                                index=list(objects))
    return SensitivityResult(
        base_weights=base, weights=out.weights, objects=objects,
        base_scores=pd.Series(base_scores, index=pd.Index(objects, name="object"), name="score"), scores=sc,
        ranks=out.ranks, base_ranks=pd.Series(base_ranks, index=pd.Index(objects, name="object"), name="rank"),
        rank_reversal=rr, scheme=scheme, settings=settings, grades=grades, base_grades=base_grades)


def _base_series(weights: Any) -> pd.Series:
    w = getattr(weights, "weights", weights)
    if isinstance(w, pd.Series):
        s = w.astype(float).copy()
        s.index = s.index.map(str)
    elif isinstance(w, Mapping):
        s = pd.Series({str(k): float(v) for k, v in w.items()})
    else:
        arr = np.asarray(w, dtype=float)
        if arr.ndim != 1:
            raise InputError(f"The base weights must be one vector; got shape {arr.shape}")
        s = pd.Series(arr, index=[f"x{j + 1}" for j in range(arr.size)])
    v = s.to_numpy()
    if not np.isfinite(v).all() or (v <= 0).any():
        raise InputError("The base weights must be positive finite numbers (a zero weight cannot be perturbed by a "
                         "Dirichlet draw; drop the indicator)")
    return s / v.sum()


def perturb_weights(
    weights: Any,
    scores: Any,
    *,
    concentration: float = 100.0,
    draws: int = 2000,
    seed: int | np.random.Generator = 0,
    scale: float = 1.0,
    bands: Any = None,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> SensitivityResult:
    """Monte Carlo sensitivity of scores and rankings to weights drawn from a Dirichlet around the base.

    Parameters
    ----------
    weights : base weights w₀ (Series by indicator, mapping, array, or a result with ``.weights``); positive.
    scores : objects × indicators table of indicator scores in [0, 1] (or any common scale), columns matching the
        weights' labels (a DataFrame) or in the same order (an array).
    concentration : Dirichlet concentration c (> 0); larger is tighter. w ~ Dirichlet(c w₀).
    draws : number of draws (default 2000). seed : int or Generator (default 0; ``0`` is a seed).
    scale : multiply composite scores (e.g. 100 for the 100-point scale).
    bands : grade bands ``[(lower, grade), …]`` best first (e.g. ``GRADE_BANDS.value``) to add grades.
    progress : show a progress bar over the chunks of draws (see :func:`perfmethods.progress.progress_bar`;
        ``None``: on a terminal or in JupyterLab, not in CI); the result is the same either way.
    engine : where the draws are made: ``"local"`` (this process, default) or ``"dask"`` (a Dask distributed
        cluster). The draws are split into chunks of :data:`DRAWS_PER_CHUNK`, each from its own generator (the
        caller's when there is one chunk, else one spawned child per chunk), so a seeded run gives the same
        numbers on every engine.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's ``distributed.Client``. Only with
        ``engine="dask"``.

    Returns
    -------
    SensitivityResult
    """
    base = _base_series(weights)
    func = "perturb_weights"
    concentration = check_number(concentration, name="concentration", func=func, low=0.0, closed="neither")
    draws = check_number(draws, name="draws", func=func, low=1, integer=True)
    scale = check_number(scale, name="scale", func=func)
    rng = check_rng(seed, func=func)
    return _simulate(base, {"alpha": concentration * base.to_numpy()}, int(draws), rng, scores, float(scale), bands,
                     "dirichlet", {"concentration": float(concentration), "draws": int(draws),
                                   "seed": seed if isinstance(seed, int) else "generator"},
                     progress, engine, address, func)


def perturb_judgments(
    matrix: Any,
    scores: Any,
    *,
    steps: int = 1,
    draws: int = 2000,
    method: Literal["eigenvector", "geometric", "arithmetic"] = "eigenvector",
    labels: Sequence[object] | None = None,
    seed: int | np.random.Generator = 0,
    scale: float = 1.0,
    bands: Any = None,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> SensitivityResult:
    """Monte Carlo sensitivity to the AHP judgments: move each judgment by up to ``steps`` on Saaty's scale.

    Parameters
    ----------
    matrix : the base pairwise matrix (n × n; DataFrame labels become indicator labels).
    scores : objects × indicators (see :func:`perturb_weights`).
    steps : the largest move, in scale steps (1/9, 1/8, …, 1/2, 1, 2, …, 9); each upper-triangle judgment moves by
        an integer drawn uniformly from −steps … steps, clipped at 1/9 and 9. A judgment not on the scale
        (e.g. 2.5) is first snapped to the nearest scale value in log terms.
    draws, seed, scale, bands, progress, engine, address : as :func:`perturb_weights`. method : AHP priority
        method.

    Returns
    -------
    SensitivityResult
        ``weights`` are the AHP weights of the perturbed matrices; the base weights are those of ``matrix``.
    """
    func = "perturb_judgments"
    a, lab, batched = check_pairwise(matrix, labels)
    if batched:
        raise InputError("perturb_judgments takes one matrix")
    steps = check_number(steps, name="steps", func=func, low=0, high=16, integer=True)
    draws = check_number(draws, name="draws", func=func, low=1, integer=True)
    check_option(method, ("eigenvector", "geometric", "arithmetic"), name="method", func=func)
    scale = check_number(scale, name="scale", func=func)
    n = a.shape[-1]
    names = list(lab or tuple(f"x{j + 1}" for j in range(n)))
    w0, _ = _priorities(a, method)
    base = pd.Series(w0[0], index=pd.Index(names, name="indicator"), name="weight")
    rng = check_rng(seed, func=func)
    iu, ju = np.triu_indices(n, 1)
    logs = np.log(SAATY_SCALE)
    pos = np.abs(np.log(a[0, iu, ju])[:, None] - logs[None, :]).argmin(axis=1)  # index on the scale
    return _simulate(base, {"positions": pos, "steps": int(steps), "method": method}, int(draws), rng, scores,
                     float(scale), bands, "judgments", {"steps": int(steps), "draws": int(draws), "method": method,
                                                        "seed": seed if isinstance(seed, int) else "generator"},
                     progress, engine, address, func)

"""Field-normalised bibliometric indicators with responsible-metrics guard-rails.

* :func:`mncs` — mean normalised citation score (the CWTS "new crown" indicator, a mean of ratios):
  :math:`MNCS_u = \\sum_i a_{ui} \\frac{c_i}{e_i} / \\sum_i a_{ui}` where :math:`e_i` is the mean
  citations of all publications in the same field × year (× document type) of the reference set (full
  counting), and :math:`a_{ui}` the unit's fractional share of publication i (fractional counting).
* :func:`pp_top10` — proportion of publications in the top 10 % of their field × year:
  :math:`PP_u = \\sum_i a_{ui} t_i / \\sum_i a_{ui}`; ties at the threshold are shared fractionally
  (Waltman & Schreiber 2013): in a field-year of n publications with :math:`n_>` strictly above a
  publication's count and :math:`n_=` equal to it, :math:`t_i = \\min(1, \\max(0, (0.1 n - n_>) / n_=))`,
  so exactly 10 % of every field-year is "top" and the world value is 0.10.
* :func:`mnjs` — mean normalised journal score (a *journal-based* indicator): refused for individual
  researchers (DORA 2012, Leiden Manifesto principle 7).

Stability intervals are percentile bootstrap intervals from resampling each unit's publications (CWTS
Leiden Ranking). Guard-rails: :class:`FieldCoverageWarning` when a field-year reference set is small or a
field is poorly covered by the database, :class:`ResponsibleMetricsWarning` when citation indicators are
computed for individuals, and ``InputError`` for journal-based metrics of individuals.

Why hand-written: no maintained Python package computes these indicators with fractional counting, tie
sharing and stability intervals; each is a grouped mean, vectorised with pandas ``groupby``/``rank`` and
``np.bincount`` (the bootstrap draws are chunked matrix operations, not loops over publications; the chunks run
in this process or on a Dask cluster with the same numbers, :mod:`perfmethods.engines`).

References
----------
Waltman, L., van Eck, N. J., van Leeuwen, T. N., Visser, M. S. and van Raan, A. F. J. (2011). Towards a new
crown indicator. Scientometrics 87: 467–481.
Waltman, L. and Schreiber, M. (2013). On the calculation of percentile-based bibliometric indicators.
JASIST 64(2): 372–379.
Hicks, D., Wouters, P., Waltman, L., de Rijcke, S. and Rafols, I. (2015). The Leiden Manifesto for research
metrics. Nature 520: 429–431. DORA (2012), San Francisco Declaration on Research Assessment.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.engines import check_engine, run_chunks, seeded_chunks
from perfmethods.errors import DataQualityWarning, InputError, PerfMethodsWarning
from perfmethods.i18n import translator
from perfmethods.impact.panel_data import json_tree, require_columns
from perfmethods.results import Result
from perfmethods.validation import (
    check_alpha,
    check_frame,
    check_language,
    check_number,
    check_option,
    check_rng,
)

__all__ = ["BibliometricResult", "FieldCoverageWarning", "ResponsibleMetricsWarning", "mncs", "mnjs", "pp_top10",
           "top_share"]

Level = Literal["individual", "group", "institution", "programme", "country"]
_LEVELS = ("individual", "group", "institution", "programme", "country")


class FieldCoverageWarning(DataQualityWarning):
    """A field-year reference set is too small to normalise against, or the database covers a field poorly
    (Leiden Manifesto principle 6: account for variation by field). Interpret those fields with care or
    exclude them."""


class ResponsibleMetricsWarning(PerfMethodsWarning):
    """Citation indicators are computed for individual researchers: per the Leiden Manifesto (principle 7)
    base individual assessment on a qualitative judgement of the portfolio; use the numbers only as support."""


@dataclass(frozen=True, repr=False)
class BibliometricResult(Result):
    """Result of :func:`mncs`, :func:`pp_top10` or :func:`mnjs`.

    Attributes
    ----------
    indicator : ``"mncs"``, ``"pp_top10"`` or ``"mnjs"``.
    estimate : the indicator for all publications given (fractionally weighted).
    se : bootstrap standard error of ``estimate``.
    ci : percentile bootstrap stability interval of ``estimate``.
    n : number of publications (full count).
    table : one row per unit: ``unit``, ``n_publications`` (full count), ``p_fractional`` (sum of shares),
        ``value``, ``se``, ``ci_low``, ``ci_high``.
    world : the indicator's value for the reference set (1 for MNCS, 0.10 for PP(top 10 %)).
    level : the level of assessment (individual, group, institution, programme, country).
    alpha : 1 − level of the stability intervals.
    diagnostics : small reference sets, poorly covered fields, excluded publications, bootstrap draws.
    """

    indicator: str
    estimate: float
    se: float
    ci: tuple[float, float]
    n: int
    table: pd.DataFrame
    world: float
    level: str
    alpha: float
    diagnostics: dict[str, Any] = field(default_factory=dict)

    _headline_fields: ClassVar[tuple[str, ...]] = ("indicator", "estimate", "se", "world", "n")

    def summary(self) -> pd.DataFrame:
        """The per-unit table followed by the overall row."""
        overall = pd.DataFrame([{"unit": "all", "n_publications": self.n,
                                 "p_fractional": float(self.table["p_fractional"].sum()), "value": self.estimate,
                                 "se": self.se, "ci_low": self.ci[0], "ci_high": self.ci[1]}])
        tab = self.table.astype({"unit": object})
        return pd.concat([tab, overall], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (NaN → None)."""
        return json_tree({"method": self.indicator, "estimate": self.estimate, "se": self.se,
                          "ci": list(self.ci),
                         "n": self.n, "table": self.table.astype({"unit": str}), "world": self.world,
                         "level": self.level, "alpha": self.alpha, "diagnostics": self.diagnostics})

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Per-unit values with stability intervals against the world average."""
        import matplotlib.pyplot as plt

        lab = translator(check_language(language, func="plot"), "plot.impact.bibliometrics.")
        tab = self.table
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 0.8 + 0.4 * len(tab)))
        y = np.arange(len(tab))[::-1]
        v = tab["value"].to_numpy()
        ax.errorbar(v, y, xerr=[v - tab["ci_low"].to_numpy(), tab["ci_high"].to_numpy() - v], fmt="o", capsize=3)
        ax.axvline(self.world, color="0.5", linestyle="--", linewidth=1, label=lab("world"))
        ax.set_yticks(y, tab["unit"].astype(str).tolist())
        ax.set_xlabel(lab(self.indicator))
        ax.set_title(lab("title", ind=lab(self.indicator), p=1 - self.alpha))
        ax.legend(fontsize="small")
        return ax


# ---------------------------------------------------------------------------------------------------
def _prepare(publications: pd.DataFrame, reference: pd.DataFrame | None, *, value: str, field_: str, year: str,
             doc_type: str | None, unit: str | None, share: str | None, func: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    if not isinstance(publications, pd.DataFrame):
        check_frame(publications, name="publications", func=func)  # raises the package's message
    cols = {"citations": value, "field": field_, "year": year, "doc_type": doc_type, "unit": unit, "share": share}
    require_columns(publications, cols, func=func)
    keep_cols = [c for c in dict.fromkeys([value, field_, year, doc_type, unit, share]) if c is not None]
    pubs = publications[keep_cols].copy()
    ref = pubs if reference is None else reference
    if reference is not None:
        require_columns(reference, {"citations": value, "field": field_, "year": year, "doc_type": doc_type},
                        func=func)
        ref = reference[[c for c in dict.fromkeys([value, field_, year, doc_type]) if c is not None]].copy()
    for frame, name in ((pubs, "publications"), (ref, "reference")):
        v = pd.to_numeric(frame[value], errors="coerce")
        if v.isna().any() or (v < 0).any():
            bad = int(np.flatnonzero((v.isna() | (v < 0)).to_numpy())[0])
            raise InputError(f"the {name} column {value!r} must hold non-negative numbers without gaps.",
                             location={"row": bad, "column": value})
        keys = [c for c in (field_, year, doc_type) if c is not None]
        if frame[keys].isna().any().any():
            raise InputError(f"the {name} have publications without a field or year; classify or drop them.",
                             location={"column": field_})
    if share is not None:
        s = pd.to_numeric(pubs[share], errors="coerce")
        if s.isna().any() or (s <= 0).any() or (s > 1).any():
            raise InputError(f"the share column {share!r} must hold fractions in (0, 1] (the unit's fractional "
                             "credit for each publication).", location={"column": share})
    if pubs.empty:
        raise InputError(f"{func} got no publications.")
    return pubs, ref


def _check_level(level: str, func: str) -> None:
    check_option(level, _LEVELS, name="level", func=func)
    if level == "individual":
        warnings.warn(ResponsibleMetricsWarning(
            f"{func} at the level of individual researchers: per the Leiden Manifesto (principle 7) and DORA, base "
            "the assessment on a qualitative judgement of the portfolio; field-normalised citation counts of a few "
            "papers are unstable and may only support that judgement."), stacklevel=3)


def _coverage_checks(ref: pd.DataFrame, keys: list[str], field_: str, min_reference: int,
                     coverage: Mapping[str, float] | None, min_coverage: float, used_fields: set) -> dict[str, Any]:
    sizes = ref.groupby(keys, observed=True).size()
    small = sizes[sizes < min_reference]
    diag: dict[str, Any] = {"reference_sets": len(sizes), "small_reference_sets": len(small)}
    if len(small):
        examples = [" × ".join(map(str, k if isinstance(k, tuple) else (k,))) for k in small.index[:5]]
        warnings.warn(FieldCoverageWarning(
            f"{len(small)} field-year reference set(s) have fewer than {min_reference} publications (e.g. "
            f"{examples}): their expected citation rates are unreliable. Widen the reference set (more years or a "
            "broader field) or report these fields separately."), stacklevel=3)
    if coverage is not None:
        poor = sorted(f for f, c in coverage.items() if f in used_fields and float(c) < min_coverage)
        diag["poorly_covered_fields"] = poor
        if poor:
            warnings.warn(FieldCoverageWarning(
                f"the database covers field(s) {poor} below {min_coverage:.0%} of their output: citation indicators "
                "do not represent these fields (Leiden Manifesto principle 6). Add other evidence (peer review, "
                "local-language outputs) for them."), stacklevel=3)
    return diag


#: Resampled publications per chunk of bootstrap draws (draws × publications): a chunk holds
#: ``max(1, BOOTSTRAP_CELLS // publications)`` draws. The chunk bounds the memory of a draw's index arrays and is
#: the unit of work an engine runs; it depends on the data, never on the engine, so a seeded bootstrap gives the
#: same draws in this process and on a Dask cluster.
BOOTSTRAP_CELLS = 4_000_000


@dataclass(frozen=True)
class _ResampleChunk:
    """One chunk of the stratified bootstrap: publications sorted by unit, their unit's slice, the chunk's draws."""

    xa: np.ndarray  # share × value, sorted by unit
    a: np.ndarray  # share, sorted by unit
    unit: np.ndarray  # unit code, sorted
    start: np.ndarray  # first position of each publication's unit
    count: np.ndarray  # publications of each publication's unit
    n_units: int
    size: int
    rng: np.random.Generator


def _resample_chunk(task: _ResampleChunk) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit and overall weighted means of ``task.size`` draws, each resampling every unit's publications."""
    b, n, n_units = task.size, len(task.a), task.n_units
    idx = task.start[None, :] + np.floor(task.rng.random((b, n)) * task.count[None, :]).astype(np.int64)
    lin = (np.arange(b)[:, None] * n_units + task.unit[None, :]).ravel()
    num = np.bincount(lin, task.xa[idx].ravel(), b * n_units).reshape(b, n_units)
    den = np.bincount(lin, task.a[idx].ravel(), b * n_units).reshape(b, n_units)
    return num / den, num.sum(axis=1) / den.sum(axis=1)


def _bootstrap(x: np.ndarray, a: np.ndarray, ucode: np.ndarray, n_units: int, n_boot: int,
               rng: np.random.Generator, alpha: float, progress: bool | None = None, *, engine: str = "local",
               address: str | None = None, func: str = "mncs"
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stratified (by unit) bootstrap of the weighted means sum(a x)/sum(a): per unit and overall.

    The draws run in chunks (:data:`BOOTSTRAP_CELLS`), each from its own generator
    (:func:`perfmethods.engines.chunk_generators`), on the given engine.

    Returns (se_units, lo_units, hi_units, overall draws)."""
    order = np.argsort(ucode, kind="stable")
    xs, as_, us = x[order], a[order], ucode[order]
    counts = np.bincount(us, minlength=n_units)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    tasks = [_ResampleChunk(xs * as_, as_, us, starts[us], counts[us], n_units, size, chunk_rng)
             for size, chunk_rng in seeded_chunks(n_boot, max(1, BOOTSTRAP_CELLS // max(len(xs), 1)), rng)]
    parts = run_chunks(_resample_chunk, tasks, engine=engine, address=address, progress=progress,
                       desc="自助法 bootstrap", func_name=func)
    unit_draws = np.concatenate([units for units, _ in parts])
    overall = np.concatenate([total for _, total in parts])
    se = unit_draws.std(axis=0, ddof=1)
    lo, hi = np.quantile(unit_draws, [alpha / 2, 1 - alpha / 2], axis=0)
    return se, lo, hi, overall


def _indicator(x: np.ndarray, pubs: pd.DataFrame, *, name: str, world: float, unit: str | None, share: str | None,
               n_boot: int, alpha: float, seed: int | np.random.Generator, level: str, min_publications: float,
               diag: dict[str, Any], func: str, progress: bool | None = None, engine: str = "local",
               address: str | None = None) -> BibliometricResult:
    ok = np.isfinite(x)
    if not ok.all():
        diag["excluded_publications"] = int((~ok).sum())
    pubs = pubs.loc[ok]
    x = x[ok]
    if len(x) == 0:
        raise InputError(f"{func}: no publication can be normalised (every reference set has zero citations).")
    a = pubs[share].to_numpy(dtype=float) if share else np.ones(len(x))
    if unit is None:
        ucode, ulev = np.zeros(len(x), dtype=np.int64), pd.Index(["all"])
    else:
        uc, ulev = pd.factorize(pubs[unit], sort=True)
        ucode, ulev = uc.astype(np.int64), pd.Index(ulev)
    n_units = len(ulev)
    num = np.bincount(ucode, a * x, n_units)
    den = np.bincount(ucode, a, n_units)
    rng = check_rng(seed, func=func)
    se_u, lo_u, hi_u, overall = _bootstrap(x, a, ucode, n_units, n_boot, rng, alpha, progress, engine=engine,
                                           address=address, func=func)
    table = pd.DataFrame({"unit": ulev, "n_publications": np.bincount(ucode, minlength=n_units),
                          "p_fractional": den, "value": num / den, "se": se_u, "ci_low": lo_u, "ci_high": hi_u})
    small = table.loc[table["p_fractional"] < min_publications, "unit"].tolist()
    if small:
        warnings.warn(DataQualityWarning(
            f"{len(small)} unit(s) have fewer than {min_publications:g} (fractional) publications (e.g. "
            f"{[str(s) for s in small[:5]]}): their {name} is unstable; read the stability interval, not the value."),
            stacklevel=3)
    diag.update({"n_boot": int(n_boot), "units_below_min_publications": [str(s) for s in small],
                 "counting": "fractional" if share else "full"})
    est = float((a * x).sum() / a.sum())
    lo, hi = np.quantile(overall, [alpha / 2, 1 - alpha / 2])
    return BibliometricResult(indicator=name, estimate=est, se=float(overall.std(ddof=1)), ci=(float(lo), float(hi)),
                              n=len(x), table=table, world=world, level=level, alpha=alpha, diagnostics=diag)


def _common_checks(n_boot: int, alpha: float, level: str, func: str, engine: str, address: str | None) -> float:
    check_engine(engine, address, func=func)
    alpha = check_alpha(alpha, func=func)
    check_number(n_boot, name="n_boot", func=func, low=50, integer=True)
    _check_level(level, func)
    return alpha


def mncs(
    publications: pd.DataFrame,
    *,
    citations: str = "citations",
    field: str = "field",
    year: str = "year",
    unit: str | None = None,
    share: str | None = None,
    doc_type: str | None = None,
    reference: pd.DataFrame | None = None,
    level: Level = "institution",
    coverage: Mapping[str, float] | None = None,
    min_coverage: float = 0.6,
    min_reference: int = 30,
    min_publications: float = 50.0,
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int | np.random.Generator = 0,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> BibliometricResult:
    """Mean normalised citation score (MNCS) with bootstrap stability intervals.

    See the module docstring for the formula. Publications whose field-year reference set has zero mean
    citations cannot be normalised; they are excluded and counted in ``diagnostics``.

    Parameters
    ----------
    publications : one row per publication (per unit and publication when ``share`` is used).
    citations : citation-count column.
    field : field (subject category) column.
    year : publication-year column.
    unit : column of the unit to report on (institution, programme arm, group); ``None`` for one group.
    share : fractional-counting column (the unit's share of the publication, in (0, 1]); ``None``: full counting.
    doc_type : optional document-type column (normalise within field × year × type).
    reference : the reference ("world") set for the expected citations; default ``publications`` itself.
    level : level of assessment; ``"individual"`` gives a :class:`ResponsibleMetricsWarning`.
    coverage : optional share of each field's output that the database indexes, e.g. from a coverage study.
    min_coverage : fields covered below this share trigger a :class:`FieldCoverageWarning` (default 0.6).
    min_reference : field-year reference sets smaller than this trigger a :class:`FieldCoverageWarning`.
    min_publications : units with fewer (fractional) publications get a warning (default 50; Leiden uses 100+).
    n_boot : bootstrap draws for the stability intervals (default 1000).
    alpha : 1 − level of the stability intervals (default 0.05).
    seed : seed of the bootstrap (int or Generator; ``0`` is a seed).
    progress : show a progress bar over the chunks of bootstrap draws (see
        :func:`perfmethods.progress.progress_bar`; ``None``: on a terminal or in JupyterLab, not in CI); the
        result is the same either way.
    engine : where the chunks of bootstrap draws (:data:`BOOTSTRAP_CELLS`) run: ``"local"`` (this process, the
        default) or ``"dask"`` (a Dask distributed cluster, see :mod:`perfmethods.engines`); a seeded run gives
        the same numbers on either.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's default ``distributed.Client``.
        Only with ``engine="dask"``.

    Returns
    -------
    BibliometricResult
    """
    func = "mncs"
    alpha = _common_checks(n_boot, alpha, level, func, engine, address)
    pubs, ref = _prepare(publications, reference, value=citations, field_=field, year=year, doc_type=doc_type,
                         unit=unit, share=share, func=func)
    keys = [c for c in (field, year, doc_type) if c is not None]
    diag = _coverage_checks(ref, keys, field, min_reference, coverage, min_coverage, set(pubs[field].unique()))
    expected = ref.groupby(keys, observed=True)[citations].mean().rename("_expected")
    e = pubs[keys].merge(expected, left_on=keys, right_index=True, how="left")["_expected"].to_numpy(dtype=float)
    if np.isnan(e).any():
        raise InputError("some publications have a field-year that is not in the reference set; add those field-years "
                         "to the reference set.", location={"column": field})
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(e > 0, pubs[citations].to_numpy(dtype=float) / e, np.nan)
    return _indicator(x, pubs, name="mncs", world=1.0, unit=unit, share=share, n_boot=n_boot, alpha=alpha, seed=seed,
                      level=level, min_publications=min_publications, diag=diag, func=func,
                      progress=progress, engine=engine, address=address)


def top_share(citations: pd.Series, groups: list[pd.Series], top: float = 0.10) -> np.ndarray:
    """Each publication's fractional membership of the top ``top`` share of its group (Waltman & Schreiber 2013).

    :math:`t_i = \\min(1, \\max(0, (top \\cdot n - n_>) / n_=))` with :math:`n_>` publications of the group
    cited strictly more and :math:`n_=` cited equally (including i). Sums to ``top · n`` in every group.

    Parameters
    ----------
    citations : citation counts, one per publication.
    groups : Series of the same length defining the reference sets (e.g. field and year).
    top : the top share (default 0.10).

    Returns
    -------
    ndarray
        Each publication's top fraction in [0, 1].
    """
    frame = pd.DataFrame({"c": citations.to_numpy(dtype=float)})
    keys = []
    for j, g in enumerate(groups):
        frame[f"k{j}"] = g.to_numpy()
        keys.append(f"k{j}")
    grp = frame.groupby(keys, observed=True)["c"]
    n = grp.transform("size").to_numpy(dtype=float)
    above = grp.rank(method="min", ascending=False).to_numpy() - 1.0  # publications cited strictly more
    tied = grp.rank(method="max", ascending=False).to_numpy() - above  # publications cited equally (incl. i)
    return np.clip((top * n - above) / tied, 0.0, 1.0)


def pp_top10(
    publications: pd.DataFrame,
    *,
    citations: str = "citations",
    field: str = "field",
    year: str = "year",
    unit: str | None = None,
    share: str | None = None,
    doc_type: str | None = None,
    reference: pd.DataFrame | None = None,
    top: float = 0.10,
    level: Level = "institution",
    coverage: Mapping[str, float] | None = None,
    min_coverage: float = 0.6,
    min_reference: int = 30,
    min_publications: float = 50.0,
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int | np.random.Generator = 0,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> BibliometricResult:
    """PP(top 10 %): share of publications among the most cited 10 % of their field and year.

    Thresholds come from the reference set. Ties at the threshold are shared fractionally (Waltman &
    Schreiber 2013; see :func:`top_share`). When ``reference`` is given, a publication's top share is its
    fraction computed after adding it to the reference set's distribution (its rank among the reference
    publications), so that a publication tied with reference publications at the threshold gets the same
    fraction they get.

    Parameters
    ----------
    publications : one row per publication (per unit and publication when ``share`` is used).
    citations : citation-count column.
    field : field column.
    year : publication-year column.
    unit : column of the unit to report on; ``None`` for one group.
    share : fractional-counting column; ``None``: full counting.
    doc_type : optional document-type column.
    reference : the reference set defining the thresholds; default ``publications`` itself.
    top : the top share (default 0.10; 0.01 and 0.50 are also common).
    level : level of assessment; ``"individual"`` gives a :class:`ResponsibleMetricsWarning`.
    coverage : optional share of each field's output that the database indexes.
    min_coverage : fields covered below this share trigger a :class:`FieldCoverageWarning`.
    min_reference : field-year reference sets smaller than this trigger a :class:`FieldCoverageWarning`
        (default 30: below 1 / top publications the threshold is not defined).
    min_publications : units with fewer (fractional) publications get a warning.
    n_boot : bootstrap draws for the stability intervals (default 1000).
    alpha : 1 − level of the stability intervals (default 0.05).
    seed : seed of the bootstrap (int or Generator; ``0`` is a seed).
    progress : show a progress bar over the chunks of bootstrap draws (see
        :func:`perfmethods.progress.progress_bar`; ``None``: on a terminal or in JupyterLab, not in CI); the
        result is the same either way.
    engine : where the chunks of bootstrap draws (:data:`BOOTSTRAP_CELLS`) run: ``"local"`` (this process, the
        default) or ``"dask"`` (a Dask distributed cluster, see :mod:`perfmethods.engines`); a seeded run gives
        the same numbers on either.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's default ``distributed.Client``.
        Only with ``engine="dask"``.

    Returns
    -------
    BibliometricResult
    """
    func = "pp_top10"
    alpha = _common_checks(n_boot, alpha, level, func, engine, address)
    top = check_number(top, name="top", func=func, low=0.0, high=1.0, closed="neither")
    pubs, ref = _prepare(publications, reference, value=citations, field_=field, year=year, doc_type=doc_type,
                         unit=unit, share=share, func=func)
    keys = [c for c in (field, year, doc_type) if c is not None]
    diag = _coverage_checks(ref, keys, field, min_reference, coverage, min_coverage, set(pubs[field].unique()))
    if reference is None:
        t = top_share(pubs[citations], [pubs[k] for k in keys], top)
    else:
        # the reference distribution per field-year: counts strictly above and equal to each publication's count
        t = _top_against_reference(pubs, ref, citations, keys, top)
    return _indicator(t, pubs, name="pp_top10", world=float(top), unit=unit, share=share, n_boot=n_boot, alpha=alpha,
                      seed=seed, level=level, min_publications=min_publications, diag=diag, func=func,
                      progress=progress, engine=engine, address=address)


def _top_against_reference(pubs: pd.DataFrame, ref: pd.DataFrame, citations: str, keys: list[str],
                           top: float) -> np.ndarray:
    ref_t = top_share(ref[citations], [ref[k] for k in keys], top)
    r = ref[keys].assign(_c=ref[citations].to_numpy(dtype=float), _t=ref_t)
    # fraction for each (field-year, citation count) seen in the reference; unseen counts: above/below
    by_value = r.groupby([*keys, "_c"], observed=True)["_t"].first().rename("_frac")
    p = pubs[keys].assign(_c=pubs[citations].to_numpy(dtype=float))
    merged = p.merge(by_value, left_on=[*keys, "_c"], right_index=True, how="left")
    frac = merged["_frac"].to_numpy(dtype=float)
    if np.isnan(frac).any():
        # threshold of each reference set: the smallest count with a positive top fraction
        thr = r[r["_t"] > 0].groupby(keys, observed=True)["_c"].min().rename("_thr")
        m2 = p.merge(thr, left_on=keys, right_index=True, how="left")["_thr"].to_numpy(dtype=float)
        if np.isnan(m2[np.isnan(frac)]).any():
            raise InputError("some publications have a field-year that is not in the reference set; add those "
                             "field-years to the reference set.", location={"column": keys[0]})
        gap = np.isnan(frac)
        frac[gap] = (p["_c"].to_numpy()[gap] > m2[gap]).astype(float)
    return frac


def mnjs(
    publications: pd.DataFrame,
    *,
    journal_score: str,
    field: str = "field",
    year: str = "year",
    unit: str | None = None,
    share: str | None = None,
    level: Level = "institution",
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int | np.random.Generator = 0,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> BibliometricResult:
    """Mean normalised journal score — a journal-based indicator, refused for individuals (DORA).

    :math:`MNJS_u = \\sum_i a_{ui} \\frac{j_i}{\\bar j_{f(i),y(i)}} / \\sum_i a_{ui}` where :math:`j_i` is a
    score of the journal publication i appeared in (e.g. its mean citations) and :math:`\\bar j` its mean
    over the field and year. It describes where a unit publishes, not the impact of its papers.

    Parameters
    ----------
    publications : one row per publication.
    journal_score : column with the journal's citation score.
    field : field column.
    year : publication-year column.
    unit : column of the unit to report on; ``None`` for one group.
    share : fractional-counting column; ``None``: full counting.
    level : level of assessment; ``"individual"`` raises InputError (DORA general recommendation; Leiden
        Manifesto principle 7).
    n_boot : bootstrap draws (default 1000).
    alpha : 1 − level of the stability intervals.
    seed : seed of the bootstrap.
    progress : show a progress bar over the chunks of bootstrap draws (see
        :func:`perfmethods.progress.progress_bar`; ``None``: on a terminal or in JupyterLab, not in CI); the
        result is the same either way.
    engine : where the chunks of bootstrap draws (:data:`BOOTSTRAP_CELLS`) run: ``"local"`` (this process, the
        default) or ``"dask"`` (a Dask distributed cluster, see :mod:`perfmethods.engines`); a seeded run gives
        the same numbers on either.
    address : the Dask scheduler, ``"HOST:PORT"``; ``None`` uses the session's default ``distributed.Client``.
        Only with ``engine="dask"``.

    Returns
    -------
    BibliometricResult

    Raises
    ------
    InputError
        ``level="individual"``: journal-based metrics must not be used to assess individual researchers.
    """
    func = "mnjs"
    if level == "individual":
        raise InputError("journal-based metrics (journal impact factor, MNJS) must not be used to assess individual "
                         "researchers (DORA 2012, general recommendation; Leiden Manifesto principle 7). Use a "
                         "qualitative assessment of the researcher's portfolio, supported if at all by article-level "
                         "field-normalised indicators (mncs, pp_top10).", location={"key": "level"})
    alpha = _common_checks(n_boot, alpha, level, func, engine, address)
    pubs, _ = _prepare(publications, None, value=journal_score, field_=field, year=year, doc_type=None, unit=unit,
                       share=share, func=func)
    keys = [field, year]
    mean = pubs.groupby(keys, observed=True)[journal_score].transform("mean").to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(mean > 0, pubs[journal_score].to_numpy(dtype=float) / mean, np.nan)
    return _indicator(x, pubs, name="mnjs", world=1.0, unit=unit, share=share, n_boot=n_boot, alpha=alpha, seed=seed,
                      level=level, min_publications=0.0, diag={}, func=func, progress=progress, engine=engine,
                      address=address)

"""Findings per unit of a comparison (分区县结论): rank with its interval, strong and weak dimensions, efficiency.

A district comparison ends with one paragraph per district that a finance bureau can act on. This module turns
the results of the comparison into those findings with fixed, documented rules, so that the report only lays
them out:

* **rank and interval** — the nominal rank of the composite index and the 5th–95th percentile interval of the
  Monte Carlo ranks (:func:`~perfmethods.composite.uncertainty_analysis`), widened to whole ranks
  (⌊q05⌋ … ⌈q95⌉). The rank is **robust** (稳健) when the interval spans at most ``robust_width`` ranks beyond
  the first (default 2: three neighbouring ranks at most). Saisana, Saltelli & Tarantola (2005, *JRSS A*
  168(2):307–323, §5) read the same intervals this way: a narrow interval means the rank does not depend on
  the modelling choices;
* **strongest / weakest dimension** — the dimension in which the unit ranks best / worst among the units (the
  rank of its dimension score; ties: the first dimension of the framework). Ranks, not scores, because each
  dimension's scores are relative to the other units after normalisation;
* **efficiency** (optional, from a DEA of the same units, passed as plain columns so that this module does not
  depend on :mod:`perfmethods.efficiency`): pure technical efficiency (BCC), the input that could be saved,
  scale efficiency and returns to scale, the reference units, and the Malmquist index with its efficiency
  change (EC) and technical change (TC), annual geometric means.

Suggestions (codes, in this order; the sentences are in ``i18n/district_report.yaml``):

``keep_lead``             nominal rank within the top ``lead`` (default 3) and robust: keep the lead, share the
                          practice;
``weak_dimension``        the weakest dimension ranks in the lower half: give priority to it;
``save_inputs``           BCC efficiency < 1: the first input that could be saved at today's outputs, and peers;
``scale``                 scale efficiency < pure technical efficiency (< 1): the loss of overall efficiency
                          comes mainly from scale (Coelli et al. 2005, §6.5: TE = PTE × SE), too small
                          (increasing returns) or too large (decreasing returns);
``productivity_decline``  Malmquist index < 1: productivity fell, mainly through the component (EC or TC) that
                          fell more;
``rank_uncertain``        the rank is not robust: quote the interval with the rank.

Hand-written: these are the report's reading rules, not a statistical method; each is one vectorised
comparison over the units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from perfmethods.composite.pipeline import CompositeIndex, rank_units
from perfmethods.composite.robustness import UncertaintyResult
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result, json_records
from perfmethods.validation import check_frame, check_language, check_number

__all__ = ["EFFICIENCY_COLUMNS", "SUGGESTIONS", "UnitFindings", "unit_findings"]

#: The suggestion codes, in the order they are given.
SUGGESTIONS: tuple[str, ...] = ("keep_lead", "weak_dimension", "save_inputs", "scale", "productivity_decline",
                                "rank_uncertain")
#: The columns of the optional efficiency table, and what each holds.
EFFICIENCY_COLUMNS: dict[str, str] = {
    "efficiency": "pure technical efficiency (BCC), in (0, 1]",
    "saving": "the first input that could be saved at today's outputs (its own unit, e.g. 万元), >= 0",
    "scale": "scale efficiency TE / PTE, in (0, 1]",
    "returns_to_scale": "constant, increasing or decreasing",
    "peers": "the reference units (a tuple of names)",
    "malmquist": "Malmquist index, annual geometric mean",
    "efficiency_change": "its efficiency change EC",
    "technical_change": "its technical change TC",
}
_TOL = 1e-6


@dataclass(frozen=True, repr=False)
class UnitFindings(Result):
    """The findings per unit of a comparison (see the module docstring).

    Attributes
    ----------
    table : one row per unit, by nominal rank: ``unit``, ``score``, ``rank``, ``rank_low``, ``rank_high``,
        ``robust``, ``strongest``, ``strongest_rank``, ``weakest``, ``weakest_rank``, the efficiency columns
        given (:data:`EFFICIENCY_COLUMNS`), ``driver`` (``efficiency_change`` / ``technical_change`` / ``""``)
        and ``suggestions`` (a tuple of :data:`SUGGESTIONS` codes).
    dimensions : the dimensions, in framework order.
    settings : ``robust_width`` and the number of units.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("n_units", "n_robust")

    table: pd.DataFrame = field(repr=False)
    dimensions: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def n_units(self) -> int:
        """Number of units."""
        return len(self.table)

    @property
    def n_robust(self) -> int:
        """Number of units whose rank is robust."""
        return int(self.table["robust"].sum())

    def summary(self) -> pd.DataFrame:
        """The per-unit table."""
        return self.table.copy()

    def to_dict(self) -> dict[str, Any]:
        """Settings, dimensions and the per-unit table, JSON-safe."""
        return {"settings": dict(self.settings), "dimensions": list(self.dimensions),
                "table": json_records(self.table)}

    def sentences(self, language: str = "zh", *, input_unit: str = "", first_period: Any = None,
                  last_period: Any = None) -> pd.DataFrame:
        """The findings in words: one row per unit with ``unit``, ``finding`` and ``suggestion``.

        Parameters
        ----------
        language : ``"zh"`` or ``"en"``.
        input_unit : the unit of the saved input (e.g. ``"万元"``), shown after the number.
        first_period, last_period : the periods of the Malmquist index, shown in the sentence.
        """
        tr = translator(check_language(language, func="sentences"), "dr.finding.")
        sep = tr("sep")
        rows = []
        for r in self.table.itertuples(index=False):  # one sentence per unit: text, not numbers
            parts = [tr("rank" if r.rank_high > r.rank_low else "rank_fixed", score=r.score, rank=r.rank,
                        low=r.rank_low, high=r.rank_high, robust=tr("robust" if r.robust else "not_robust")),
                     tr("dimensions", strong=r.strongest, strong_rank=r.strongest_rank, weak=r.weakest,
                        weak_rank=r.weakest_rank)]
            if "efficiency" in self.table.columns:
                parts.append(tr("efficient" if r.efficiency >= 1 - _TOL else "inefficient", value=r.efficiency))
            if "malmquist" in self.table.columns:
                key = "growth" if r.malmquist >= 1 else "decline"
                parts.append(tr(key, first=first_period, last=last_period, change=abs(r.malmquist - 1)))
            advice = []
            for code in r.suggestions:
                fields: dict[str, Any] = {"weak": r.weakest, "low": r.rank_low, "high": r.rank_high}
                if code == "save_inputs":
                    peers = getattr(r, "peers", ())
                    fields.update(saving=r.saving, unit=input_unit, peers=sep.join(map(str, peers)))
                    code = "save_inputs" if peers else "save_inputs_alone"
                elif code == "scale":
                    code = "scale_small" if r.returns_to_scale == "increasing" else "scale_large"
                elif code == "productivity_decline":
                    code = f"decline_{r.driver}"
                advice.append(tr(f"advice.{code}", **fields))
            rows.append({"unit": r.unit, "finding": tr("end").join(parts) + tr("stop"),
                         "suggestion": reduce(lambda a, b: tr("then", first=a, second=b), advice)
                         if advice else tr("advice.none")})
        return pd.DataFrame(rows)


def _efficiency_frame(efficiency: Any, units: pd.Index) -> pd.DataFrame | None:
    func = "unit_findings"
    if efficiency is None:
        return None
    frame = check_frame(efficiency, name="efficiency", func=func)
    unknown = sorted(set(frame.columns) - set(EFFICIENCY_COLUMNS))
    if unknown:
        raise InputError(f"The 'efficiency' parameter of {func} has unknown columns {unknown}; its columns are "
                         f"{list(EFFICIENCY_COLUMNS)}")
    frame.index = frame.index.map(str)
    missing = [u for u in units if u not in frame.index]
    if missing:
        raise InputError(f"The 'efficiency' parameter of {func} has no row for the unit(s) {missing}",
                         location={"unit": missing[0]})
    frame = frame.loc[list(units)]
    for column in ("efficiency", "scale"):
        if column in frame.columns:
            bad = ~((frame[column] > 0) & (frame[column] <= 1 + _TOL))
            if bad.any():
                unit = bad[bad].index[0]
                raise InputError(f"the {column} must be in (0, 1]; got {frame.at[unit, column]!r}",
                                 location={"unit": unit})
    for column in ("saving", "malmquist", "efficiency_change", "technical_change"):
        if column in frame.columns:
            bad = ~(frame[column] >= (0 if column == "saving" else _TOL))
            if bad.any():
                unit = bad[bad].index[0]
                raise InputError(f"the {column} must be a number {'>= 0' if column == 'saving' else '> 0'}; "
                                 f"got {frame.at[unit, column]!r}", location={"unit": unit})
    if "returns_to_scale" in frame.columns:
        bad = ~frame["returns_to_scale"].isin(["constant", "increasing", "decreasing"])
        if bad.any():
            unit = bad[bad].index[0]
            raise InputError("the returns_to_scale must be constant, increasing or decreasing; got "
                             f"{frame.at[unit, 'returns_to_scale']!r}", location={"unit": unit})
    if "peers" in frame.columns:
        frame["peers"] = [tuple(p) if isinstance(p, (list, tuple)) else () for p in frame["peers"]]
    needs = {"saving": "efficiency", "scale": "efficiency", "returns_to_scale": "scale",
             "efficiency_change": "malmquist", "technical_change": "malmquist"}
    for column, other in needs.items():
        if column in frame.columns and other not in frame.columns:
            raise InputError(f"The 'efficiency' parameter of {func} has '{column}' without '{other}'")
    return frame


def unit_findings(index: CompositeIndex, uncertainty: UncertaintyResult, efficiency: pd.DataFrame | None = None,
                  *, robust_width: float = 2, lead: int = 3) -> UnitFindings:
    """The findings per unit of a comparison (rules in the module docstring).

    Parameters
    ----------
    index : the nominal, aggregated :class:`CompositeIndex` over a framework with dimensions.
    uncertainty : its :func:`~perfmethods.composite.uncertainty_analysis`.
    efficiency : optional, a table by unit with any of the columns of :data:`EFFICIENCY_COLUMNS` (e.g.
        ``efficiency`` from a BCC DEA, ``saving`` its first input's improvement, ``malmquist`` and its parts from
        the unit means of a Malmquist index).
    robust_width : a rank is robust when ⌈q95⌉ − ⌊q05⌋ ≤ ``robust_width`` (default 2).
    lead : the nominal ranks that count as leading for ``keep_lead`` (default the top 3).

    Returns
    -------
    UnitFindings

    Examples
    --------
    >>> data = pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 3, 1, 2], "c": [2, 1, 4, 3]},
    ...                     index=["甲", "乙", "丙", "丁"])
    >>> idx = CompositeIndex(data, framework={"a": "投入", "b": "投入", "c": "产出"}).normalise().aggregate()
    >>> from perfmethods.composite import uncertainty_analysis
    >>> f = unit_findings(idx, uncertainty_analysis(idx, draws=200, seed=1))
    >>> f.table.loc[0, ["unit", "strongest", "weakest"]].tolist()
    ['丁', '投入', '产出']
    """
    func = "unit_findings"
    if not isinstance(index, CompositeIndex) or index.aggregates is None:
        raise InputError(f"The 'index' parameter of {func} must be an aggregated CompositeIndex")
    if not isinstance(uncertainty, UncertaintyResult):
        raise InputError(f"The 'uncertainty' parameter of {func} must be the result of uncertainty_analysis; "
                         f"got {type(uncertainty).__name__} instead.")
    if tuple(uncertainty.units) != tuple(index.data.index):
        raise InputError(f"the uncertainty analysis of {func} is of other units than the index; run it on this "
                         "index")
    width = float(check_number(robust_width, name="robust_width", func=func, low=0))
    lead = int(check_number(lead, name="lead", func=func, low=1, integer=True))
    unscored = index.scores.index[index.scores.isna()]
    if len(unscored):
        raise InputError(f"{func} needs a score for every unit; the index has none for {list(unscored)} (the "
                         "data-availability threshold): lower the threshold or leave the unit out",
                         location={"unit": unscored[0]})
    tree = index.tree
    if len(tree.levels) < 3:
        raise InputError(f"{func} needs a framework with dimensions (indicators grouped under the index)")
    dims = tuple(tree.levels[-2])
    units = index.data.index
    scores = index.aggregates
    dim_ranks = rank_units(scores[list(dims)].to_numpy().T).T  # units × dimensions, 1 = best
    with np.errstate(invalid="ignore"):
        best = np.nanargmin(np.where(np.isnan(dim_ranks), np.inf, dim_ranks), axis=1)
        worst = np.nanargmax(np.where(np.isnan(dim_ranks), -np.inf, dim_ranks), axis=1)
    rows = np.arange(len(units))
    ut = uncertainty.table.set_index("unit").loc[list(units)]
    table = pd.DataFrame({
        "unit": list(units), "score": index.scores.to_numpy(), "rank": index.ranks.to_numpy(dtype=float),
        "rank_low": np.floor(ut["rank_q05"].to_numpy() + _TOL),
        "rank_high": np.ceil(ut["rank_q95"].to_numpy() - _TOL),
        "strongest": np.asarray(dims, dtype=object)[best], "strongest_rank": dim_ranks[rows, best],
        "weakest": np.asarray(dims, dtype=object)[worst], "weakest_rank": dim_ranks[rows, worst],
    })
    table["robust"] = (table["rank_high"] - table["rank_low"]) <= width
    eff = _efficiency_frame(efficiency, units)
    n = len(units)
    flags = {"keep_lead": (table["rank"] <= lead) & table["robust"], "weak_dimension": table["weakest_rank"] > n / 2,
             "rank_uncertain": ~table["robust"]}
    table["driver"] = ""
    if eff is not None:
        for column in eff.columns:
            table[column] = eff[column].to_numpy()
        if "efficiency" in eff.columns:
            flags["save_inputs"] = table["efficiency"] < 1 - _TOL
            if "saving" in eff.columns:
                flags["save_inputs"] &= table["saving"] > 0
        if "scale" in eff.columns and "returns_to_scale" in eff.columns:
            flags["scale"] = ((table["scale"] < table["efficiency"] - _TOL)
                              & (table["returns_to_scale"] != "constant"))
        if "malmquist" in eff.columns:
            flags["productivity_decline"] = table["malmquist"] < 1 - _TOL
            if {"efficiency_change", "technical_change"} <= set(eff.columns):
                ec_lower = table["efficiency_change"] < table["technical_change"]
                table["driver"] = np.where(flags["productivity_decline"],
                                           np.where(ec_lower, "efficiency_change", "technical_change"), "")
            else:
                table["driver"] = np.where(flags["productivity_decline"], "total", "")
    codes = np.array([flags[c].to_numpy() if c in flags else np.zeros(n, bool) for c in SUGGESTIONS])
    table["suggestions"] = [tuple(c for c, on in zip(SUGGESTIONS, codes[:, i], strict=True) if on)
                            for i in range(n)]
    for column in ("rank", "rank_low", "rank_high", "strongest_rank", "weakest_rank"):
        table[column] = table[column].astype(int)
    table = table.sort_values(["rank", "unit"], kind="stable").reset_index(drop=True)
    return UnitFindings(table=table, dimensions=dims, settings={"robust_width": width, "lead": lead, "n_units": n})
